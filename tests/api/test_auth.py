#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Health, login (ok, bad, throttled), sessions, /v1/me, the access log,
the port file, and a clean exit on SIGTERM and SIGINT."""
import os
import re
import signal

from harness import Server, run


def main(t):
    srv = Server()
    r = srv.req("GET", "/v1/health")
    t.status("health 200", r, 200)
    t.eq("health body", r.json(), {"status": "ok", "version": "0.1.0"})
    t.ok("health is JSON", (r.header("content-type") or "").startswith(
        "application/json"), r.header("content-type"))
    with open(srv.port_file) as f:
        t.eq("port file holds the bound port", f.read(), f"{srv.port}\n")

    # login ok
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-agent", "password": "demo"})
    t.status("login 201", r, 201)
    j = r.json() or {}
    tok = j.get("token", "")
    t.ok("token is 64 hex", re.fullmatch(r"[0-9a-f]{64}", tok), tok)
    a = j.get("agent", {})
    t.eq("agent username", a.get("username"), "demo-agent")
    t.eq("agent role", a.get("role"), "agent")
    t.eq("agent desks", a.get("desks"), ["GENERAL"])
    t.eq("agent display name", a.get("display_name"), "演示坐席")
    t.ok("agent id is an integer", isinstance(a.get("id"), int), a)
    t.eq("agent keys", sorted(a), sorted(
        ["id", "username", "display_name", "role", "desks"]))
    tok2 = srv.login("demo-agent")
    t.ok("two logins, two tokens", tok2 != tok, tok2)

    r = srv.req("GET", "/v1/me", token=tok)
    t.status("me 200", r, 200)
    t.eq("me is the agent", r.json(), a)
    r = srv.req("GET", "/v1/me", token=srv.login("demo-supervisor"))
    t.eq("supervisor desks", (r.json() or {}).get("desks"),
         ["GENERAL", "ENTERPRISE", "CARE", "DIALECT", "ONLINE"])

    # bad credentials
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-agent", "password": "wrong"})
    t.status("wrong password 401", r, 401, "bad_credentials")
    r = srv.req("POST", "/v1/sessions",
                {"username": "nobody", "password": "demo"})
    t.status("unknown user 401", r, 401, "bad_credentials")
    r = srv.req("POST", "/v1/sessions", {"username": "demo-agent"})
    t.status("missing password 400", r, 400, "missing_field")
    t.eq("missing password names the field", r.error_field(), "password")
    r = srv.req("POST", "/v1/sessions", {"username": 7, "password": "demo"})
    t.status("username of the wrong type 400", r, 400, "invalid_field")
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-agent", "password": "demo", "x": 1})
    t.status("unknown login field 400", r, 400, "invalid_field")

    # tokens
    r = srv.req("GET", "/v1/me")
    t.status("no token 401", r, 401, "unauthorized")
    t.ok("401 says Bearer", r.header("www-authenticate") == "Bearer",
         r.header("www-authenticate"))
    r = srv.req("GET", "/v1/me", token="0" * 64)
    t.status("unknown token 401", r, 401, "unauthorized")
    r = srv.req("GET", "/v1/me", token="xyz")
    t.status("malformed token 401", r, 401, "unauthorized")
    r = srv.req("GET", "/v1/me", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    t.status("basic auth 401", r, 401, "unauthorized")

    # logout
    r = srv.req("DELETE", "/v1/sessions/current", token=tok2)
    t.status("logout 204", r, 204)
    t.eq("logout has no body", r.body, b"")
    r = srv.req("GET", "/v1/me", token=tok2)
    t.status("logged-out token 401", r, 401, "unauthorized")
    r = srv.req("GET", "/v1/me", token=tok)
    t.status("other session still valid", r, 200)
    r = srv.req("DELETE", "/v1/sessions/current")
    t.status("logout without token 401", r, 401, "unauthorized")

    # throttling: 5 failures for a username within 5 minutes
    for i in range(4):
        srv.req("POST", "/v1/sessions",
                {"username": "demo-visitor", "password": f"bad{i}"})
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-visitor", "password": "bad4"})
    t.status("5th failure still 401", r, 401, "bad_credentials")
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-visitor", "password": "demo"})
    t.status("after 5 failures: 429 even with the right password", r, 429,
             "throttled")
    ra = r.header("retry-after") or ""
    t.ok("Retry-After in seconds (1..300)",
         ra.isdigit() and 1 <= int(ra) <= 300, ra)
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-reviewer", "password": "demo"})
    t.status("another username is not throttled", r, 201)
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-agent", "password": "demo"})
    t.status("a username with one old failure logs in", r, 201)

    # per-address limit: 20 failures from one address within 5 minutes.
    # So far: demo-agent 1, nobody 1, demo-visitor 5 (the throttled try
    # is not counted) = 7 failures from 127.0.0.1.
    n401 = 0
    for i in range(13):
        r = srv.req("POST", "/v1/sessions",
                    {"username": f"user{i}", "password": "x"})
        n401 += r.status == 401
    t.eq("failures under the address limit are 401", n401, 13)
    r = srv.req("POST", "/v1/sessions",
                {"username": "demo-dispatcher", "password": "demo"})
    t.status("20 failures from one address: 429", r, 429, "throttled")

    # the access log: one line per request, no secrets
    log = srv.log_text()
    t.ok("access log line", re.search(
        r"info GET /v1/health 200 [0-9.]+ms", log), log[-500:])
    t.ok("log shows POST /v1/sessions 201",
         re.search(r"POST /v1/sessions 201 [0-9.]+ms", log), log[-500:])
    t.ok("no token in the log", tok not in log, "token leaked")
    t.ok("no password in the log", "bad3" not in log, "password leaked")

    rc = srv.stop(signal.SIGTERM)
    t.eq("SIGTERM exits 0", rc, 0)
    t.ok("stop is logged", "stopping" in srv.log_text(), srv.log_text()[-300:])

    srv2 = Server(seed=False)
    t.status("unseeded server answers health", srv2.req("GET", "/v1/health"),
             200)
    t.eq("SIGINT exits 0", srv2.stop(signal.SIGINT), 0)
    # Restart on the same database: data survives, migrations are not redone.
    srv3 = Server(seed=True)
    db = srv3.db
    tok3 = srv3.login("demo-agent")
    t.eq("stop 3", srv3.stop(), 0)
    srv4 = Server(seed=True, db=db)
    t.ok("second --seed demo on a seeded database is a no-op",
         "does nothing" in srv4.log_text(), srv4.log_text()[-400:])
    r = srv4.req("GET", "/v1/me", token=tok3)
    t.status("sessions survive a restart", r, 200)
    t.ok("no migration on restart",
         "applied migration" not in srv4.log_text(), srv4.log_text()[-400:])
    t.eq("stop 4", srv4.stop(), 0)
    os.path.exists(db) and t.ok("database file kept", True)


if __name__ == "__main__":
    run(main)
