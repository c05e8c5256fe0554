#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""hotlined's command line and the demo seed: strict TSV errors naming
file:line with nothing loaded, seeding only an empty database, demo
tickets whose events walk the state machine to their state."""
import datetime
import os
import shutil
import subprocess
import tempfile

from harness import DATA, HOTLINED, ROOT, Server, run


def hotlined(*args, timeout=60):
    return subprocess.run([HOTLINED, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def broken_copy(tmp, name):
    """A copy of data/ in tmp/name (to be broken by edit())."""
    d = os.path.join(tmp, name)
    shutil.copytree(DATA, d)
    return d


def edit(d, file, fn):
    """Apply fn(lines) to one file of d."""
    p = os.path.join(d, file)
    with open(p, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines = fn(lines)
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def data_line(lines, code):
    """Index (0-based) of the first data line starting with code+TAB."""
    for i, ln in enumerate(lines):
        if ln.startswith(code + "\t"):
            return i
    raise KeyError(code)


def main(t):
    tmp = tempfile.mkdtemp(prefix="hotline-seed.")
    try:
        cases(t, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cases(t, tmp):
    r = hotlined("--help")
    t.eq("--help exits 0", r.returncode, 0)
    t.ok("--help lists the options", all(o in r.stdout for o in (
        "--listen", "--port-file", "--db", "--seed", "--data-dir",
        "--log-level", "--city-prefix", "--version")), r.stdout)
    r = hotlined("--version")
    t.eq("--version", (r.returncode, r.stdout), (0, "hotlined 0.1.0\n"))
    for args, why in ((["--bogus"], "unknown option"),
                      (["--listen", "nowhere"], "bad --listen"),
                      (["--listen", "127.0.0.1:99999"], "port too big"),
                      (["--log-level", "loud"], "bad --log-level"),
                      (["--city-prefix", "dg"], "lower-case prefix"),
                      (["--city-prefix", "TOOLONG"], "long prefix"),
                      (["extra"], "stray argument")):
        r = hotlined(*args)
        t.eq(f"{why} exits 2", r.returncode, 2)
    db = os.path.join(tmp, "x.db")
    r = hotlined("--db", db, "--seed", "production", "--listen",
                 "127.0.0.1:0")
    t.ok("unknown seed set exits 1 with a message",
         r.returncode == 1 and "production" in r.stderr, r.stderr)

    # Strict TSV: each fault names file:line; nothing is loaded.
    broken = [
        ("units.tsv", lambda ls: ls[:data_line(ls, "HRSS")] +
         ["HRSS\t人社局\tDEPT\t0769-1"] + ls[data_line(ls, "HRSS") + 1:],
         "HRSS", "expected 6 fields, found 4"),
        ("units.tsv", lambda ls: [ln.replace("\tPARK\t", "\tCITY\t", 1)
                                  for ln in ls], "SONGSHANHU",
         "unknown kind 'CITY'"),
        ("categories.tsv", lambda ls: [ln.replace("UNIT:HRSS", "UNIT:NOPE", 1)
                                       for ln in ls], "01",
         "owner 'UNIT:NOPE'"),
        ("agents.tsv", lambda ls: [ln.replace("\tagent\t", "\tboss\t", 1)
                                   for ln in ls], "demo-agent",
         "unknown role 'boss'"),
        ("holidays.tsv", lambda ls: [ln.replace("2026-01-01", "2026-02-30")
                                     for ln in ls], "2026-02-30",
         "date '2026-02-30'"),
        ("forms.tsv", lambda ls: [ln.replace("\tstring\t", "\tblob\t", 1)
                                  for ln in ls], "0101",
         "unknown datatype 'blob'"),
    ]
    for i, (file, fn, key, msg) in enumerate(broken):
        d = broken_copy(tmp, f"bad{i}")
        edit(d, file, fn)
        with open(os.path.join(d, file), encoding="utf-8") as f:
            lines = f.read().split("\n")
        line = next(n + 1 for n, ln in enumerate(lines)
                    if ln.startswith(key + "\t"))
        db = os.path.join(tmp, f"bad{i}.db")
        r = hotlined("--db", db, "--seed", "demo", "--data-dir", d,
                     "--listen", "127.0.0.1:0")
        want = f"{d}/{file}:{line}: "
        t.ok(f"{file}: {msg} -> exit 1", r.returncode == 1, r.returncode)
        t.ok(f"{file}: message names file:line", want in r.stderr
             and msg in r.stderr, r.stderr[-400:])
    d = broken_copy(tmp, "badhdr")
    edit(d, "reasons.tsv", lambda ls: [ln.replace("name_zh\tname_en",
                                                  "name_en\tname_zh")
                                       for ln in ls])
    r = hotlined("--db", os.path.join(tmp, "h.db"), "--seed", "demo",
                 "--data-dir", d, "--listen", "127.0.0.1:0")
    t.ok("wrong header row refused", r.returncode == 1
         and "reasons.tsv" in r.stderr and "header row must be" in r.stderr,
         r.stderr[-300:])
    d = broken_copy(tmp, "badticket")
    edit(d, "demo_tickets.tsv", lambda ls: [
        ln.replace("\tDIRECT\tCLOSED_DIRECT\t", "\tDIRECT\tHANDLING\t", 1)
        for ln in ls])
    r = hotlined("--db", os.path.join(tmp, "t.db"), "--seed", "demo",
                 "--data-dir", d, "--listen", "127.0.0.1:0")
    t.ok("a state that cannot follow the handling mode is refused",
         r.returncode == 1 and "demo_tickets.tsv:" in r.stderr
         and "cannot follow handling_mode DIRECT" in r.stderr,
         r.stderr[-300:])

    # The failed seed left the database empty: a good seed now loads.
    srv = Server(seed=True, db=os.path.join(tmp, "bad0.db"))
    t.ok("after a failed seed the database is empty and seeds",
         "seed: loaded" in srv.log_text(), srv.log_text()[-400:])
    t.eq("stop", srv.stop(), 0)

    # A second server on a busy port fails clearly.
    srv = Server(seed=False, args=["--city-prefix", "SZ"])
    r = hotlined("--db", os.path.join(tmp, "busy.db"), "--listen",
                 f"127.0.0.1:{srv.port}")
    t.ok("busy port: exit 1 with a message",
         r.returncode == 1 and "cannot listen" in r.stderr, r.stderr[-300:])
    t.eq("stop unseeded", srv.stop(), 0)

    # Demo tickets: events consistent with their state.
    srv = Server(seed=True, args=["--city-prefix", "SZ"])
    tok = srv.login("demo-supervisor")
    items = srv.req("GET", "/v1/tickets?limit=200", token=tok).json()["items"]
    rows = [ln for ln in open(os.path.join(DATA, "demo_tickets.tsv"),
                              encoding="utf-8").read().split("\n")
            if ln and not ln.startswith("#")][1:]
    t.eq("every demo ticket loaded", len(items), len(rows))
    t.ok("--city-prefix numbers the tickets",
         all(i["ticket_no"].startswith("SZ") for i in items),
         [i["ticket_no"] for i in items[:3]])
    states = {i["state"] for i in items}
    t.ok("states spread over the lifecycle", len(states) >= 8, states)
    bad = []
    for it in items:
        d = srv.req("GET", f"/v1/tickets/{it['ticket_no']}", token=tok).json()
        ev = d["events"]
        ok = (ev and ev[0]["action"] == "create"
              and ev[0]["to_state"] == "DRAFT"
              and ev[0]["actor"] == d["created_by"]
              and ev[0]["at"] == d["created_at"]
              and ev[-1]["to_state"] == d["state"]
              and ev[-1]["at"] == d["updated_at"]
              and all(a["to_state"] == b["from_state"]
                      for a, b in zip(ev, ev[1:]))
              and [e["at"] for e in ev] == sorted(e["at"] for e in ev)
              and d["version"] == len(ev))
        local = datetime.datetime.strptime(d["created_at"],
                                           "%Y-%m-%dT%H:%M:%SZ") + \
            datetime.timedelta(hours=8)
        ok = ok and d["ticket_no"][2:10] == local.strftime("%Y%m%d")
        if d["handling_mode"] == "TRANSFER":
            ok = ok and d["lead_unit_code"] and d["deadline"]
        if d["state"] == "ARCHIVED" and d["handling_mode"] == "TRANSFER":
            ok = ok and d["satisfaction"] and d["result"]
        if not ok:
            bad.append((d["ticket_no"], d["state"], d["handling_mode"],
                        [(e["action"], e["to_state"]) for e in ev]))
    t.eq("events walk the state machine to the ticket's state", bad, [])
    keys = [(i["created_at"], i["ticket_no"]) for i in items]
    t.eq("newest first", keys, sorted(keys, reverse=True))
    t.eq("stop seeded", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
