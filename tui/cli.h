/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h - the command-line options, from one table that also generates
 * --help.
 */
#ifndef HOTLINE_TUI_CLI_H
#define HOTLINE_TUI_CLI_H

#include <stdio.h>

struct cli_args {
	const char *server;        /* --server URL */
	const char *user;          /* --user NAME */
	const char *password_file; /* --password-file FILE */
	const char *config;        /* --config FILE */
	const char *demo;          /* --demo FILE (training) */
	const char *practice;      /* --practice FILE (training) */
	const char *check;         /* --check FILE (scenario) */
	const char *speed;         /* --speed FACTOR (demo) */
	int no_display;            /* --no-display */
	int help, version, dump_keys;
};

/* Parse argv (strings stay owned by argv).  Returns 0, or -1 after
 * printing a message to stderr (usage error). */
int cli_parse(int argc, char **argv, struct cli_args *out);
/* The --help text in the current language. */
void cli_usage(FILE *f);

#endif
