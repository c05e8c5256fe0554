#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The deadline timer (--overdue-interval): a ticket in HANDLING whose
deadline has passed is marked overdue once, by the system actor, with a
version bump and a mark_overdue event; a ticket not yet due, or one whose
handling clock does not run, is left alone; later ticks add nothing.

The API refuses deadlines in the past (transfer/dispatch/extension all say
"must be in the future"), so the test moves a deadline into the past by
writing the column straight into the server's temporary SQLite database
with python's sqlite3 while the server runs (WAL lets the two share it).
A deadline is stored as Unix seconds in tickets.deadline."""
import sqlite3
import time

from harness import Server, new_ticket, poll, run


def main(t):
    srv = Server(args=["--overdue-interval", "1"])
    tok = {u: srv.login("demo-" + u) for u in (
        "agent", "dispatcher", "unit")}

    def create():
        r = srv.req("POST", "/v1/tickets", new_ticket(), token=tok["agent"])
        if r.status != 201:
            raise RuntimeError(f"create: {r.status} {r.text()}")
        return r.json()["ticket_no"]

    def act(no, action, who, body=None):
        r = srv.req("POST", f"/v1/tickets/{no}/actions/{action}",
                    body or {}, token=tok[who])
        if r.status != 200:
            raise RuntimeError(f"{action} {no}: {r.status} {r.text()}")
        return r.json()

    def to_handling(no):
        act(no, "transfer", "agent", {"comment": "按派单目录转办"})
        act(no, "dispatch", "dispatcher", {"dispatch_note": "请尽快核查"})
        return act(no, "sign", "unit")

    def get(no):
        r = srv.req("GET", f"/v1/tickets/{no}", token=tok["agent"])
        if r.status != 200:
            raise RuntimeError(f"get {no}: {r.status} {r.text()}")
        return r.json()

    def marks(j):
        return [e for e in j.get("events", [])
                if e.get("action") == "mark_overdue"]

    def set_deadline(no, when):
        db = sqlite3.connect(srv.db, timeout=10)
        try:
            db.execute("UPDATE tickets SET deadline = ? WHERE ticket_no = ?",
                       (int(when), no))
            db.commit()
        finally:
            db.close()

    def wait_marked(no):
        return poll(lambda: get(no), lambda j: marks(j), timeout=15)

    late = create()
    due = create()
    pending = create()
    witness1 = create()
    witness2 = create()
    j_late = to_handling(late)
    j_due = to_handling(due)
    to_handling(witness1)
    to_handling(witness2)
    j_pending = act(pending, "transfer", "agent", {"comment": "待派单"})
    t.eq("fresh ticket in HANDLING not overdue",
         (j_late.get("state"), j_late.get("overdue")), ("HANDLING", False))
    v_late = j_late["version"]

    now = time.time()
    set_deadline(late, now - 3600)
    set_deadline(pending, now - 3600)  # PENDING_DISPATCH: clock not running

    j = wait_marked(late)
    m = marks(j)
    t.eq("overdue ticket gets one mark_overdue event", len(m), 1)
    if m:
        t.eq("event by system", m[0].get("actor"), "system")
        t.eq("event keeps the state",
             (m[0].get("from_state"), m[0].get("to_state")),
             ("HANDLING", "HANDLING"))
        t.eq("event comment", m[0].get("comment"), "超过办理时限")
    t.eq("overdue = true", j.get("overdue"), True)
    t.eq("state unchanged", j.get("state"), "HANDLING")
    t.eq("version bumped once", j.get("version"), v_late + 1)
    t.eq("warning red", j.get("warning"), "red")

    # Two more ticks, each proven by a ticket it marks (no blind sleep).
    set_deadline(witness1, time.time() - 60)
    t.ok("a later tick marks another ticket", marks(wait_marked(witness1)),
         "witness1 not marked")
    set_deadline(witness2, time.time() - 60)
    t.ok("and another", marks(wait_marked(witness2)), "witness2 not marked")
    j = get(late)
    t.eq("two more ticks add no second event", len(marks(j)), 1)
    t.eq("two more ticks leave the version", j.get("version"), v_late + 1)

    j = get(due)
    t.eq("ticket not yet due untouched",
         (j.get("overdue"), j.get("version"), len(marks(j))),
         (False, j_due["version"], 0))
    j = get(pending)
    t.eq("PENDING_DISPATCH past its deadline untouched",
         (j.get("state"), j.get("overdue"), j.get("version"),
          len(marks(j))),
         ("PENDING_DISPATCH", False, j_pending["version"], 0))

    # The stored flag stays once set, also when the deadline moves on.
    set_deadline(late, time.time() + 30 * 86400)
    j = get(late)
    t.eq("marked ticket stays overdue after its deadline moves",
         (j.get("overdue"), j.get("warning")), (True, "green"))

    # The list shows the flag too.
    r = srv.req("GET", "/v1/tickets?mine=1&limit=200", token=tok["agent"])
    items = {i["ticket_no"]: i for i in (r.json() or {}).get("items", [])}
    t.eq("list reports overdue",
         (items.get(late, {}).get("overdue"), items.get(due, {}).get("overdue")),
         (True, False))
    t.ok("log names the marking", f"{late} marked overdue" in srv.log_text(),
         srv.log_text()[-600:])
    t.eq("clean shutdown", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
