#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""督办 with a due time (issue #6 §2; docs/api.md "supervise"): due_at is
stored and read back as supervised_due_at, the event records the note and
the due time, a missing due_at defaults to one working day, supervising
again replaces it, flag=supervised lists by due time (none last) and pages
in that order, malformed or past due_at is a 400 naming due_at, the role
matrix is unchanged, and GET /v1/stats/live counts supervised_overdue.

The API refuses a due time in the past, so the overdue count is checked by
writing tickets.supervised_due_at straight into the server's temporary
SQLite database (as test_overdue.py does with the deadline)."""
import datetime
import sqlite3
import time

from harness import Server, new_ticket, poll, run

SUP = "demo-supervisor"
ROLES = ["demo-agent", "demo-supervisor", "demo-trainer", "demo-admin",
         "demo-cti", "demo-dispatcher", "demo-reviewer", "demo-visitor",
         "demo-unit", "demo-kb"]
ALLOWED = {"demo-supervisor", "demo-admin"}
CST = datetime.timezone(datetime.timedelta(hours=8))


def iso_in(seconds):
    """A local (+08:00) ISO time `seconds` from now, whole seconds."""
    when = datetime.datetime.now(CST) + datetime.timedelta(seconds=seconds)
    return when.replace(microsecond=0).isoformat()


def epoch(s):
    if s is None:
        return None
    return int(datetime.datetime.fromisoformat(
        s.replace("Z", "+00:00")).timestamp())


def main(t):
    srv = Server()
    tok = {u: srv.login(u) for u in ROLES}
    sup = tok[SUP]

    def create():
        r = srv.req("POST", "/v1/tickets", new_ticket(), token=tok["demo-agent"])
        if r.status != 201:
            raise RuntimeError(f"create: {r.status} {r.text()}")
        no = r.json()["ticket_no"]
        # 督办 applies after intake: move it on to PENDING_DISPATCH
        r = srv.req("POST", f"/v1/tickets/{no}/actions/transfer",
                    {"comment": "按派单目录转办"}, token=tok["demo-agent"])
        if r.status != 200:
            raise RuntimeError(f"transfer: {r.status} {r.text()}")
        return no

    def supervise(no, body, who=SUP):
        return srv.req("POST", f"/v1/tickets/{no}/actions/supervise", body,
                       token=tok[who])

    def get(no):
        return srv.req("GET", f"/v1/tickets/{no}", token=sup).json()

    def live():
        return srv.req("GET", "/v1/stats/live", token=sup).json()["tickets"]

    # --- set with a due time, read back, the event ---------------------
    a = create()
    due_a = iso_in(3 * 86400)
    r = supervise(a, {"comment": "督办：请三日内答复", "due_at": due_a})
    t.status("supervise with due_at 200", r, 200)
    j = r.json()
    t.eq("reply: supervised", j.get("supervised"), True)
    t.eq("reply: supervised_due_at is the due time asked",
         epoch(j.get("supervised_due_at")), epoch(due_a))
    j = get(a)
    t.eq("read back: supervised_due_at", epoch(j.get("supervised_due_at")),
         epoch(due_a))
    t.ok("read back: supervised_due_at in UTC (Z)",
         str(j.get("supervised_due_at")).endswith("Z"), j.get("supervised_due_at"))
    ev = [e for e in j.get("events", []) if e["action"] == "supervise"]
    t.eq("one supervise event", len(ev), 1)
    c = ev[-1]["comment"] if ev else ""
    t.ok("event comment has the note", "督办：请三日内答复" in c, c)
    t.ok("event comment has the due time",
         j.get("supervised_due_at", "?") in c, c)

    fresh = create()
    t.eq("a ticket never supervised: supervised_due_at null",
         get(fresh).get("supervised_due_at", "absent"), None)

    # --- default: one working day --------------------------------------
    b = create()
    before = time.time()
    r = supervise(b, {"comment": "督办"})
    t.status("supervise without due_at 200", r, 200)
    d = epoch(r.json().get("supervised_due_at"))
    t.ok("default due time: after now, within 1..5 days (one working day)",
         d is not None and before + 86400 - 5 <= d <= before + 5 * 86400,
         (before, d))
    r = supervise(b, {})
    t.status("supervise with no note and no due_at 200", r, 200)
    evs = [e for e in get(b)["events"] if e["action"] == "supervise"]
    t.ok("no note: the event still records the due time",
         evs and evs[-1]["comment"].startswith("due "), evs[-1:])

    # --- again: the due time is replaced -------------------------------
    due_a2 = iso_in(2 * 3600)
    r = supervise(a, {"comment": "提前督办", "due_at": due_a2})
    t.status("supervise again 200", r, 200)
    t.eq("supervising again replaces the due time",
         epoch(get(a).get("supervised_due_at")), epoch(due_a2))

    # --- listing: by due time, soonest first, none last ----------------
    c_no = create()
    supervise(c_no, {"comment": "督办", "due_at": iso_in(10 * 86400)})
    d_no = create()
    supervise(d_no, {"comment": "督办", "due_at": iso_in(3600)})
    items = srv.req("GET", "/v1/tickets?flag=supervised&limit=200",
                    token=sup).json()["items"]
    nos = [x["ticket_no"] for x in items]
    mine = [n for n in nos if n in (a, b, c_no, d_no)]
    # a: +2h, b: +1 working day, c: +10d, d: +1h
    t.eq("flag=supervised lists mine by due time", mine, [d_no, a, b, c_no])
    keys = [epoch(x.get("supervised_due_at")) for x in items]
    dated = [k for k in keys if k is not None]
    t.ok("whole list: due times ascending, none last",
         dated == sorted(dated) and
         keys == dated + [None] * (len(keys) - len(dated)), keys)
    t.ok("every listed ticket is supervised",
         all(x["supervised"] for x in items))
    seen, cur = [], None
    for _ in range(500):
        q = "/v1/tickets?flag=supervised&limit=1" + (
            f"&cursor={cur}" if cur else "")
        jj = srv.req("GET", q, token=sup).json()
        seen += [x["ticket_no"] for x in jj["items"]]
        cur = jj["next_cursor"]
        if not cur:
            break
    t.eq("paging one at a time walks the same order", seen, nos)

    # --- bad input -----------------------------------------------------
    for name, val in (("malformed", "明天下午"),
                      ("no offset", "2100-01-01T10:00:00"),
                      ("bad month", "2100-13-01T10:00:00+08:00"),
                      ("past", "2020-01-01T10:00:00+08:00"),
                      ("now-ish past", iso_in(-60)),
                      ("number", 1893456000),
                      ("empty", "")):
        r = supervise(fresh, {"comment": "督办", "due_at": val})
        t.ok(f"bad due_at ({name}) 400 naming due_at",
             r.status == 400 and r.error_field() == "due_at",
             f"{r.status} {r.text()[:200]}")
    t.eq("refused supervise left the ticket alone",
         (get(fresh)["supervised"], get(fresh)["supervised_due_at"]),
         (False, None))
    r = supervise(fresh, {"comment": "督办", "due": iso_in(3600)})
    t.status("unknown key 400", r, 400)

    # --- role matrix: unchanged ----------------------------------------
    for who in ROLES:
        r = supervise(fresh, {"comment": "督办", "due_at": iso_in(86400)},
                      who=who)
        want = 200 if who in ALLOWED else 403
        t.status(f"supervise with due_at as {who}: {want}", r, want)

    # --- stats: supervised_overdue -------------------------------------
    lv = live()
    t.eq("live tickets.supervised_overdue present and 0",
         lv.get("supervised_overdue"), 0)
    def write(sql, args):
        db = sqlite3.connect(srv.db, timeout=10)
        try:
            db.execute(sql, args)
            db.commit()
        finally:
            db.close()

    write("UPDATE tickets SET supervised_due_at = ? "
          "WHERE ticket_no IN (?, ?)", (int(time.time()) - 60, a, c_no))
    got = poll(live, lambda x: x.get("supervised_overdue") == 2)
    t.eq("two past due: supervised_overdue 2",
         got.get("supervised_overdue") if got else None, 2)
    # the long way to ARCHIVED is not the point here: end it in the store
    write("UPDATE tickets SET state = 'ARCHIVED' WHERE ticket_no = ?",
          (c_no,))
    got = poll(live, lambda x: x.get("supervised_overdue") == 1)
    t.eq("an ended ticket is not counted: supervised_overdue 1",
         got.get("supervised_overdue") if got else None, 1)
    items = srv.req("GET", "/v1/tickets?flag=supervised&limit=200",
                    token=sup).json()["items"]
    t.eq("the overdue one heads the list", items[0]["ticket_no"] if items
         else None, a)
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
