/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "../core/i18n.h"
#include "../core/status.h"

enum cli_id {
	CLI_SERVER = 256,
	CLI_USER,
	CLI_PASSWORD_FILE,
	CLI_CONFIG,
	CLI_HELP,
	CLI_VERSION,
	CLI_DUMP_KEYS,
	CLI_DEMO,
	CLI_PRACTICE,
	CLI_NO_DISPLAY,
	CLI_CHECK,
	CLI_SPEED,
};

static const struct cli_opt {
	const char *name;
	const char *arg; /* metavariable, NULL: no argument */
	enum cli_id id;
	enum msg_id help;
} cli_opts[] = {
	{ "server", "URL", CLI_SERVER, MSG_OPT_SERVER },
	{ "user", "NAME", CLI_USER, MSG_OPT_USER },
	{ "password-file", "FILE", CLI_PASSWORD_FILE, MSG_OPT_PASSWORD_FILE },
	{ "config", "FILE", CLI_CONFIG, MSG_OPT_CONFIG },
	{ "dump-keys", NULL, CLI_DUMP_KEYS, MSG_OPT_DUMP_KEYS },
	{ "demo", "FILE", CLI_DEMO, MSG_OPT_DEMO },
	{ "practice", "FILE", CLI_PRACTICE, MSG_OPT_PRACTICE },
	{ "no-display", NULL, CLI_NO_DISPLAY, MSG_OPT_NO_DISPLAY },
	{ "speed", "FACTOR", CLI_SPEED, MSG_OPT_SPEED },
	{ "check", "FILE", CLI_CHECK, MSG_OPT_CHECK },
	{ "help", NULL, CLI_HELP, MSG_OPT_HELP },
	{ "version", NULL, CLI_VERSION, MSG_OPT_VERSION },
};

#define N_OPTS (sizeof cli_opts / sizeof cli_opts[0])

void
cli_usage(FILE *f)
{
	size_t i;

	fprintf(f, "%s\n\n", tr(MSG_USAGE_TITLE));
	for (i = 0; i < N_OPTS; i++) {
		char left[64];

		snprintf(left, sizeof left, "--%s%s%s", cli_opts[i].name,
			 cli_opts[i].arg ? " " : "",
			 cli_opts[i].arg ? cli_opts[i].arg : "");
		fprintf(f, "  %-22s %s\n", left, tr(cli_opts[i].help));
	}
	fprintf(f, "\n%s\n", tr(MSG_USAGE_MORE));
}

int
cli_parse(int argc, char **argv, struct cli_args *out)
{
	struct option lo[N_OPTS + 1];
	size_t i;
	int c;

	memset(out, 0, sizeof *out);
	memset(lo, 0, sizeof lo);
	for (i = 0; i < N_OPTS; i++) {
		lo[i].name = cli_opts[i].name;
		lo[i].has_arg = cli_opts[i].arg ? required_argument
						: no_argument;
		lo[i].val = (int)cli_opts[i].id;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hV", lo, NULL)) != -1) {
		switch (c) {
		case CLI_SERVER: out->server = optarg; break;
		case CLI_USER: out->user = optarg; break;
		case CLI_PASSWORD_FILE: out->password_file = optarg; break;
		case CLI_CONFIG: out->config = optarg; break;
		case CLI_DUMP_KEYS: out->dump_keys = 1; break;
		case CLI_DEMO: out->demo = optarg; break;
		case CLI_PRACTICE: out->practice = optarg; break;
		case CLI_NO_DISPLAY: out->no_display = 1; break;
		case CLI_CHECK: out->check = optarg; break;
		case CLI_SPEED: out->speed = optarg; break;
		case 'h':
		case CLI_HELP: out->help = 1; break;
		case 'V':
		case CLI_VERSION: out->version = 1; break;
		case ':':
			fprintf(stderr, "hotline: %s: %s (%s)\n",
				argv[optind - 1], tr(MSG_MISSING_ARG),
				tr(MSG_USAGE_BAD));
			return -1;
		default:
			fprintf(stderr, "hotline: %s: %s (%s)\n",
				argv[optind - 1], status_msg(ST_UNKNOWN_OPTION),
				tr(MSG_USAGE_BAD));
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hotline: %s: %s (%s)\n", argv[optind],
			status_msg(ST_UNKNOWN_OPTION), tr(MSG_USAGE_BAD));
		return -1;
	}
	/* training: one scenario at a time; --no-display and --speed need
	 * one */
	if ((out->demo && out->practice) ||
	    ((out->no_display || out->speed) && !out->demo && !out->practice)) {
		fprintf(stderr, "hotline: --demo/--practice/--no-display/"
			"--speed: %s (%s)\n", status_msg(ST_INVALID),
			tr(MSG_USAGE_BAD));
		return -1;
	}
	return 0;
}
