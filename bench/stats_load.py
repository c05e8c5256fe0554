#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Supervisor-board load client for bench/stats.sh.

  stats_load.py mkboards DB N      add N supervisor accounts board-0001..
                                   (and a session each) to a STOPPED
                                   server's database; prints "user token"
  stats_load.py fanout URL TOKENS SUP AGENT
                                   N board streams; a supervisor changes
                                   AGENT's state REPS times: latency until
                                   agent.state is read on every stream, and
                                   until the following stats.live is
  stats_load.py plans DB           EXPLAIN QUERY PLAN of the statistics
                                   queries (what they search)

Streams come from bench/sse_load.py (one thread, selectors).
"""
import hashlib
import os
import secrets
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sse_load  # noqa: E402


def mkboards(db, n):
    con = sqlite3.connect(db)
    row = con.execute("SELECT pw_hash FROM agents WHERE username = "
                      "'demo-supervisor'").fetchone()
    if not row:
        sse_load.die("no demo-supervisor in %s" % db)
    now = int(time.time())
    out = []
    with con:
        for i in range(1, n + 1):
            name = "board-%04d" % i
            cur = con.execute(
                "INSERT INTO agents (username, display_name, pw_hash, role, "
                "desks, created_at) VALUES (?, ?, ?, 'supervisor', "
                "'GENERAL', ?)", (name, "看板%04d" % i, row[0], now))
            tok = secrets.token_hex(32)
            con.execute(
                "INSERT INTO sessions (token_hash, agent_id, ip, created_at, "
                "expires_at) VALUES (?, ?, '127.0.0.1', ?, ?)",
                (hashlib.sha256(tok.encode()).hexdigest(), cur.lastrowid,
                 now, now + 12 * 3600))
            out.append((name, tok))
    con.close()
    for name, tok in out:
        print(name, tok)


def fanout(url, tokens_file, sup, agent):
    reps = int(os.environ.get("REPS", "30"))
    tokens = sse_load.read_tokens(tokens_file)
    t0 = time.monotonic()
    pool = sse_load.Pool(url, tokens)
    pool.wait(lambda: pool.all_have("hello"), 60, "hello on every stream")
    n = len(pool.streams)
    print("board streams open: %d (connect + hello: %s)"
          % (n, sse_load.ms(time.monotonic() - t0)))
    # Let the publisher take its base after the connects (no event).
    end = time.monotonic() + 2.5
    while time.monotonic() < end:
        pool.pump(end - time.monotonic())
    lat_state, lat_live = [], []
    for k in range(reps):
        body = ({"state": "NOT_READY", "reason": "BREAK"} if k % 2 == 0
                else {"state": "READY"})
        pool.clear()
        ts = time.monotonic()
        st, j = sse_load.api(url, "PUT", "/v1/agents/%s/state" % agent, sup,
                             body)
        if st != 200:
            sse_load.die("PUT state: %s %s" % (st, j))
        pool.wait(lambda: pool.all_have("agent.state"), 30,
                  "agent.state everywhere")
        pool.wait(lambda: pool.all_have("stats.live"), 30,
                  "stats.live everywhere")
        lat_state.append(max(next(e[0] for e in s.events
                                  if e[1] == "agent.state")
                             for s in pool.streams) - ts)
        lat_live.append(max(next(e[0] for e in s.events
                                 if e[1] == "stats.live")
                            for s in pool.streams) - ts)
    p, m = sse_load.pct, sse_load.ms
    print("one agent state change (PUT /v1/agents/%s/state by a supervisor),"
          " %d repetitions, read on all %d board streams:" % (agent, reps, n))
    print("  agent.state  last stream p50 %s  p99 %s  max %s"
          % (m(p(lat_state, 50)), m(p(lat_state, 99)), m(max(lat_state))))
    print("  stats.live   last stream p50 %s  p99 %s  max %s "
          "(coalesced: the publisher looks once a second)"
          % (m(p(lat_live, 50)), m(p(lat_live, 99)), m(max(lat_live))))
    pool.close()


PLANS = [
    ("today's tickets (KPI)", "SELECT appeal_type, channel, "
     "COALESCE(handling_mode, ''), count(*) FROM tickets WHERE created_at >= "
     "?1 AND created_at < ?2 GROUP BY 1, 2, 3"),
    ("overdue", "SELECT count(*) FROM tickets WHERE state IN ('PENDING_SIGN',"
     " 'HANDLING', 'RETURN_REQUESTED') AND deadline < ?1"),
    ("extensions pending", "SELECT count(*) FROM tickets WHERE "
     "requested_deadline IS NOT NULL AND state = 'HANDLING'"),
    ("supervised", "SELECT count(*) FROM tickets WHERE supervised = 1 AND "
     "state IN ('DRAFT', 'PENDING_DISPATCH', 'PENDING_SIGN', 'HANDLING', "
     "'RETURN_REQUESTED', 'REPLIED', 'PENDING_VISIT')"),
    ("overdue units", "SELECT lead_unit_code, sum(deadline < ?1), count(*) "
     "FROM tickets WHERE state IN ('PENDING_SIGN', 'HANDLING', "
     "'RETURN_REQUESTED') GROUP BY lead_unit_code"),
    ("hotspot counts", "WITH RECURSIVE dd(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM dd "
     "WHERE d < ?3) SELECT town_code, dd.d, count(*) FROM dd JOIN tickets ON "
     "created_at > ?1 - dd.d * 86400 - ?2 AND created_at <= ?1 - dd.d * 86400 "
     "WHERE town_code != '' GROUP BY town_code, dd.d"),
    ("today's calls", "SELECT count(*) FROM calls WHERE offered_at >= ?1 AND "
     "offered_at < ?2 AND training = 0"),
    ("review list flag=overdue", "SELECT t.rowid FROM tickets t WHERE 1 "
     "AND t.state IN ('PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED') AND "
     "t.deadline < ?1 ORDER BY +t.created_at DESC, t.ticket_no DESC "
     "LIMIT 51"),
]


def plans(db):
    con = sqlite3.connect(db)
    now = int(time.time())
    for name, sql in PLANS:
        k = max([i for i in (1, 2, 3) if "?%d" % i in sql] or [0])
        args = [now, now + 3600, 14][:k]
        rows = [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, args)]
        print("  %-26s %s" % (name, " | ".join(rows)))
    con.close()


def main(argv):
    if len(argv) == 3 and argv[0] == "mkboards":
        mkboards(argv[1], int(argv[2]))
    elif len(argv) == 5 and argv[0] == "fanout":
        fanout(argv[1], argv[2], argv[3], argv[4])
    elif len(argv) == 2 and argv[0] == "plans":
        plans(argv[1])
    else:
        sse_load.die("usage: see the top of stats_load.py")


if __name__ == "__main__":
    main(sys.argv[1:])
