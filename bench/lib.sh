# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the benchmark scripts (sourced, not run): a private
# work directory, a hotlined on a temporary database and a free loopback
# port, polling with deadlines, and cleanup of everything we started.
#
# The caller sets ROOT (the repository) before sourcing and calls
# bench_init, which installs the EXIT trap.

BUILD=${BUILD:-build}
HOTLINED=${HOTLINED:-$ROOT/$BUILD/hotlined}
HOTLINE=${HOTLINE:-$ROOT/$BUILD/hotline}
BENCH_PIDS=()
BENCH_TMP=

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

bench_cleanup() {
	local pid
	for pid in "${BENCH_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${BENCH_PIDS[@]}"; do
		# give each process 3 s to exit, then insist
		for _ in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	BENCH_PIDS=()
	[ -n "$BENCH_TMP" ] && rm -rf "$BENCH_TMP"
}

bench_init() {
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hotline-bench.XXXXXX") ||
		die "cannot make a temporary directory"
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	# Hermetic client and server environment.
	export HOME=$BENCH_TMP/home XDG_CONFIG_HOME=$BENCH_TMP/config
	export XDG_STATE_HOME=$BENCH_TMP/state TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
	export TMPDIR=$BENCH_TMP # tmux sockets and temp files of children too
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY HOTLINE_SERVER INPUTRC
}

need() { # commands...
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "needs $c (apt-get install $c)"
	done
}

# wait_for SECONDS COMMAND... : poll every 50 ms until COMMAND succeeds.
wait_for() {
	local limit=$1 end
	shift
	end=$((SECONDS + limit))
	while ! "$@" 2>/dev/null; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# free_port: prints a currently free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# json_get KEY : prints the top-level string KEY of the JSON on stdin.
json_get() {
	python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# The option that names the database file (the server helper's choice);
# HOTLINED_DB_OPT overrides it.
hotlined_db_opt() {
	local help
	if [ -n "${HOTLINED_DB_OPT:-}" ]; then
		echo "$HOTLINED_DB_OPT"
		return
	fi
	help=$("$HOTLINED" --help 2>&1)
	case $help in
	*--db=*|*"--db "*) echo --db ;;
	*--database*) echo --database ;;
	*) echo --db ;;
	esac
}

# start_server: sets SERVER_URL and SERVER_PID.  The server seeds the demo
# data from data/ into a fresh database under BENCH_TMP.
start_server() {
	local pf=$BENCH_TMP/hotlined.port dbopt
	[ -x "$HOTLINED" ] || die "no $HOTLINED (run make)"
	dbopt=$(hotlined_db_opt)
	rm -f "$pf"
	"$HOTLINED" "$dbopt" "$BENCH_TMP/hotline.db" --seed demo \
		--data-dir "$ROOT/data" --listen 127.0.0.1:0 --port-file "$pf" \
		>"$BENCH_TMP/hotlined.log" 2>&1 &
	SERVER_PID=$!
	BENCH_PIDS+=("$SERVER_PID")
	if ! wait_for 20 test -s "$pf"; then
		tail -n 20 "$BENCH_TMP/hotlined.log" >&2
		die "hotlined wrote no port file within 20 s"
	fi
	SERVER_URL="http://127.0.0.1:$(tr -d ' \n' <"$pf")"
	wait_for 10 curl -fsS -o /dev/null --noproxy '*' "$SERVER_URL/v1/health" ||
		die "hotlined at $SERVER_URL does not answer /v1/health"
}

# login USER PASSWORD : prints a bearer token.
login() {
	curl -fsS --noproxy '*' -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" \
		"$SERVER_URL/v1/sessions" | json_get token
}
