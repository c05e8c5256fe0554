#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Key press in the knowledge-base search box → results painted, measured
# with the real client (issue #5 §5) against a large knowledge base:
#  1. tests/kb/gen_articles.py writes COUNT synthetic articles as
#     kb_articles.tsv into a data directory whose other files link to data/;
#  2. hotlined --seed demo --data-dir THAT_DIR seeds and indexes them;
#  3. bench/kb_client.py runs build/hotline on a 100x30 pty as demo-agent,
#     opens the pane (F12) and, ROUNDS times for each of ~30 two-character
#     queries, writes the query to the pty and reads the client's output
#     until the top title the API returns for it is painted.
#
#   bench/kb_client.sh                 100,000 articles (seeding 70-150 s)
#   COUNT=5000 bench/kb_client.sh      quick
#
# Needs: build/hotline, build/hotlined (make), python3, curl.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

COUNT=${COUNT:-100000}
ROUNDS=${ROUNDS:-3}
SEED_DEADLINE=${SEED_DEADLINE:-900}
QUERIES='社保 公积 提取 贷款 缴存 转移 养老 医保 报销 就医 驾驶 年检 违章
户籍 身份 居住 入学 积分 企业 开办 欠薪 噪声 物业 供水 供电 燃气 殡葬
残疾 补贴 办理'
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

need python3 curl
[ -x "$HOTLINED" ] || die "no $HOTLINED (run make)"
[ -x "$HOTLINE" ] || die "no $HOTLINE (run make)"
case $COUNT in '' | *[!0-9]*) die "COUNT must be a number" ;; esac
case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS must be a number > 0" ;; esac
bench_init

data=$BENCH_TMP/data
mkdir -p "$data"
for f in "$ROOT"/data/*.tsv; do
	[ "$(basename "$f")" = kb_articles.tsv ] || ln -s "$f" "$data/"
done
t0=$SECONDS
timeout 600 "$PY" "$ROOT/tests/kb/gen_articles.py" --count "$COUNT" \
	--source "$ROOT/data/kb_articles.tsv" --out "$data/kb_articles.tsv" ||
	die "gen_articles.py failed"
note "generated $COUNT articles in $((SECONDS - t0)) s"

pf=$BENCH_TMP/hotlined.port
t0=$SECONDS
"$HOTLINED" --db "$BENCH_TMP/kb.db" --seed demo --data-dir "$data" \
	--listen 127.0.0.1:0 --port-file "$pf" --log-level warn \
	>"$BENCH_TMP/hotlined.log" 2>&1 &
SERVER_PID=$!
BENCH_PIDS+=("$SERVER_PID")
if ! wait_for "$SEED_DEADLINE" test -s "$pf"; then
	tail -n 20 "$BENCH_TMP/hotlined.log" >&2
	die "hotlined did not finish seeding within $SEED_DEADLINE s"
fi
SERVER_URL="http://127.0.0.1:$(tr -d ' \n' <"$pf")"
wait_for 10 curl -fsS -o /dev/null --noproxy '*' "$SERVER_URL/v1/health" ||
	die "hotlined at $SERVER_URL does not answer /v1/health"
note "seeded and indexed in $((SECONDS - t0)) s"

printf 'demo\n' >"$BENCH_TMP/pw"
chmod 600 "$BENCH_TMP/pw"
printf '%s\n' "$QUERIES" >"$BENCH_TMP/queries" # split on any space by kb_client.py
echo "KB client, $COUNT articles; $(nproc) cores"
"$PY" "$ROOT/bench/kb_client.py" "$SERVER_URL" "$HOTLINE" "$BENCH_TMP/pw" \
	"$BENCH_TMP/queries" "$ROUNDS" || die "the client run failed"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
