#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Calls and agent states (docs/calls.md): routing to the longest-idle
agent with the desk, queues in arrival order, ring-no-answer, abandon,
hold/resume, hang-up and ACW (timed expiry with the default code,
extensions, optional mode), after-call NOT_READY, transfers, urges,
durations, the state log, logout, roles, bad input and a restart.

Two servers with short timers: A (--ring-timeout 5 --acw-seconds 2, timed)
and B (--ring-timeout 1 --acw-mode optional --acw-default-code MISDIAL).
Nothing sleeps blindly: every wait polls GET with a deadline.
"""
import calendar
import os
import time

from harness import Server, poll, run

WAIT = float(os.environ.get("CALLS_DEADLINE", "10"))
A1, A2, A3 = "demo-agent", "demo-agent2", "demo-agent3"


class Desk:
    """Tokens of the demo accounts on one server, and short helpers."""

    def __init__(self, srv):
        self.srv = srv
        self.tok = {}
        for u in (A1, A2, A3, "demo-cti", "demo-supervisor", "demo-admin",
                  "demo-trainer", "demo-unit"):
            self.tok[u] = srv.login(u)
        self.cti = self.tok["demo-cti"]
        self.sup = self.tok["demo-supervisor"]

    def state(self, user):
        return self.srv.req("GET", "/v1/agents/me/state",
                            token=self.tok[user]).json()

    def put(self, user, body):
        return self.srv.req("PUT", "/v1/agents/me/state", body,
                            token=self.tok[user])

    def ready(self, user):
        r = self.put(user, {"state": "READY"})
        assert r.status == 200, r.text()
        return r.json()

    def offer(self, caller="13800138000", desk=None, token=None, **kw):
        body = {"caller": caller}
        if desk:
            body["desk"] = desk
        body.update(kw)
        return self.srv.req("POST", "/v1/calls", body,
                            token=token or self.cti)

    def call(self, cid, token=None):
        return self.srv.req("GET", f"/v1/calls/{cid}",
                            token=token or self.sup).json()

    def act(self, user, cid, what, body=None):
        return self.srv.req("POST", f"/v1/calls/{cid}/{what}", body,
                            token=self.tok[user])

    def wait_call(self, cid, cond, timeout=WAIT):
        return poll(lambda: self.call(cid), cond, timeout)

    def finish(self, user, cid, code="DIRECT_ANSWER"):
        """Answer (if ringing), hang up and wrap up."""
        c = self.call(cid)
        if c["state"] == "RINGING":
            self.act(user, cid, "answer")
        if self.call(cid)["state"] in ("TALKING", "HOLD"):
            self.act(user, cid, "hangup")
        return self.act(user, cid, "wrapup", {"code": code})


def epoch(iso):
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def durations_ok(t, name, c):
    """wait + ring + talk + hold spans offered_at .. ended_at (each figure
    is rounded down to the second, the timestamps too)."""
    parts = [c[k] for k in ("wait_s", "ring_s", "talk_s", "hold_s")]
    span = epoch(c["ended_at"]) - epoch(c["offered_at"])
    t.ok(f"{name}: durations are whole seconds ≥ 0",
         all(isinstance(x, int) and x >= 0 for x in parts + [c["acw_s"]]), c)
    t.ok(f"{name}: wait+ring+talk+hold = ended_at − offered_at (±)",
         span - 5 <= sum(parts) <= span + 1, (parts, span))


def first_ticket(d, state):
    r = d.srv.req("GET", f"/v1/tickets?state={state}&limit=1",
                  token=d.tok[A1])
    items = r.json()["items"]
    return items[0]["ticket_no"] if items else None


def test_initial_and_config(t, d):
    r = d.srv.req("GET", "/v1/config", token=d.tok[A1])
    t.status("GET /v1/config", r, 200)
    t.eq("config as started", r.json(),
         {"acw_mode": "timed", "acw_seconds": 2,
          "acw_default_code": "DIRECT_ANSWER", "ring_timeout": 5,
          "max_acw_extensions": 3})
    s = d.state(A1)
    t.eq("a login does not change the state: OFFLINE", s["state"], "OFFLINE")
    t.ok("AGENT_STATE has since and now", s.get("since") and s.get("now"), s)
    t.eq("desks of demo-agent2", d.state(A2)["desks"],
         ["GENERAL", "ENTERPRISE"])
    for k in ("reason", "call_id", "after_call", "after_call_reason",
              "acw_deadline"):
        t.ok(f"AGENT_STATE {k} is null", k in s and s[k] is None, s)
    r = d.srv.req("GET", "/v1/queues", token=d.tok["demo-unit"])
    t.status("queues for any role", r, 200)
    t.eq("queues list every desk",
         [q["desk"] for q in r.json()["items"]],
         ["GENERAL", "ENTERPRISE", "CARE", "DIALECT", "ONLINE"])


def test_queue_and_routing(t, d):
    r1 = d.offer("13800138000", ivr={"intent": "公积金提取",
                                     "transcript": "我想问离职后怎么提取公积金"})
    t.status("POST /v1/calls (nobody ready) → 201", r1, 201)
    c1 = r1.json()
    t.eq("queued when nobody is ready", (c1["state"], c1["agent"]),
         ("QUEUED", None))
    t.eq("ivr hand-over kept", c1["ivr"]["intent"], "公积金提取")
    t.ok("Location header", r1.header("Location") == f"/v1/calls/{c1['id']}",
         r1.headers)
    c2 = d.offer("13922334455", desk="ENTERPRISE").json()
    c3 = d.offer("076922110000").json()
    t.eq("default desk GENERAL, channel PHONE", (c3["desk"], c3["channel"]),
         ("GENERAL", "PHONE"))
    q = {x["desk"]: x for x in
         d.srv.req("GET", "/v1/queues", token=d.cti).json()["items"]}
    t.eq("queue counts", (q["GENERAL"]["waiting"], q["ENTERPRISE"]["waiting"]),
         (2, 1))
    lst = d.srv.req("GET", "/v1/calls?state=QUEUED", token=d.cti).json()
    t.eq("GET /v1/calls?state=QUEUED newest first",
         [c["id"] for c in lst["items"]], [c3["id"], c2["id"], c1["id"]])

    s = d.ready(A1)
    t.eq("READY with a call waiting → RINGING at once", s["state"], "RINGING")
    t.eq("the oldest GENERAL call rings demo-agent", s["call_id"], c1["id"])
    t.eq("call 1 RINGING to demo-agent",
         (d.call(c1["id"])["state"], d.call(c1["id"])["agent"]),
         ("RINGING", A1))
    s = d.ready(A2)
    t.eq("two desks: the oldest head among them (ENTERPRISE before a "
         "younger GENERAL)", s["call_id"], c2["id"])
    t.eq("call 3 still waits", d.call(c3["id"])["state"], "QUEUED")

    # Another agent cannot touch my call; an answered call moves on.
    r = d.act(A2, c1["id"], "answer")
    t.status("another agent cannot answer my call", r, 403, "forbidden")
    r = d.srv.req("GET", f"/v1/calls/{c1['id']}", token=d.tok[A2])
    t.status("an agent cannot read another agent's call", r, 403)
    r = d.act(A1, c1["id"], "hold")
    t.status("hold while ringing → 409", r, 409, "call_state")
    r = d.act(A1, c1["id"], "answer")
    t.status("answer", r, 200)
    t.eq("TALKING", r.json()["state"], "TALKING")
    t.eq("agent TALKING", d.state(A1)["state"], "TALKING")
    r = d.put(A1, {"state": "READY"})
    t.status("READY while on a call → 409 state_busy", r, 409, "state_busy")
    r = d.act(A1, c1["id"], "hold")
    t.eq("hold", (r.status, r.json()["state"]), (200, "HOLD"))
    t.eq("agent HOLD", d.state(A1)["state"], "HOLD")
    r = d.act(A1, c1["id"], "resume")
    t.eq("resume", (r.status, r.json()["state"]), (200, "TALKING"))
    r = d.act(A1, c1["id"], "hangup")
    t.eq("hangup → ACW", (r.status, r.json()["state"]), (200, "ACW"))
    t.ok("ACW has a deadline (timed)", r.json()["acw_deadline"], r.json())
    s = d.state(A1)
    t.eq("agent ACW with the deadline", (s["state"], s["acw_deadline"]),
         ("ACW", r.json()["acw_deadline"]))
    r = d.act(A1, c1["id"], "wrapup", {"code": "NO_SUCH_CODE"})
    t.status("unknown wrap-up code → 400 code", r, 400, "unknown_value")
    t.eq("… naming code", r.error_field(), "code")
    r = d.act(A1, c1["id"], "wrapup",
              {"code": "DIRECT_ANSWER", "summary": "已告知离职提取公积金的条件和材料",
               "needs_callback": True})
    t.status("wrapup", r, 200)
    w = r.json()
    t.eq("ENDED with the code", (w["state"], w["disposition"],
                                 w["needs_callback"]),
         ("ENDED", "DIRECT_ANSWER", True))
    t.eq("summary kept", w["summary"], "已告知离职提取公积金的条件和材料")
    s = d.state(A1)
    t.eq("READY again takes the waiting call", (s["state"], s["call_id"]),
         ("RINGING", c3["id"]))
    for k in ("wait_s", "ring_s", "talk_s", "hold_s", "acw_s"):
        t.ok(f"{k} is a whole number ≥ 0",
             isinstance(w[k], int) and w[k] >= 0, w)
    t.ok("timestamps in order",
         w["offered_at"] <= w["ringing_at"] <= w["answered_at"]
         <= w["ended_at"], w)
    r = d.act(A1, c1["id"], "hangup")
    t.status("hangup of an ENDED call → 409", r, 409, "call_state")

    # demo-agent2: wrap up with a ticket number.
    no = first_ticket(d, "HANDLING")
    d.act(A2, c2["id"], "answer")
    d.act(A2, c2["id"], "hangup")
    r = d.act(A2, c2["id"], "wrapup", {"code": "TICKET_CREATED",
                                       "ticket_no": "DG20990101999999"})
    t.status("wrapup with an unknown ticket → 400 ticket_no", r, 400)
    t.eq("… naming ticket_no", r.error_field(), "ticket_no")
    r = d.act(A2, c2["id"], "wrapup", {"code": "TICKET_CREATED",
                                       "ticket_no": no})
    t.eq("wrapup with a ticket", (r.status, r.json()["ticket_no"]), (200, no))
    d.finish(A1, c3["id"])
    # demo-agent2 has been READY longer than demo-agent now.
    c4 = d.offer("13800000004").json()
    t.eq("longest idle gets the call (demo-agent2)", c4["agent"], A2)
    c5 = d.offer("13800000005").json()
    t.eq("then the next longest idle (demo-agent)", c5["agent"], A1)
    d.finish(A2, c4["id"])
    d.finish(A1, c5["id"])


def test_desks_and_after_call(t, d):
    t.eq("demo-agent READY", d.state(A1)["state"], "READY")
    r = d.put(A2, {"state": "NOT_READY", "reason": "MEAL"})
    t.eq("NOT_READY with a reason", (r.status, r.json()["reason"]),
         (200, "MEAL"))
    c = d.offer("13600000001", desk="ENTERPRISE").json()
    t.eq("ENTERPRISE call waits although demo-agent is READY (no such desk)",
         (c["state"], d.state(A1)["state"]), ("QUEUED", "READY"))
    s = d.ready(A2)
    t.eq("… and rings demo-agent2 when it goes READY", s["call_id"], c["id"])
    care = d.offer("13700000002", desk="CARE").json()
    t.eq("a CARE call waits for a CARE agent", care["state"], "QUEUED")
    t.eq("demo-agent3 READY takes it", d.ready(A3)["call_id"], care["id"])
    d.finish(A3, care["id"])
    r = d.put(A2, {"after_call": "NOT_READY", "reason": "TRAINING"})
    t.eq("after_call during the call",
         (r.status, r.json()["after_call"], r.json()["after_call_reason"]),
         (200, "NOT_READY", "TRAINING"))
    d.act(A2, c["id"], "answer")
    d.act(A2, c["id"], "hangup")
    d.act(A2, c["id"], "wrapup", {"code": "DIRECT_ANSWER"})
    s = d.state(A2)
    t.eq("after wrap-up: NOT_READY with the asked reason",
         (s["state"], s["reason"], s["after_call"]),
         ("NOT_READY", "TRAINING", None))
    # Cancelled request: READY after the call.
    c = d.offer("13600000002").json()
    t.eq("rings demo-agent", c["agent"], A1)
    d.put(A1, {"after_call": "NOT_READY", "reason": "BREAK"})
    r = d.put(A1, {"after_call": None})
    t.eq("after_call cancelled", (r.status, r.json()["after_call"]),
         (200, None))
    d.finish(A1, c["id"])
    t.eq("READY after the call", d.state(A1)["state"], "READY")
    r = d.put(A1, {"after_call": "NOT_READY", "reason": "BREAK"})
    t.status("after_call while not on a call → 409", r, 409, "not_on_call")


def test_acw_timed(t, d):
    c = d.offer("13500000001").json()
    t.eq("rings demo-agent", c["agent"], A1)
    d.act(A1, c["id"], "answer")
    r = d.act(A1, c["id"], "hangup")
    hung = time.monotonic()
    t.eq("ACW", r.json()["state"], "ACW")
    got = d.wait_call(c["id"], lambda x: x["state"] == "ENDED")
    took = time.monotonic() - hung
    t.eq("timed ACW expires into ENDED", got["state"], "ENDED")
    t.eq("… with the default code", got["disposition"], "DIRECT_ANSWER")
    t.ok("… after about --acw-seconds (2 s)", 1.0 <= took <= 6.0, took)
    t.ok("acw_s about 2", 1 <= got["acw_s"] <= 4, got)
    durations_ok(t, "expired call", got)
    t.eq("agent READY after expiry", d.state(A1)["state"], "READY")

    c = d.offer("13500000002").json()
    d.act(A1, c["id"], "answer")
    first = d.act(A1, c["id"], "hangup").json()["acw_deadline"]
    r = d.act(A1, c["id"], "extend-acw")
    t.status("extend-acw", r, 200)
    t.ok("a later deadline", r.json()["acw_deadline"] > first,
         (first, r.json()["acw_deadline"]))
    t.eq("agent sees the new deadline", d.state(A1)["acw_deadline"],
         r.json()["acw_deadline"])
    t.status("second extension", d.act(A1, c["id"], "extend-acw"), 200)
    t.status("third extension", d.act(A1, c["id"], "extend-acw"), 200)
    t.status("a fourth → 409", d.act(A1, c["id"], "extend-acw"), 409,
             "limit_reached")
    t.eq("still ACW", d.call(c["id"])["state"], "ACW")
    r = d.act(A1, c["id"], "wrapup", {"code": "PROGRESS_QUERY"})
    t.eq("wrap-up before the deadline", (r.status, r.json()["disposition"]),
         (200, "PROGRESS_QUERY"))


def test_transfers_and_urge(t, d):
    units = d.srv.req("GET", "/v1/units?kind=DEPT", token=d.tok[A1]).json()
    unit = units["items"][0]
    c = d.offer("13400000001").json()
    cid = c["id"]
    r = d.act(A1, cid, "transfers", {"mode": "CONSULT", "target_kind": "UNIT",
                                     "target": unit["code"]})
    t.status("transfer while ringing → 409", r, 409, "call_state")
    d.act(A1, cid, "answer")
    r = d.act(A1, cid, "transfers", {"mode": "THREE_WAY", "target_kind": "UNIT",
                                     "target": unit["code"],
                                     "note": "三方通话确认办理时限"})
    t.status("transfer to a unit → 201", r, 201)
    tr = r.json()
    t.eq("TRANSFER names the unit", (tr["mode"], tr["target"],
                                     tr["target_name"]),
         ("THREE_WAY", unit["code"], unit["name"]))
    t.ok("TRANSFER has id and at", tr.get("id") and tr.get("at"), tr)
    r = d.act(A1, cid, "transfers", {"mode": "BLIND", "target_kind": "EMERGENCY",
                                     "target": "110"})
    t.status("one-key 110 → 201", r, 201)
    t.ok("110 named", "110" in r.json()["target_name"], r.json())
    r = d.act(A1, cid, "transfers", {"mode": "BLIND", "target_kind": "EMERGENCY",
                                     "target": "999"})
    t.status("unknown emergency target → 400", r, 400)
    t.eq("… naming target", r.error_field(), "target")
    r = d.act(A1, cid, "transfers", {"mode": "LOUD", "target_kind": "UNIT",
                                     "target": unit["code"]})
    t.eq("bad mode → 400 mode", (r.status, r.error_field()), (400, "mode"))
    r = d.act(A2, cid, "transfers", {"mode": "BLIND", "target_kind": "UNIT",
                                     "target": unit["code"]})
    t.status("another agent cannot record a transfer", r, 403)
    got = d.call(cid)
    t.eq("transfers recorded on the call",
         [(x["mode"], x["target"]) for x in got["transfers"]],
         [("THREE_WAY", unit["code"]), ("BLIND", "110")])

    no = first_ticket(d, "HANDLING")
    before = d.srv.req("GET", f"/v1/tickets/{no}", token=d.tok[A1]).json()
    r = d.act(A1, cid, "urge", {"ticket_no": no, "comment": "来电人催办，希望尽快处理"})
    t.status("urge an open ticket → 201", r, 201)
    t.eq("the call lists the urged ticket", r.json()["urged_tickets"], [no])
    after = d.srv.req("GET", f"/v1/tickets/{no}", token=d.tok[A1]).json()
    t.eq("ticket version + 1", after["version"], before["version"] + 1)
    ev = after["events"][-1]
    t.eq("an urge event on the ticket",
         (ev["action"], ev["actor"], ev["comment"], ev["from_state"],
          ev["to_state"]),
         ("urge", A1, "来电人催办，希望尽快处理", "HANDLING", "HANDLING"))
    closed = first_ticket(d, "ARCHIVED")
    if closed:
        r = d.act(A1, cid, "urge", {"ticket_no": closed})
        t.status("urge a closed ticket → 409", r, 409, "transition_refused")
    r = d.act(A1, cid, "urge", {"ticket_no": "DG20990101999999"})
    t.eq("urge an unknown ticket → 400 ticket_no",
         (r.status, r.error_field()), (400, "ticket_no"))
    r = d.act(A1, cid, "urge", {})
    t.eq("urge without ticket_no → 400", (r.status, r.error_field()),
         (400, "ticket_no"))
    d.act(A1, cid, "hangup")
    r = d.act(A1, cid, "urge", {"ticket_no": no})
    t.status("urge during ACW is allowed", r, 201)
    t.eq("… listed once", r.json()["urged_tickets"], [no])
    r = d.act(A1, cid, "wrapup", {"code": "URGED_OPEN"})
    t.status("wrap-up URGED_OPEN without a ticket", r, 200)


def test_roles_and_input(t, d):
    r = d.offer(token=d.tok[A1])
    t.status("an agent cannot post calls", r, 403, "forbidden")
    r = d.srv.req("GET", "/v1/tickets", token=d.cti)
    t.status("cti cannot list tickets", r, 403)
    no = first_ticket(d, "HANDLING")
    r = d.srv.req("POST", f"/v1/tickets/{no}/actions/urge", token=d.cti)
    t.status("cti cannot act on tickets", r, 403)
    r = d.srv.req("GET", "/v1/agents/me/state", token=d.cti)
    t.status("cti has no agent state", r, 403)
    r = d.srv.req("GET", "/v1/calls", token=d.tok["demo-unit"])
    t.status("a unit cannot list calls", r, 403)
    r = d.srv.req("GET", "/v1/calls", token=d.tok[A1])
    t.status("an agent cannot list every call", r, 403)
    d.put(A1, {"state": "NOT_READY", "reason": "ADMIN"})
    r = d.offer(token=d.tok["demo-trainer"])
    t.eq("a trainer's call is a training call",
         (r.status, r.json().get("training")), (201, True))
    r2 = d.offer(token=d.tok["demo-admin"])
    t.eq("admin may post calls", (r2.status, r2.json()["training"]),
         (201, False))
    t.status("the cti reads any call",
             d.srv.req("GET", f"/v1/calls/{r.json()['id']}", token=d.cti), 200)
    r3 = d.srv.req("POST", f"/v1/calls/{r.json()['id']}/answer", token=d.cti)
    t.status("cti cannot answer", r3, 403)
    r4 = d.srv.req("POST", f"/v1/calls/{r.json()['id']}/abandon",
                   token=d.tok[A1])
    t.status("an agent cannot abandon", r4, 403)
    for cid in (r.json()["id"], r2.json()["id"]):
        d.srv.req("POST", f"/v1/calls/{cid}/abandon", token=d.cti)

    bad = [
        ({"caller": "13800138000", "desk": "NIGHT"}, "desk"),
        ({"caller": "138-0013"}, "caller"),
        ({"caller": "12"}, "caller"),
        ({"desk": "GENERAL"}, "caller"),
        ({"caller": 13800138000}, "caller"),
        ({"caller": "13800138000", "channel": "FAX"}, "channel"),
        ({"caller": "13800138000", "ivr": "公积金"}, "ivr"),
        ({"caller": "13800138000", "ivr": {"intent": "x" * 101}},
         "ivr.intent"),
        ({"caller": "13800138000", "ivr": {"mood": "急"}}, "ivr.mood"),
        ({"caller": "13800138000", "agent": A1}, "agent"),
    ]
    for body, field in bad:
        r = d.srv.req("POST", "/v1/calls", body, token=d.cti)
        t.eq(f"bad call {body!r} → 400 {field}", (r.status, r.error_field()),
             (400, field))
    r = d.srv.req("POST", "/v1/calls", raw=b'{"caller":', token=d.cti)
    t.status("malformed JSON → 400", r, 400, "bad_json")
    states = [
        ({"state": "TALKING"}, "state"),
        ({"state": "NOT_READY"}, "reason"),
        ({"state": "NOT_READY", "reason": "NAP"}, "reason"),
        ({"state": "NOT_READY", "reason": "RING_NO_ANSWER"}, "reason"),
        ({"state": "READY", "reason": "BREAK"}, "reason"),
        ({"state": "READY", "after_call": "NOT_READY"}, "after_call"),
        ({"after_call": "READY", "reason": "MEAL"}, "after_call"),
        ({}, "state"),
    ]
    for body, field in states:
        r = d.put(A1, body)
        t.eq(f"bad state {body!r} → 400 {field}", (r.status, r.error_field()),
             (400, field))
    r = d.srv.req("GET", "/v1/calls/999999", token=d.sup)
    t.status("unknown call → 404", r, 404)
    r = d.srv.req("POST", "/v1/calls/abc/answer", token=d.tok[A1])
    t.status("bad call id → 404", r, 404)
    r = d.srv.req("GET", "/v1/calls?state=LOST", token=d.sup)
    t.eq("bad list filter → 400 state", (r.status, r.error_field()),
         (400, "state"))


def test_state_log_and_logout(t, d):
    r = d.srv.req("GET", f"/v1/agents/{A1}/state-log?limit=200",
                  token=d.tok[A1])
    t.status("own state log", r, 200)
    rows = r.json()["items"]
    t.ok("many rows", len(rows) >= 10, len(rows))
    t.eq("newest row is the current state and open",
         (rows[0]["state"], rows[0]["ended_at"]),
         (d.state(A1)["state"], None))
    chain = all(rows[i]["started_at"] == rows[i + 1]["ended_at"]
                for i in range(len(rows) - 1))
    t.ok("each row ends where the next begins", chain, rows[:4])
    t.ok("rows in time order",
         all(rows[i]["started_at"] >= rows[i + 1]["started_at"]
             for i in range(len(rows) - 1)), rows[:4])
    seen = {x["state"] for x in rows}
    t.ok("READY, RINGING, TALKING, HOLD, ACW, NOT_READY were logged",
         {"READY", "RINGING", "TALKING", "HOLD", "ACW", "NOT_READY"} <= seen,
         seen)
    t.ok("call states name their call",
         all(x["call_id"] for x in rows
             if x["state"] in ("RINGING", "TALKING", "HOLD", "ACW")), rows)
    r = d.srv.req("GET", f"/v1/agents/{A2}/state-log", token=d.tok[A1])
    t.status("not another agent's log", r, 403)
    r = d.srv.req("GET", f"/v1/agents/{A2}/state-log", token=d.sup)
    t.status("a supervisor reads any log", r, 200)
    r = d.srv.req("GET", "/v1/agents/nobody/state-log", token=d.sup)
    t.status("unknown agent → 404", r, 404)

    d.ready(A3)
    r = d.srv.req("DELETE", "/v1/sessions/current", token=d.tok[A3])
    t.status("logout", r, 204)
    rows = d.srv.req("GET", f"/v1/agents/{A3}/state-log",
                     token=d.sup).json()["items"]
    t.eq("logout sets OFFLINE", (rows[0]["state"], rows[1]["state"]),
         ("OFFLINE", "READY"))
    d.tok[A3] = d.srv.login(A3)
    t.eq("a new login stays OFFLINE", d.state(A3)["state"], "OFFLINE")


def server_a(t):
    srv = Server(args=["--ring-timeout", "5", "--acw-seconds", "2"])
    d = Desk(srv)
    test_initial_and_config(t, d)
    test_queue_and_routing(t, d)
    test_desks_and_after_call(t, d)
    test_acw_timed(t, d)
    test_transfers_and_urge(t, d)
    test_roles_and_input(t, d)
    test_state_log_and_logout(t, d)
    t.eq("SIGTERM exits 0", srv.stop(), 0)


def server_b(t):
    args = ["--ring-timeout", "1", "--acw-mode", "optional",
            "--acw-default-code", "MISDIAL"]
    srv = Server(args=args)
    d = Desk(srv)
    cfg = srv.req("GET", "/v1/config", token=d.cti).json()
    t.eq("optional mode configured", (cfg["acw_mode"], cfg["ring_timeout"],
                                      cfg["acw_default_code"]),
         ("optional", 1, "MISDIAL"))

    # Ring-no-answer with a second agent ready: it rings the next agent.
    d.ready(A1)
    d.ready(A2)
    c = d.offer("13800138111").json()
    t.eq("rings the longest idle", c["agent"], A1)
    got = d.wait_call(c["id"], lambda x: x["agent"] == A2)
    t.eq("ring-no-answer: the call rings the next agent",
         (got["state"], got["agent"], got["ring_attempts"]),
         ("RINGING", A2, 2))
    t.ok("ring_s counts the first ring (≥ 1 s)", got["ring_s"] >= 1, got)
    s = d.state(A1)
    t.eq("the agent who missed it is NOT_READY (RING_NO_ANSWER)",
         (s["state"], s["reason"]), ("NOT_READY", "RING_NO_ANSWER"))
    # Nobody else: back to the FRONT of the queue, ahead of a later call.
    c2 = d.offer("13800138222").json()
    t.eq("a later call waits", c2["state"], "QUEUED")
    got = d.wait_call(c["id"], lambda x: x["state"] == "QUEUED")
    t.eq("ring-no-answer again: back to the queue", (got["state"],
                                                     got["agent"]),
         ("QUEUED", None))
    t.eq("demo-agent2 NOT_READY too", d.state(A2)["reason"], "RING_NO_ANSWER")
    s = d.ready(A2)
    t.eq("the returned call comes first", s["call_id"], c["id"])
    r = d.act(A2, c["id"], "answer")
    t.status("answer on the third ring", r, 200)
    r = d.act(A2, c["id"], "hangup")
    t.eq("optional ACW: no deadline", (r.json()["state"],
                                       r.json()["acw_deadline"]),
         ("ACW", None))
    t.eq("agent ACW without deadline", d.state(A2)["acw_deadline"], None)
    r = d.act(A2, c["id"], "extend-acw")
    t.status("extend in optional mode → 409", r, 409, "acw_untimed")
    r = d.act(A2, c["id"], "wrapup", {"code": "DIRECT_ANSWER"})
    t.status("wrap-up", r, 200)
    t.ok("two unanswered rings: ring_s ≥ 2", r.json()["ring_s"] >= 2,
         r.json())
    t.ok("… and it waited in the queue meanwhile", r.json()["wait_s"] >= 0,
         r.json())
    durations_ok(t, "call rung three times", r.json())
    log = srv.req("GET", f"/v1/agents/{A1}/state-log",
                  token=d.sup).json()["items"]
    t.ok("RING_NO_ANSWER in the state log",
         any(x["reason"] == "RING_NO_ANSWER" for x in log), log[:3])

    # demo-agent2 is READY again and took c2; abandon while ringing.
    t.eq("READY again: takes the next waiting call",
         d.state(A2)["call_id"], c2["id"])
    r = srv.req("POST", f"/v1/calls/{c2['id']}/abandon", token=d.cti)
    t.eq("abandon while ringing", (r.status, r.json()["state"]),
         (200, "ABANDONED"))
    t.eq("the agent is READY again", d.state(A2)["state"], "READY")
    d.put(A2, {"state": "NOT_READY", "reason": "MEETING"})
    c3 = d.offer("13800138333").json()
    t.eq("nobody ready: queued", c3["state"], "QUEUED")
    r = srv.req("POST", f"/v1/calls/{c3['id']}/abandon", token=d.cti)
    t.eq("abandon while queued", (r.status, r.json()["state"]),
         (200, "ABANDONED"))
    t.ok("abandoned call has ended_at", r.json()["ended_at"], r.json())
    durations_ok(t, "abandoned call", r.json())
    r = srv.req("POST", f"/v1/calls/{c3['id']}/abandon", token=d.cti)
    t.status("abandon twice → 409", r, 409, "call_state")
    lst = srv.req("GET", "/v1/calls?state=ABANDONED&caller=13800138333",
                  token=d.sup).json()["items"]
    t.eq("kept for the missed-call callback", [x["id"] for x in lst],
         [c3["id"]])

    # A restart keeps states and waiting calls.
    c4 = d.offer("13800138444").json()
    t.eq("waiting before the restart", c4["state"], "QUEUED")
    t.eq("SIGTERM exits 0", srv.stop(), 0)
    srv2 = Server(args=args, db=srv.db)
    d2 = Desk(srv2)
    t.eq("after restart: the call still waits", d2.call(c4["id"])["state"],
         "QUEUED")
    s = d2.state(A1)
    t.eq("after restart: the agent state is kept",
         (s["state"], s["reason"]), ("NOT_READY", "RING_NO_ANSWER"))
    s = d2.ready(A1)
    t.eq("READY takes the call that waited over the restart",
         s["call_id"], c4["id"])
    d2.act(A1, c4["id"], "answer")
    c5 = d2.offer("13800138555").json()
    t.ok("ids continue after a restart", c5["id"] > c4["id"], c5)
    t.eq("SIGTERM exits 0 (restarted)", srv2.stop(), 0)


def bad_default_code(t):
    try:
        Server(args=["--acw-default-code", "NOT_A_CODE"])
        started = True
    except RuntimeError as e:
        started = False
        msg = str(e)
    t.ok("an unknown --acw-default-code refuses to start", not started
         and "acw-default-code" in msg, "started" if started else msg[-300:])
    try:
        Server(args=["--acw-mode", "sometimes"])
        started = True
    except RuntimeError:
        started = False
    t.ok("a bad --acw-mode refuses to start", not started)


def main(t):
    server_a(t)
    server_b(t)
    bad_default_code(t)


if __name__ == "__main__":
    run(main)
