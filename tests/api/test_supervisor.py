#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Supervision (docs/api.md "Supervision"): the role matrix of every new
route, a supervisor changing an agent's state (the agent's own stream gets
agent.state; 409 while on a call), ending a stuck ACW, broadcasts to
everyone or one desk (SSE, acknowledgements, the active list), the audit
log (supervisor actions and supervisors' ticket actions), and the
stats.live event (supervisors only, coalesced).
"""
import time

from harness import Server, new_ticket, poll, run
from test_events import Stream

A1, A2, A3 = "demo-agent", "demo-agent2", "demo-agent3"
ROLES = ["demo-agent", "demo-supervisor", "demo-trainer", "demo-admin",
         "demo-cti", "demo-dispatcher", "demo-reviewer", "demo-visitor",
         "demo-unit", "demo-kb"]
ALLOWED = {"demo-supervisor", "demo-admin"}
DEADLINE = 10


def wait_event(stream, name, cond=lambda j: True, timeout=DEADLINE):
    """The next event called name whose data satisfies cond (others are
    skipped); None on timeout."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        ev = stream.next_event(max(0.05, until - time.monotonic()))
        if ev is None:
            return None
        if ev.get("event") == name and cond(ev.get("json") or {}):
            return ev
    return None


def no_event(stream, name, seconds):
    """True when no event called name arrives within seconds."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        ev = stream.next_event(max(0.05, until - time.monotonic()))
        if ev is None:
            return True
        if ev.get("event") == name:
            return False
    return True


def role_matrix(t, srv, tok):
    routes = [
        ("GET", "/v1/stats/live", None),
        ("GET", "/v1/stats/daily", None),
        ("GET", "/v1/stats/hotspots", None),
        ("PUT", "/v1/agents/demo-agent3/state", {"state": "OFFLINE"}),
        ("POST", "/v1/agents/demo-agent3/end-acw", {}),
        ("POST", "/v1/broadcasts", {"message": "角色测试", "desk": "ONLINE"}),
        ("GET", "/v1/broadcasts", None),
        ("GET", "/v1/audit", None),
    ]
    for method, path, body in routes:
        for who in ROLES:
            r = srv.req(method, path, body, token=tok[who])
            if who in ALLOWED:
                # end-acw: 409 (demo-agent3 is not in ACW) = allowed
                t.ok(f"{method} {path} allowed for {who}",
                     r.status in (200, 201, 409), (r.status, r.text()))
            else:
                t.status(f"{method} {path} refused to {who}", r, 403,
                         "forbidden")
        r = srv.req(method, path, body)
        t.status(f"{method} {path} without a token 401", r, 401)
    # Everyone may ack and read their own active list.
    for who in ROLES:
        r = srv.req("GET", "/v1/broadcasts?active=1", token=tok[who])
        t.status(f"active broadcasts for {who} 200", r, 200)


def agent_state(t, srv, tok):
    sup = tok["demo-supervisor"]
    a = Stream(srv, tok[A1])
    a.next()
    r = srv.req("PUT", f"/v1/agents/{A1}/state",
                {"state": "NOT_READY", "reason": "MEETING",
                 "note": "班前会"}, token=sup)
    t.status("supervisor sets demo-agent NOT_READY 200", r, 200)
    t.eq("AGENT_STATE of the agent", (r.json().get("username"),
                                      r.json().get("state"),
                                      r.json().get("reason")),
         (A1, "NOT_READY", "MEETING"))
    ev = wait_event(a, "agent.state")
    t.ok("the agent's own stream gets agent.state",
         ev and ev["json"].get("state") == "NOT_READY"
         and ev["json"].get("reason") == "MEETING", ev)
    me = srv.req("GET", "/v1/agents/me/state", token=tok[A1]).json()
    t.eq("the agent sees it", me.get("state"), "NOT_READY")
    for body, code in (({"state": "TALKING"}, "unknown_value"),
                       ({"state": "NOT_READY"}, "missing_field"),
                       ({"state": "NOT_READY", "reason": "午睡"},
                        "unknown_value"),
                       ({"state": "READY", "reason": "BREAK"},
                        "invalid_field"),
                       ({"state": "READY", "x": 1}, "invalid_field"),
                       ({"state": "READY", "note": "长" * 201},
                        "invalid_field")):
        r = srv.req("PUT", f"/v1/agents/{A1}/state", body, token=sup)
        t.status(f"bad body {body!s:.40} 400", r, 400, code)
    r = srv.req("PUT", "/v1/agents/nobody/state", {"state": "READY"},
                token=sup)
    t.status("unknown agent 404", r, 404, "not_found")
    r = srv.req("PUT", "/v1/agents/demo-cti/state", {"state": "READY"},
                token=sup)
    t.status("an account that takes no calls 409", r, 409, "not_an_agent")

    # On a call: 409; the call goes on.
    r = srv.req("PUT", f"/v1/agents/{A1}/state", {"state": "READY"},
                token=sup)
    t.status("back to READY 200", r, 200)
    r = srv.req("POST", "/v1/calls", {"caller": "13800000001",
                                      "desk": "GENERAL"},
                token=tok["demo-cti"])
    cid = r.json()["id"]
    c = poll(lambda: srv.req("GET", f"/v1/calls/{cid}", token=sup).json(),
             lambda j: j.get("state") == "RINGING", DEADLINE)
    t.eq("the call rings demo-agent", c.get("agent"), A1)
    srv.req("POST", f"/v1/calls/{cid}/answer", token=tok[A1])
    r = srv.req("PUT", "/v1/agents/me/state",
                {"after_call": "NOT_READY", "reason": "ADMIN"}, token=tok[A1])
    t.status("the agent asks NOT_READY after the call", r, 200)
    r = srv.req("PUT", f"/v1/agents/{A1}/state", {"state": "OFFLINE"},
                token=sup)
    t.status("state change while TALKING 409", r, 409, "state_busy")
    r = srv.req("POST", f"/v1/agents/{A1}/end-acw", {}, token=sup)
    t.status("end-acw while TALKING 409", r, 409, "not_in_acw")
    srv.req("POST", f"/v1/calls/{cid}/hangup", token=tok[A1])
    st = srv.req("GET", "/v1/agents/me/state", token=tok[A1]).json()
    t.eq("in ACW now", st.get("state"), "ACW")
    r = srv.req("POST", f"/v1/agents/{A1}/end-acw",
                {"note": "话后处理超时，班长结束"}, token=sup)
    t.status("end-acw 200", r, 200)
    t.eq("ACW ended: NOT_READY as the agent had asked",
         (r.json().get("state"), r.json().get("reason")),
         ("NOT_READY", "ADMIN"))
    call = srv.req("GET", f"/v1/calls/{cid}", token=sup).json()
    t.eq("the call is ended with SUPERVISOR_ENDED",
         (call.get("state"), call.get("disposition"), call.get("summary")),
         ("ENDED", "SUPERVISOR_ENDED", "话后处理超时，班长结束"))
    ev = wait_event(a, "agent.state",
                    lambda j: j.get("state") == "NOT_READY")
    t.ok("the agent's stream saw the end of ACW", ev, ev)
    a.close()


def broadcasts(t, srv, tok):
    sup = tok["demo-supervisor"]
    srv.req("PUT", "/v1/agents/me/state", {"state": "READY"}, token=tok[A2])
    srv.req("PUT", "/v1/agents/me/state", {"state": "READY"}, token=tok[A3])
    s1, s2, s3 = (Stream(srv, tok[u]) for u in (A1, A2, A3))
    for s in (s1, s2, s3):
        s.next()
    r = srv.req("POST", "/v1/broadcasts", {"message": "系统将于12:00升级",
                                           "desk": None}, token=sup)
    t.status("broadcast to all 201", r, 201)
    b = r.json()
    t.eq("broadcast object", (b.get("message"), b.get("from"), b.get("desk"),
                              b.get("acked")),
         ("系统将于12:00升级", "demo-supervisor", None, 0))
    t.ok("targets: the logged-in agents", b.get("targets", 0) >= 2, b)
    for u, s in ((A1, s1), (A2, s2), (A3, s3)):
        ev = wait_event(s, "broadcast", lambda j: j.get("id") == b["id"])
        t.ok(f"{u} gets the broadcast", ev and ev["json"]["message"] ==
             "系统将于12:00升级", ev)
    r = srv.req("POST", "/v1/broadcasts", {"message": "企业专席请注意政策更新",
                                           "desk": "ENTERPRISE"}, token=sup)
    t.status("broadcast to ENTERPRISE 201", r, 201)
    e = r.json()
    ev = wait_event(s2, "broadcast", lambda j: j.get("id") == e["id"])
    t.ok("demo-agent2 (ENTERPRISE) gets the desk broadcast",
         ev and ev["json"].get("desk") == "ENTERPRISE", ev)
    t.ok("demo-agent (GENERAL only) does not",
         no_event(s1, "broadcast", 0.7))
    t.ok("demo-agent3 (CARE, DIALECT) does not",
         no_event(s3, "broadcast", 0.3))
    for s in (s1, s2, s3):
        s.close()

    act = lambda u: [x["id"] for x in srv.req(  # noqa: E731
        "GET", "/v1/broadcasts?active=1", token=tok[u]).json()["items"]]
    t.eq("active for demo-agent2: both, newest first", act(A2),
         [e["id"], b["id"]])
    t.eq("active for demo-agent: the one to all", act(A1), [b["id"]])
    r = srv.req("POST", f"/v1/broadcasts/{b['id']}/ack", token=tok[A2])
    t.status("ack 204", r, 204)
    r = srv.req("POST", f"/v1/broadcasts/{b['id']}/ack", token=tok[A2])
    t.status("ack twice 204", r, 204)
    t.eq("acked one leaves the active list", act(A2), [e["id"]])
    r = srv.req("POST", "/v1/broadcasts/99999/ack", token=tok[A2])
    t.status("ack of no broadcast 404", r, 404, "not_found")
    lst = srv.req("GET", "/v1/broadcasts", token=sup).json()["items"]
    got = {x["id"]: x["acked"] for x in lst}
    t.eq("the supervisor's list counts acks", got.get(b["id"]), 1)
    lv = srv.req("GET", "/v1/stats/live", token=sup).json()
    t.eq("live lists the broadcasts with acks",
         [(x["id"], x["acked"]) for x in lv["broadcasts"]][:2],
         [(e["id"], 0), (b["id"], 1)])
    for body, code in (({"message": ""}, "invalid_field"),
                       ({"message": "长" * 201}, "invalid_field"),
                       ({"message": "a\nb"}, "invalid_field"),
                       ({}, "missing_field"),
                       ({"message": "x", "desk": "NOWHERE"},
                        "unknown_value")):
        r = srv.req("POST", "/v1/broadcasts", body, token=sup)
        t.status(f"bad broadcast {body!s:.30} 400", r, 400, code)


def audit_and_tickets(t, srv, tok):
    sup = tok["demo-supervisor"]
    r = srv.req("POST", "/v1/tickets", new_ticket(), token=tok[A1])
    no = r.json()["ticket_no"]
    for action, who, body in (
            ("transfer", A1, {}),
            ("dispatch", "demo-supervisor", {"lead_unit_code": "DONGCHENG"}),
            ("reassign", "demo-supervisor", {"lead_unit_code": "NANCHENG",
                                             "comment": "属地调整"}),
            ("supervise", "demo-supervisor", {"comment": "督办：请加快办理"}),
            ("redispatch", "demo-supervisor", {}),
            ("dispatch", "demo-supervisor", {"lead_unit_code": "DONGCHENG"}),
            ("sign", "demo-unit", {}),
            ("request_return", "demo-unit", {"comment": "职能不符"}),
            ("reject_return", "demo-supervisor", {"comment": "属本单位职责"}),
            ("request_extension", "demo-unit",
             {"deadline": "2100-01-31T10:00:00Z", "comment": "需检测"}),
            ("approve_extension", "demo-supervisor", {})):
        r = srv.req("POST", f"/v1/tickets/{no}/actions/{action}", body,
                    token=tok[who])
        t.status(f"{action} by {who} 200", r, 200)
    items = srv.req("GET", "/v1/audit?limit=200", token=sup).json()["items"]
    kinds = [(x["actor"], x["action"], x["target"]) for x in items]
    for action in ("reassign", "supervise", "redispatch", "reject_return",
                   "approve_extension"):
        t.ok(f"audit: the supervisor's {action}",
             ("demo-supervisor", action, no) in kinds, kinds[:20])
    t.ok("audit: the agent's transfer is not a supervisor action",
         (A1, "transfer", no) not in kinds)
    t.ok("audit: state change, end-acw and broadcasts",
         {("demo-supervisor", "agent_state", A1),
          ("demo-supervisor", "end_acw", A1),
          ("demo-supervisor", "broadcast", "ALL"),
          ("demo-supervisor", "broadcast", "ENTERPRISE")} <= set(kinds),
         kinds)
    sv = [x for x in items if x["action"] == "supervise"][0]
    t.ok("audit detail carries the comment", "督办" in sv["detail"], sv)
    ats = [x["at"] for x in items]
    t.ok("newest first", ats == sorted(ats, reverse=True), ats)
    # Paging: 3 at a time gives the same list.
    seen, cur = [], None
    for _ in range(100):
        q = "/v1/audit?limit=3" + (f"&cursor={cur}" if cur else "")
        j = srv.req("GET", q, token=sup).json()
        seen += [x["id"] for x in j["items"]]
        cur = j["next_cursor"]
        if not cur:
            break
    t.eq("paging with the cursor walks the whole log",
         seen, [x["id"] for x in items])
    r = srv.req("GET", "/v1/audit?cursor=zzz", token=sup)
    t.status("bad cursor 400", r, 400, "invalid_field")
    r = srv.req("GET", "/v1/audit?limit=0", token=sup)
    t.status("bad limit 400", r, 400, "invalid_field")
    lv = srv.req("GET", "/v1/stats/live", token=sup).json()
    t.eq("live: supervised 1, extensions pending 0 after approval",
         (lv["tickets"]["supervised"], lv["tickets"]["extensions_pending"]),
         (1, 0))


def stats_live_event(t, srv, tok):
    sup = Stream(srv, tok["demo-supervisor"])
    ag = Stream(srv, tok[A1])
    sup.next()
    ag.next()
    # A board that just connected gets no stats.live until something
    # changes (it reads GET /v1/stats/live itself): change the floor until
    # the first one arrives.
    first = None
    for i in range(10):
        srv.req("PUT", "/v1/agents/me/state",
                {"state": "READY"} if i % 2 else
                {"state": "NOT_READY", "reason": "BREAK"}, token=tok[A1])
        first = wait_event(sup, "stats.live", timeout=1.5)
        if first:
            break
    t.ok("a change after connecting brings a stats.live", first, first)
    srv.req("PUT", "/v1/agents/me/state", {"state": "READY"}, token=tok[A1])
    srv.req("PUT", "/v1/agents/me/state",
            {"state": "NOT_READY", "reason": "BREAK"}, token=tok[A3])
    r = srv.req("POST", "/v1/calls", {"caller": "13800000002",
                                      "desk": "CARE"}, token=tok["demo-cti"])
    cid = r.json()["id"]
    t0 = time.monotonic()
    ev = wait_event(sup, "stats.live",
                    lambda j: any(q["desk"] == "CARE" and q["waiting"] == 1
                                  for q in j.get("queues", [])))
    dt = time.monotonic() - t0
    t.ok("stats.live reaches a supervisor with the waiting call",
         ev is not None, ev)
    t.ok("... within 2 s", dt < 2.5, dt)
    if ev:
        j = ev["json"]
        t.eq("stats.live = live minus agents",
             sorted(j), ["as_of", "broadcasts", "hour", "queues", "tickets",
                         "today"])
    t.ok("stats.live never reaches an agent", no_event(ag, "stats.live", 1.5))
    # Nothing changes: no more stats.live for a while (coalesced; the
    # forced recompute every 10 s sends only when something differs).
    srv.req("POST", f"/v1/calls/{cid}/abandon", token=tok["demo-cti"])
    ev = wait_event(sup, "stats.live",
                    lambda j: all(q["waiting"] == 0
                                  for q in j.get("queues", [])))
    t.ok("the abandon shows in stats.live", ev is not None, ev)
    n, until = 0, time.monotonic() + 3
    while time.monotonic() < until:
        e = sup.next_event(max(0.05, until - time.monotonic()))
        if e is None:
            break
        n += e.get("event") == "stats.live"
    t.eq("quiet floor: no stats.live in 3 s", n, 0)
    sup.close()
    ag.close()


def main(t):
    srv = Server()
    tok = {u: srv.login(u) for u in ROLES + [A2, A3]}
    srv.req("PUT", "/v1/agents/me/state", {"state": "READY"}, token=tok[A1])
    role_matrix(t, srv, tok)
    agent_state(t, srv, tok)
    broadcasts(t, srv, tok)
    audit_and_tickets(t, srv, tok)
    stats_live_event(t, srv, tok)
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
