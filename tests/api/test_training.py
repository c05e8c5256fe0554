#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The training space (issue #7, docs/training.md): training calls ring
only their named agent and never show in live queues; tickets of training
calls are training tickets (hidden from live listings, never seen by a
unit, never marked overdue, never merged or urged across the boundary);
a trainer cannot touch live tickets; graded results are stored and
listed per trainee.  A restart keeps a waiting training call with its
agent.

One server with short timers (--ring-timeout 2 --overdue-interval 1);
the overdue check moves deadlines into the past straight in the SQLite
file (as test_overdue.py does).  Nothing sleeps blindly: waits poll."""
import os
import sqlite3
import time

from harness import Server, new_ticket, poll, run
from test_events import Stream

A1, A2 = "demo-agent", "demo-agent2"
WAIT = float(os.environ.get("CALLS_DEADLINE", "10"))
ROLES = ["agent", "agent2", "supervisor", "trainer", "admin", "cti",
         "dispatcher", "unit", "reviewer", "visitor", "kb"]


class Ctx:
    def __init__(self, srv):
        self.srv = srv
        self.tok = {r: srv.login("demo-" + r) for r in ROLES}

    def req(self, who, method, path, body=None, **kw):
        return self.srv.req(method, path, body, token=self.tok[who], **kw)

    def state(self, who, body):
        r = self.req(who, "PUT", "/v1/agents/me/state", body)
        assert r.status == 200, r.text()
        return r.json()

    def call(self, cid):
        return self.req("supervisor", "GET", f"/v1/calls/{cid}").json()

    def wait_call(self, cid, cond):
        return poll(lambda: self.call(cid), cond, WAIT)

    def queues(self):
        r = self.req("cti", "GET", "/v1/queues")
        return {q["desk"]: q for q in r.json()["items"]}

    def training_call(self, who="trainer", **body):
        b = {"caller": "13700137000", "desk": "GENERAL",
             "scenario": "公积金提取咨询"}
        b.update(body)
        return self.req(who, "POST", "/v1/training/calls", b)

    def live_call(self, caller="13800138000", desk="GENERAL"):
        r = self.req("cti", "POST", "/v1/calls",
                     {"caller": caller, "desk": desk})
        assert r.status == 201, r.text()
        return r.json()

    def act(self, who, cid, what, body=None):
        return self.req(who, "POST", f"/v1/calls/{cid}/{what}", body)

    def finish(self, who, cid):
        c = self.call(cid)
        if c["state"] == "RINGING":
            self.act(who, cid, "answer")
        if self.call(cid)["state"] in ("TALKING", "HOLD"):
            self.act(who, cid, "hangup")
        r = self.act(who, cid, "wrapup", {"code": "DIRECT_ANSWER"})
        assert r.status == 200, r.text()

    def ticket(self, who, **over):
        r = self.req(who, "POST", "/v1/tickets", new_ticket(**over))
        assert r.status == 201, r.text()
        return r.json()

    def action(self, who, no, action, body=None):
        return self.req(who, "POST", f"/v1/tickets/{no}/actions/{action}",
                        body or {})


def test_routing(t, c):
    c.state("agent", {"state": "READY"})          # ready longest
    c.state("agent2", {"state": "READY"})
    sup = Stream(c.srv, c.tok["supervisor"])
    st2 = Stream(c.srv, c.tok["agent2"])
    sup.next()
    st2.next()  # hello
    r = c.training_call(agent=A2)
    t.status("trainer posts a training call for demo-agent2 → 201", r, 201)
    tc = r.json()
    t.eq("training call rings only the named agent (not the longer-idle one)",
         (tc["state"], tc["agent"], tc["training"]),
         ("RINGING", A2, True))
    t.ok("Location of the call",
         r.header("Location") == f"/v1/calls/{tc['id']}", r.headers)
    q = c.queues()
    t.eq("queues never show the training call",
         (q["GENERAL"]["waiting"], q["GENERAL"]["agents_ready"]), (0, 1))
    live = c.live_call()
    t.eq("a live call at the same time goes to the other agent",
         (live["state"], live["agent"], live["training"]),
         ("RINGING", A1, False))
    ev = st2.next_event()
    while ev and not ev.get("event", "").startswith("call."):
        ev = st2.next_event()
    t.ok("SSE: the trainee gets call.offered with training true",
         ev and ev["event"] == "call.offered" and
         ev["json"]["id"] == tc["id"] and ev["json"]["training"] is True, ev)
    seen = []
    ev = sup.next_event()
    while ev and not (ev.get("event") == "call.offered" and
                      ev["json"]["id"] == live["id"]):
        seen.append(ev)
        ev = sup.next_event()
    t.ok("SSE: a supervisor gets the live call.offered ...", ev, seen)
    t.ok("... but no event of the training call",
         not [e for e in seen if e.get("event", "").startswith("call.")
              and (e["json"].get("training") or
                   e["json"].get("id") == tc["id"])],
         seen)
    sup.close()
    st2.close()
    t.status("the trainee answers the training call",
             c.act("agent2", tc["id"], "answer"), 200)
    c.finish("agent", live["id"])

    # An agent asks only for itself.
    r = c.training_call("agent", agent=A2)
    t.status("an agent cannot create a training call for another (403)",
             r, 403, "forbidden")
    r = c.training_call("agent", agent=None)
    t.status("an agent's own training call → 201", r, 201)
    own = r.json()
    t.eq("agent null = the requester", own["agent"], A1)
    c.finish("agent", own["id"])
    return tc


def test_waiting_and_rna(t, c):
    """A2 not ready: the training call waits for A2 alone, even with A1
    READY on the desk; ring-no-answer puts it back for A2 only."""
    c.state("agent", {"state": "READY"})
    r = c.training_call(agent=A2, desk="GENERAL")
    wc = r.json()
    t.eq("waits (QUEUED) while its agent is busy, A1 ready",
         (r.status, wc["state"], wc["agent"]), (201, "QUEUED", None))
    r = c.req("agent2", "GET", f"/v1/calls/{wc['id']}")
    t.status("the trainer's call for A2 is not A2's to read yet", r, 403)
    q = c.queues()
    t.eq("waiting training call not in queue figures",
         q["GENERAL"]["waiting"], 0)
    live = c.live_call("13800000001")
    t.eq("A1 stayed free for live calls", live["agent"], A1)
    r = c.training_call("agent", agent=None, desk="ENTERPRISE")
    own = r.json()
    r = c.req("agent", "GET", f"/v1/calls/{own['id']}")
    t.eq("an agent reads the training call it asked for while it waits",
         (r.status, r.json().get("state")), (200, "QUEUED"))
    c.req("cti", "POST", f"/v1/calls/{own['id']}/abandon")
    c.finish("agent", live["id"])
    return wc


def test_tickets(t, c, tc):
    srv = c.srv
    tk = c.ticket("agent2", call_id=str(tc["id"]))
    no = tk["ticket_no"]
    t.eq("ticket of a training call is training", tk["training"], True)
    live = c.ticket("agent")
    t.eq("a live ticket says training false", live["training"], False)
    lst = c.req("agent", "GET", "/v1/tickets?limit=200").json()["items"]
    t.ok("GET /v1/tickets hides training tickets",
         no not in [x["ticket_no"] for x in lst] and
         all(x["training"] is False for x in lst), len(lst))
    lst = c.req("agent", "GET", "/v1/tickets?training=1").json()["items"]
    t.ok("training=1 lists only training tickets",
         no in [x["ticket_no"] for x in lst] and
         all(x["training"] is True for x in lst), lst)
    t.status("training=maybe → 400",
             c.req("agent", "GET", "/v1/tickets?training=maybe"), 400,
             "invalid_field")
    t.status("unit: GET training ticket → 404",
             c.req("unit", "GET", f"/v1/tickets/{no}"), 404, "not_found")
    t.status("unit: training=1 → 403",
             c.req("unit", "GET", "/v1/tickets?training=1"), 403)

    # transfer and dispatch: still never visible to the unit
    r = c.action("agent2", no, "transfer", {"comment": "按目录转办"})
    t.eq("training ticket transferred", (r.status, r.json()["state"]),
         (200, "PENDING_DISPATCH"))
    r = c.action("dispatcher", no, "dispatch", {"dispatch_note": "培训"})
    t.eq("training ticket dispatched", (r.status, r.json()["state"]),
         (200, "PENDING_SIGN"))
    t.status("unit: GET transferred training ticket → 404",
             c.req("unit", "GET", f"/v1/tickets/{no}"), 404, "not_found")
    t.status("unit: sign a training ticket → 404",
             c.action("unit", no, "sign"), 404, "not_found")
    ul = c.req("unit", "GET", "/v1/tickets?limit=200").json()["items"]
    t.ok("unit listing has no training ticket",
         no not in [x["ticket_no"] for x in ul], len(ul))

    # merge across the boundary
    other = c.ticket("agent2", call_id=str(tc["id"]))
    r = c.action("agent", live["ticket_no"], "merge",
                 {"merged_into": other["ticket_no"]})
    t.status("merge live into training → 409", r, 409, "training_mismatch")
    r = c.action("agent2", other["ticket_no"], "merge",
                 {"merged_into": live["ticket_no"]})
    t.status("merge training into live → 409", r, 409, "training_mismatch")
    r = c.req("agent2", "PATCH", f"/v1/tickets/{live['ticket_no']}",
              {"call_id": str(tc["id"])}, headers={"If-Match": '"1"'})
    t.status("link a live ticket to a training call → 409", r, 409,
             "training_mismatch")

    # urge and wrap-up across the boundary (A2 is TALKING on tc)
    r = c.act("agent2", tc["id"], "urge", {"ticket_no": live["ticket_no"]})
    t.status("urge a live ticket from a training call → 409", r, 409,
             "training_mismatch")
    r = c.act("agent2", tc["id"], "urge", {"ticket_no": no})
    t.status("urge a training ticket from its training call → 201", r, 201)
    c.state("agent", {"state": "READY"})
    lc = c.live_call("13800000002")
    c.act("agent", lc["id"], "answer")
    r = c.act("agent", lc["id"], "urge", {"ticket_no": no})
    t.status("urge a training ticket from a live call → 409", r, 409,
             "training_mismatch")
    c.act("agent", lc["id"], "hangup")
    r = c.act("agent", lc["id"], "wrapup",
              {"code": "DIRECT_ANSWER", "ticket_no": no})
    t.status("wrap-up of a live call naming a training ticket → 409", r,
             409, "training_mismatch")
    c.finish("agent", lc["id"])
    c.act("agent2", tc["id"], "hangup")
    r = c.act("agent2", tc["id"], "wrapup",
              {"code": "DIRECT_ANSWER", "ticket_no": no})
    t.status("wrap-up of the training call with its ticket → 200", r, 200)
    return no, live["ticket_no"]


def test_trainer(t, c, tc_id, live_no):
    r = c.req("trainer", "POST", "/v1/tickets", new_ticket())
    t.status("trainer: POST /v1/tickets without a call → 403", r, 403,
             "forbidden")
    lc = c.live_call("13800000003")
    r = c.req("trainer", "POST", "/v1/tickets",
              new_ticket(call_id=str(lc["id"])))
    t.status("trainer: POST /v1/tickets with a live call → 403", r, 403)
    c.req("cti", "POST", f"/v1/calls/{lc['id']}/abandon")
    r = c.req("trainer", "PATCH", f"/v1/tickets/{live_no}",
              {"community": "培训"}, headers={"If-Match": '"1"'})
    t.status("trainer: PATCH a live ticket → 403", r, 403, "forbidden")
    r = c.action("trainer", live_no, "invalidate")
    t.status("trainer: action on a live ticket → 403", r, 403, "forbidden")
    r = c.req("trainer", "POST", "/v1/tickets",
              new_ticket(call_id=str(tc_id)))
    t.status("trainer: POST /v1/tickets with a training call → 201", r, 201)
    tno = r.json()["ticket_no"]
    t.eq("trainer's ticket is training", r.json()["training"], True)
    r = c.req("trainer", "PATCH", f"/v1/tickets/{tno}",
              {"community": "培训社区"}, headers={"If-Match": '"1"'})
    t.status("trainer: PATCH its training ticket → 200", r, 200)
    r = c.action("trainer", tno, "invalidate")
    t.eq("trainer: action on a training ticket → 200",
         (r.status, (r.json() or {}).get("state")), (200, "INVALID"))
    # a trainer's own POST /v1/calls is a training call for itself
    r = c.req("trainer", "POST", "/v1/calls", {"caller": "13700000009"})
    j = r.json()
    t.eq("trainer's POST /v1/calls: training call, waits for the trainer",
         (r.status, j["training"], j["state"]), (201, True, "QUEUED"))
    t.eq("... and not in the queue figures", c.queues()["GENERAL"]["waiting"],
         0)
    c.req("trainer", "POST", f"/v1/calls/{j['id']}/abandon")


def test_overdue(t, c, no):
    """A training ticket in HANDLING past its deadline is never marked;
    a live witness past its deadline is (proof that the timer ran)."""
    w = c.ticket("agent")["ticket_no"]
    c.action("agent", w, "transfer", {"comment": "转办"})
    c.action("dispatcher", w, "dispatch", {"dispatch_note": "核查"})
    r = c.action("unit", w, "sign")
    assert r.status == 200, r.text()
    v0 = c.req("agent", "GET", f"/v1/tickets/{no}").json()["version"]
    db = sqlite3.connect(c.srv.db, timeout=10)
    try:
        past = int(time.time()) - 3600
        db.execute("UPDATE tickets SET state = 'HANDLING', deadline = ? "
                   "WHERE ticket_no = ?", (past, no))
        db.execute("UPDATE tickets SET deadline = ? WHERE ticket_no = ?",
                   (past, w))
        db.commit()
    finally:
        db.close()
    j = poll(lambda: c.req("agent", "GET", f"/v1/tickets/{w}").json(),
             lambda j: j.get("overdue"), 15)
    t.eq("live witness past its deadline marked overdue", j.get("overdue"),
         True)
    j = c.req("agent", "GET", f"/v1/tickets/{no}").json()
    t.eq("training ticket past its deadline: no mark_overdue, same version",
         (j["state"], j["version"],
          [e for e in j["events"] if e["action"] == "mark_overdue"]),
         ("HANDLING", v0, []))
    db = sqlite3.connect(c.srv.db, timeout=10)
    try:
        flag = db.execute("SELECT overdue FROM tickets WHERE ticket_no = ?",
                          (no,)).fetchone()[0]
    finally:
        db.close()
    t.eq("training ticket: stored overdue flag not set", flag, 0)


def result(trainee, **over):
    b = {"scenario": "gjj-withdraw", "title": "公积金提取咨询",
         "trainee": trainee, "mode": "practice", "score": 80,
         "max_score": 100, "passed": True, "duration_s": 245,
         "started_at": "2026-11-28T20:18:50Z",
         "checks": [{"name": "开场白", "weight": 10, "passed": True,
                     "detail": "说了工号"},
                    {"name": "承办单位", "weight": 30, "passed": False,
                     "detail": "应转人社分局"}],
         "call_id": None, "ticket_no": None}
    b.update(over)
    return b


def test_results(t, c, tc_id, tno, live_no):
    r = c.req("agent", "POST", "/v1/training/results", result(A1))
    t.status("agent posts its own result → 201", r, 201)
    mine = r.json()
    t.eq("result echoes the fields",
         (mine["trainee"], mine["score"], mine["max_score"], mine["passed"],
          mine["recorded_by"], mine["started_at"], len(mine["checks"]),
          mine["checks"][1]["name"]),
         (A1, 80, 100, True, A1, "2026-11-28T20:18:50Z", 2, "承办单位"))
    t.ok("result has id and created_at",
         isinstance(mine.get("id"), int) and mine.get("created_at"), mine)
    r = c.req("agent", "POST", "/v1/training/results", result(A2))
    t.status("agent posts for another → 403", r, 403, "forbidden")
    ids = []
    for i in range(3):
        r = c.req("trainer", "POST", "/v1/training/results",
                  result(A2, score=50 + i, mode="demo",
                         call_id=tc_id if i == 0 else None,
                         ticket_no=tno if i == 0 else None))
        t.status(f"trainer posts result {i} for demo-agent2", r, 201)
        ids.append(r.json()["id"])
    t.eq("links kept", (r.json()["call_id"], r.json()["ticket_no"]),
         (None, None))
    g = c.req("supervisor", "GET", f"/v1/training/results/{ids[0]}")
    t.eq("GET one result", (g.status, g.json()["call_id"],
                            g.json()["ticket_no"], g.json()["mode"]),
         (200, tc_id, tno, "demo"))
    p1 = c.req("trainer", "GET",
               f"/v1/training/results?trainee={A2}&limit=2").json()
    t.eq("list newest first, page of 2",
         [x["id"] for x in p1["items"]], [ids[2], ids[1]])
    t.ok("next_cursor on a full page", p1["next_cursor"], p1)
    p2 = c.req("trainer", "GET", f"/v1/training/results?trainee={A2}"
               f"&limit=2&cursor={p1['next_cursor']}").json()
    t.eq("second page", ([x["id"] for x in p2["items"]], p2["next_cursor"]),
         ([ids[0]], None))
    lst = c.req("agent", "GET", "/v1/training/results").json()["items"]
    t.ok("an agent lists only its own",
         lst and all(x["trainee"] == A1 for x in lst), lst)
    t.status("an agent asking for another's list → 403",
             c.req("agent", "GET", f"/v1/training/results?trainee={A2}"),
             403)
    t.status("an agent reading another's result → 403",
             c.req("agent", "GET", f"/v1/training/results/{ids[0]}"), 403)
    t.status("an agent reading its own → 200",
             c.req("agent", "GET", f"/v1/training/results/{mine['id']}"),
             200)
    t.status("no such result → 404",
             c.req("trainer", "GET", "/v1/training/results/999999"), 404)
    sc = c.req("admin", "GET",
               "/v1/training/results?scenario=gjj-withdraw").json()
    t.eq("filter by scenario", len(sc["items"]), 4)

    allowed = {"agent", "agent2", "supervisor", "trainer", "admin"}
    for role in ROLES:
        want = 200 if role in allowed else 403
        r = c.req(role, "GET", "/v1/training/results")
        t.status(f"{role}: GET /v1/training/results {want}", r, want)
        want = 201 if role in allowed else 403
        trainee = "demo-" + role if role in ("agent", "agent2") else A2
        r = c.req(role, "POST", "/v1/training/results", result(trainee))
        t.status(f"{role}: POST /v1/training/results {want}", r, want)
        want = 201 if role in allowed else 403
        r = c.training_call(role, agent=None)
        if role in allowed:
            t.status(f"{role}: POST /v1/training/calls {want}", r, want)
            c.req("cti", "POST", f"/v1/calls/{r.json()['id']}/abandon")
        else:
            t.status(f"{role}: POST /v1/training/calls 403", r, 403)

    bad = [
        ({k: v for k, v in result(A2).items() if k != "score"},
         400, "missing_field", "score"),
        ({k: v for k, v in result(A2).items() if k != "trainee"},
         400, "missing_field", "trainee"),
        (result(A2, score=101), 400, "invalid_field", "score"),
        (result(A2, score=-1), 400, "invalid_field", "score"),
        (result(A2, score=1.5), 400, "invalid_field", "score"),
        (result(A2, mode="exam"), 400, "unknown_value", "mode"),
        (result(A2, passed="yes"), 400, "invalid_field", "passed"),
        (result(A2, started_at="yesterday"), 400, "invalid_field",
         "started_at"),
        (result(A2, checks=[{"name": "x", "weight": 1, "passed": True}] * 101),
         400, "invalid_field", "checks"),
        (result(A2, checks=[{"weight": 1, "passed": True}]), 400,
         "missing_field", "checks[0].name"),
        (result(A2, checks=[{"name": "x", "weight": 1, "passed": True,
                             "colour": 1}]), 400, "invalid_field",
         "checks[0].colour"),
        (result(A2, scenario="长" * 201), 400, "invalid_field", "scenario"),
        (result("nobody"), 400, "unknown_value", "trainee"),
        (result(A2, extra=1), 400, "invalid_field", "extra"),
        (result(A2, call_id=987654), 400, "unknown_value", "call_id"),
        (result(A2, ticket_no=live_no), 409, "training_mismatch",
         "ticket_no"),
    ]
    for body, status, code, field in bad:
        r = c.req("trainer", "POST", "/v1/training/results", body)
        t.ok(f"bad result → {status} {code} {field}",
             (r.status, r.error_code(), r.error_field()) ==
             (status, code, field), r.text()[:200])
    raw = ('{"scenario":"s","title":"\xff\xfe","trainee":"demo-agent2"}'
           .encode("latin-1"))
    r = c.req("trainer", "POST", "/v1/training/results", raw=raw,
              headers={"Content-Type": "application/json"})
    t.ok("bad UTF-8 → 400 bad_utf8 naming title",
         (r.status, r.error_code(), r.error_field()) ==
         (400, "bad_utf8", "title"), r.text())

    badcalls = [
        ({"caller": "12"}, 400, "invalid_field", "caller"),
        ({"caller": "13700137000", "desk": "NIGHT"}, 400, "unknown_value",
         "desk"),
        ({"caller": "13700137000", "agent": "nobody"}, 400, "unknown_value",
         "agent"),
        ({"caller": "13700137000", "agent": "demo-unit"}, 400,
         "invalid_field", "agent"),
        ({"caller": "13700137000", "scenario": "长" * 201}, 400,
         "invalid_field", "scenario"),
        ({"desk": "GENERAL"}, 400, "missing_field", "caller"),
    ]
    for body, status, code, field in badcalls:
        r = c.req("trainer", "POST", "/v1/training/calls", body)
        t.ok(f"bad training call → {status} {code} {field}",
             (r.status, r.error_code(), r.error_field()) ==
             (status, code, field), r.text()[:200])


def main(t):
    tmp = Server(args=["--ring-timeout", "2", "--overdue-interval", "1"])
    c = Ctx(tmp)
    tc = test_routing(t, c)
    no, live_no = test_tickets(t, c, tc)
    test_trainer(t, c, tc["id"], live_no)
    test_overdue(t, c, no)
    test_results(t, c, tc["id"], no, live_no)

    # ring-no-answer: back to the trainee only
    c.state("agent", {"state": "READY"})
    c.state("agent2", {"state": "NOT_READY", "reason": "MEETING"})
    wc = test_waiting_and_rna(t, c)
    c.state("agent2", {"state": "READY"})
    j = c.wait_call(wc["id"], lambda j: j["state"] == "RINGING")
    t.eq("rings its agent once READY", (j["state"], j["agent"]),
         ("RINGING", A2))
    j = c.wait_call(wc["id"], lambda j: j["ring_attempts"] >= 2 and
                    j["state"] == "RINGING" or j["state"] == "QUEUED")
    t.eq("ring-no-answer: back to waiting, not to the READY A1",
         (j["state"], j["agent"]), ("QUEUED", None))
    t.eq("A1 untouched", c.req("agent", "GET",
                               "/v1/agents/me/state").json()["state"],
         "READY")

    # restart: the waiting training call still belongs to A2 only
    db = tmp.db
    t.eq("SIGTERM exits 0", tmp.stop(), 0)
    srv2 = Server(seed=False, db=db, args=["--ring-timeout", "30"])
    c2 = Ctx(srv2)
    t.eq("after restart the training call waits",
         c2.call(wc["id"])["state"], "QUEUED")
    t.eq("after restart not in queue figures",
         c2.queues()["GENERAL"]["waiting"], 0)
    live = c2.live_call("13800000005")
    t.eq("after restart a live call goes to A1", live["agent"], A1)
    c2.state("agent2", {"state": "READY"})
    j = c2.wait_call(wc["id"], lambda j: j["state"] == "RINGING")
    t.eq("after restart the training call rings A2",
         (j["state"], j["agent"]), ("RINGING", A2))
    t.eq("SIGTERM exits 0 (second server)", srv2.stop(), 0)


if __name__ == "__main__":
    run(main)
