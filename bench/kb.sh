#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Knowledge-base search at scale: hotlined's GET /v1/kb/search latency over
# HTTP (loopback) on 100,000 synthetic articles, next to the floor: the same
# FTS5 queries run directly through the sqlite3 library (bench/kb_floor.c).
#
#   bench/kb.sh                      100,000 articles, 30 runs per query
#   COUNT=20000 RUNS=10 bench/kb.sh  smaller and quicker
#
# Steps (everything under a temporary directory, removed at the end):
#  1. tests/kb/gen_articles.py writes COUNT articles as kb_articles.tsv into
#     a data directory whose other files are links to data/;
#  2. bench/kb_floor.c is compiled against build/lib/libserver.a (for the
#     kb_bigram tokenizer; the sqlite3 shell cannot load it);
#  3. hotlined --seed demo --data-dir THAT_DIR loads them through the normal
#     seed path (the seed reader accepts a kb_articles.tsv of up to 512 MB);
#  4. a small Python driver logs in as demo-agent and sends each query RUNS
#     times (after 3 warm-ups) on one keep-alive connection, one request at
#     a time, timing each request from send to last byte;
#  5. hotlined is stopped and kb_floor times the same queries on the same
#     database file;
#  6. one table: p50/p95 over HTTP, of the server's SQL sequence (sql) and of
#     the bare ranked FTS5 query (fts), and the ratios.
#
# Needs: build/hotlined and build/lib/libserver.a (make), cc, pkg-config,
# python3, curl.  Takes about 2-4 minutes at 100,000 articles on 2 cores
# (most of it generating and indexing).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

COUNT=${COUNT:-100000}
RUNS=${RUNS:-30}
SEED_DEADLINE=${SEED_DEADLINE:-900}
LIBSERVER=${LIBSERVER:-$ROOT/$BUILD/lib/libserver.a}
LIBCORE=${LIBCORE:-$ROOT/$BUILD/lib/libcore.a}

# class <TAB> query; the rare phrases are planted by gen_articles.py in 3,
# 10, 30 and 100 articles.
QUERIES='rare	海上撒散骨灰补贴
rare	无人机航拍备案
rare	古树名木认养
rare	渔船柴油补贴
2-char	社保
2-char	办理
2-char	噪音
2-char	户籍
3-char	公积金
3-char	驾驶证
3-char	居住证
3-char	养老金
1-char	证
long	异地就医备案
mixed	C1驾驶证
pinyin	gjjtq'

need python3 curl cc pkg-config
[ -x "$HOTLINED" ] || die "no $HOTLINED (run make)"
[ -f "$LIBSERVER" ] && [ -f "$LIBCORE" ] || die "no $LIBSERVER (run make)"
case $COUNT in '' | *[!0-9]*) die "COUNT must be a number" ;; esac
case $RUNS in '' | *[!0-9]*) die "RUNS must be a number" ;; esac
bench_init

# 1. the articles
data=$BENCH_TMP/data
mkdir -p "$data"
for f in "$ROOT"/data/*.tsv; do
	[ "$(basename "$f")" = kb_articles.tsv ] || ln -s "$f" "$data/"
done
t0=$SECONDS
timeout 600 python3 "$ROOT/tests/kb/gen_articles.py" --count "$COUNT" \
	--source "$ROOT/data/kb_articles.tsv" --out "$data/kb_articles.tsv" ||
	die "gen_articles.py failed"
note "generated $COUNT articles ($(du -h "$data/kb_articles.tsv" | cut -f1)) in $((SECONDS - t0)) s"

# 2. the floor program
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$ROOT" \
	-o "$BENCH_TMP/kb_floor" "$ROOT/bench/kb_floor.c" "$LIBSERVER" \
	"$LIBCORE" $(pkg-config --cflags --libs sqlite3 libcjson \
	libmicrohttpd libsodium) -lpthread -lm ||
	die "cannot build bench/kb_floor.c"

# 3. hotlined on the big data set
pf=$BENCH_TMP/hotlined.port
db=$BENCH_TMP/kb.db
t0=$SECONDS
"$HOTLINED" --db "$db" --seed demo --data-dir "$data" \
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
note "seeded and indexed in $((SECONDS - t0)) s; database $(du -h "$db" | cut -f1)"
TOKEN=$(login demo-agent demo) || die "cannot log in as demo-agent"

# 4. HTTP
printf '%s\n' "$QUERIES" | cut -f2 >"$BENCH_TMP/queries"
timeout 900 python3 - "$SERVER_URL" "$TOKEN" "$RUNS" "$BENCH_TMP/queries" \
	>"$BENCH_TMP/http.tsv" <<'PY' || die "the HTTP driver failed"
import http.client, sys, time, urllib.parse
base, token, runs, qfile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
host, port = base.split("//")[1].split(":")
c = http.client.HTTPConnection(host, int(port), timeout=30)
hdr = {"Authorization": "Bearer " + token}
for q in open(qfile, encoding="utf-8").read().split("\n"):
    if not q:
        continue
    path = "/v1/kb/search?limit=10&q=" + urllib.parse.quote(q)
    times, n = [], 0
    for i in range(3 + runs):
        t0 = time.perf_counter()
        c.request("GET", path, headers=hdr)
        r = c.getresponse()
        body = r.read()
        dt = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            sys.exit(f"{q}: HTTP {r.status} {body[:200]!r}")
        if i >= 3:
            times.append(dt)
        n = body.count(b'"id":')
    times.sort()
    p = lambda f: times[min(len(times) - 1, int(f * (len(times) - 1) + 0.5))]
    print(f"{q}\t{p(0.5):.3f}\t{p(0.95):.3f}\t{n}")
PY
RSS=$(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$SERVER_PID/status" 2>/dev/null)
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null

# 5. the floor, on the same file
# shellcheck disable=SC2046
mapfile -t qs <"$BENCH_TMP/queries"
timeout 900 "$BENCH_TMP/kb_floor" "$db" "$RUNS" "${qs[@]}" \
	>"$BENCH_TMP/floor.tsv" || die "kb_floor failed"

# 6. the table
echo "Knowledge-base search, $COUNT articles, $RUNS runs per query (ms); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hotlined peak RSS: ${RSS:-?}"
printf '%s\n' "$QUERIES" | python3 -c '
import sys
http = {l.split("\t")[0]: l.split("\t")[1:] for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l}
floor = {l.split("\t")[0]: l.split("\t")[1:] for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l}
print("%-7s %-18s %7s %5s | %8s %8s | %8s %8s | %8s %8s | %9s %9s" % (
    "class", "query", "matches", "items", "http p50", "p95", "sql p50", "p95",
    "fts p50", "p95", "http/sql", "http/fts"))
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    cls, q = line.split("\t")
    h = http[q]; f = floor[q]
    hp50, hp95, items = float(h[0]), float(h[1]), h[2]
    m, fp50, fp95, sp50, sp95 = f[0], float(f[1]), float(f[2]), float(f[3]), float(f[4])
    pad = 18 - sum(2 if ord(ch) > 0x2e80 else 1 for ch in q)
    print("%-7s %s%s %7s %5s | %8.2f %8.2f | %8.2f %8.2f | %8.2f %8.2f | %9.1f %9.1f" % (
        cls, q, " " * max(pad, 1), m, items, hp50, hp95, sp50, sp95, fp50, fp95,
        hp50 / sp50 if sp50 else 0, hp50 / fp50 if fp50 else 0))
' "$BENCH_TMP/http.tsv" "$BENCH_TMP/floor.tsv"
echo "http: one request at a time over loopback (HTTP, JSON, excerpts, merging included)."
echo "sql: hotlined's statements for one page through the sqlite3 library; fts: the bare bm25 top 11."
echo "pinyin queries scan the in-memory titles in hotlined: no SQL floor applies (its sql/fts rows find nothing)."
