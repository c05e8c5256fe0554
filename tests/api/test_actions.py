#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ticket actions: the whole transfer path DRAFT -> ... -> ARCHIVED with the
right demo accounts, refusals (409 transition_refused "ACTION from STATE",
403 for the wrong role), what each action writes, and If-Match."""
from harness import Server, new_ticket, run


def main(t):
    srv = Server()
    tok = {u: srv.login("demo-" + u) for u in (
        "agent", "dispatcher", "unit", "reviewer", "visitor", "supervisor",
        "admin", "trainer", "cti")}

    def create(**over):
        r = srv.req("POST", "/v1/tickets", new_ticket(**over),
                    token=tok["agent"])
        if r.status != 201:
            raise RuntimeError(f"create: {r.status} {r.text()}")
        return r.json()["ticket_no"]

    def act(no, action, who, body=None, headers=None):
        return srv.req("POST", f"/v1/tickets/{no}/actions/{action}",
                       body if body is not None else {}, token=tok[who],
                       headers=headers)

    # ---- the transfer path, step by step
    no = create()
    path = [
        ("transfer", "agent", {"comment": "按派单目录转办"}, "PENDING_DISPATCH"),
        ("dispatch", "dispatcher", {"dispatch_note": "请尽快核查"},
         "PENDING_SIGN"),
        ("sign", "unit", {}, "HANDLING"),
        ("reply", "unit", {"result": "已责令工地停止夜间施工。"}, "REPLIED"),
        ("approve_reply", "reviewer", {}, "PENDING_VISIT"),
        ("visit", "visitor", {"satisfaction": "SATISFIED", "solved": "SOLVED"},
         "ARCHIVED"),
    ]
    version = 1
    for action, who, body, want in path:
        r = act(no, action, who, body)
        t.status(f"{action} by {who} 200", r, 200)
        j = r.json() or {}
        t.eq(f"{action} -> {want}", j.get("state"), want)
        version += 1
        t.eq(f"{action} bumps the version", j.get("version"), version)
        t.eq(f"{action} ETag", r.header("etag"), f'"{version}"')
        ev = (j.get("events") or [{}])[-1]
        t.eq(f"{action} event", (ev.get("action"), ev.get("actor"),
                                 ev.get("to_state")),
             (action, "demo-" + who, want))
        if action == "transfer":
            t.eq("transfer sets handling_mode", j.get("handling_mode"),
                 "TRANSFER")
            t.eq("噪声污染 belongs to the town of the incident",
                 j.get("lead_unit_code"), "DONGCHENG")
            t.eq("lead unit name", j.get("lead_unit_name"), "东城街道")
            t.ok("transfer sets a deadline", j.get("deadline"), j)
            t.eq("transfer comment kept", ev.get("comment"), "按派单目录转办")
            t.eq("warning null while pending dispatch", j.get("warning"),
                 None)
        if action == "sign":
            t.eq("a fresh deadline is green", j.get("warning"), "green")
        if action == "dispatch":
            t.eq("dispatch note", j.get("dispatch_note"), "请尽快核查")
        if action == "reply":
            t.eq("reply stores the result", j.get("result"),
                 "已责令工地停止夜间施工。")
        if action == "visit":
            t.eq("visit stores satisfaction",
                 (j.get("satisfaction"), j.get("solved")),
                 ("SATISFIED", "SOLVED"))
            t.eq("no warning once archived", j.get("warning"), None)
    r = srv.req("GET", f"/v1/tickets/{no}", token=tok["agent"])
    evs = r.json()["events"]
    t.eq("events chain from DRAFT to ARCHIVED",
         [(e["from_state"], e["to_state"]) for e in evs],
         [(None, "DRAFT"), ("DRAFT", "PENDING_DISPATCH"),
          ("PENDING_DISPATCH", "PENDING_SIGN"), ("PENDING_SIGN", "HANDLING"),
          ("HANDLING", "REPLIED"), ("REPLIED", "PENDING_VISIT"),
          ("PENDING_VISIT", "ARCHIVED")])
    t.ok("event ids increase", [e["id"] for e in evs] == sorted(
        e["id"] for e in evs))
    r = srv.req("PATCH", f"/v1/tickets/{no}", {"title": "x"},
                token=tok["agent"], headers={"If-Match": f'"{version}"'})
    t.status("PATCH on an archived ticket 409", r, 409, "transition_refused")

    # ---- refusals
    no = create()
    r = act(no, "sign", "unit")
    t.status("sign from DRAFT 409", r, 409, "transition_refused")
    t.ok("message names ACTION from STATE",
         "sign from DRAFT" in ((r.json() or {}).get("error") or {}).get(
             "message", ""), r.text())
    r = act(no, "dispatch", "agent")
    t.status("dispatch from DRAFT 409 (state first)", r, 409,
             "transition_refused")
    r = act(no, "transfer", "dispatcher")
    t.status("dispatcher may not transfer: 403", r, 403, "forbidden")
    r = act(no, "transfer", "unit")
    t.status("unit may not transfer: 403", r, 403, "forbidden")
    r = act(no, "transfer", "cti")
    t.status("cti may not touch tickets: 403", r, 403, "forbidden")
    r = act(no, "fly", "agent")
    t.status("unknown action 404", r, 404, "not_found")
    r = act("DG20990101999999", "transfer", "agent")
    t.status("action on an unknown ticket 404", r, 404, "not_found")
    r = act(no, "transfer", "agent", {"target": "110"})
    t.status("key of another action 400", r, 400, "invalid_field")
    r = act(no, "transfer", "agent", {"lead_unit_code": "NOPE"})
    t.status("unknown lead unit 400", r, 400, "unknown_value")
    r = act(no, "transfer", "agent", {"deadline": "2020-01-01T00:00:00Z"})
    t.status("deadline in the past 400", r, 400, "invalid_field")
    r = act(no, "transfer", "agent", {"deadline": "tomorrow"})
    t.status("malformed deadline 400", r, 400, "invalid_field")
    r = srv.req("GET", f"/v1/tickets/{no}", token=tok["agent"])
    t.eq("refusals change nothing", (r.json()["state"], r.json()["version"],
                                     len(r.json()["events"])),
         ("DRAFT", 1, 1))

    # dispatch_direct with an explicit unit, deadline and assisting unit
    r = act(no, "dispatch_direct", "agent", {
        "lead_unit_code": "DONGCHENG", "assist_units": ["EEB"],
        "deadline": "2099-12-31T10:00:00Z"})
    t.status("dispatch_direct 200", r, 200)
    j = r.json() or {}
    t.eq("dispatch_direct -> PENDING_SIGN", j.get("state"), "PENDING_SIGN")
    t.eq("explicit lead unit", j.get("lead_unit_code"), "DONGCHENG")
    t.eq("explicit deadline", j.get("deadline"), "2099-12-31T10:00:00Z")
    t.eq("assist units", [u["code"] for u in j.get("assist_units", [])],
         ["EEB"])
    # return path
    r = act(no, "request_return", "unit", {})
    t.status("request_return without a reason 400", r, 400, "missing_field")
    r = act(no, "request_return", "unit", {"comment": "属地不符"})
    t.eq("request_return -> RETURN_REQUESTED", (r.json() or {}).get("state"),
         "RETURN_REQUESTED")
    r = act(no, "approve_return", "reviewer", {"comment": "同意"})
    j = r.json() or {}
    t.eq("approve_return -> PENDING_DISPATCH", j.get("state"),
         "PENDING_DISPATCH")
    t.eq("return counted", j.get("return_count"), 1)
    t.eq("lead unit cleared for a new round", j.get("lead_unit_code"), "")
    r = act(no, "dispatch", "supervisor", {"lead_unit_code": "NANCHENG"})
    t.eq("supervisor may dispatch", (r.json() or {}).get("state"),
         "PENDING_SIGN")
    act(no, "sign", "unit")
    # extension path
    r = act(no, "approve_extension", "reviewer")
    t.status("approve_extension without a request 409", r, 409,
             "transition_refused")
    r = act(no, "request_extension", "unit",
            {"deadline": "2100-01-31T10:00:00Z", "comment": "需要检测报告"})
    t.status("request_extension 200", r, 200)
    t.eq("state kept", (r.json() or {}).get("state"), "HANDLING")
    r = act(no, "request_extension", "unit",
            {"deadline": "2100-02-28T10:00:00Z"})
    t.status("second pending request 409", r, 409, "transition_refused")
    r = act(no, "approve_extension", "unit")
    t.status("unit may not approve 403", r, 403, "forbidden")
    r = act(no, "approve_extension", "reviewer")
    j = r.json() or {}
    t.eq("approved: new deadline", j.get("deadline"), "2100-01-31T10:00:00Z")
    t.eq("extension counted", j.get("extension_count"), 1)
    r = act(no, "request_extension", "unit",
            {"deadline": "2100-03-31T10:00:00Z"})
    r = act(no, "reject_extension", "reviewer", {"comment": "理由不充分"})
    j = r.json() or {}
    t.eq("rejected: deadline unchanged", (j.get("deadline"),
                                          j.get("extension_count")),
         ("2100-01-31T10:00:00Z", 1))
    r = act(no, "urge", "agent", {"comment": "来电人再次来电催办"})
    t.eq("urge keeps the state", (r.json() or {}).get("state"), "HANDLING")
    t.eq("urge logs an event", ((r.json() or {}).get("events") or [{}])[-1]
         .get("action"), "urge")
    r = act(no, "supervise", "agent")
    t.status("agent may not supervise 403", r, 403, "forbidden")
    r = act(no, "supervise", "supervisor")
    t.eq("supervise flags", (r.json() or {}).get("supervised"), True)
    r = act(no, "mark_overdue", "admin")
    t.status("only the system marks overdue 403", r, 403, "forbidden")
    act(no, "reply", "unit", {"result": "已处理"})
    r = act(no, "reject_reply", "reviewer", {"comment": "答复敷衍"})
    t.eq("reject_reply -> HANDLING", (r.json() or {}).get("state"),
         "HANDLING")
    act(no, "reply", "unit", {"result": "已重新核查处理"})
    act(no, "approve_reply", "reviewer")
    r = act(no, "visit", "visitor", {"satisfaction": "UNSATISFIED"})
    t.status("visit without solved 400", r, 400, "missing_field")
    r = act(no, "visit", "visitor", {"satisfaction": "HAPPY",
                                     "solved": "SOLVED"})
    t.status("unknown satisfaction 400", r, 400, "unknown_value")
    r = act(no, "rehandle", "visitor", {"comment": "来电人不满意"})
    j = r.json() or {}
    t.eq("rehandle -> HANDLING, counted", (j.get("state"),
                                           j.get("rehandle_count")),
         ("HANDLING", 1))

    # If-Match on actions (optional)
    r = srv.req("GET", f"/v1/tickets/{no}", token=tok["unit"])
    etag = r.header("etag")
    r = act(no, "reply", "unit", {"result": "x"}, headers={"If-Match": '"1"'})
    t.status("action with a stale If-Match 412", r, 412, "precondition_failed")
    r = act(no, "reply", "unit", {"result": "已处理完毕"},
            headers={"If-Match": etag})
    t.status("action with the current If-Match 200", r, 200)

    # ---- the other ways out of DRAFT
    no = create()
    r = act(no, "close_direct", "agent", {})
    t.status("close_direct needs a reply 400", r, 400, "missing_field")
    r = act(no, "close_direct", "agent", {"direct_reply": "可通过粤省事办理。"})
    j = r.json() or {}
    t.eq("close_direct", (j.get("state"), j.get("handling_mode"),
                          j.get("direct_reply")),
         ("CLOSED_DIRECT", "DIRECT", "可通过粤省事办理。"))
    r = act(no, "archive", "agent")
    t.status("agent may not archive 403", r, 403, "forbidden")
    r = act(no, "archive", "supervisor")
    t.eq("archive a closed ticket", (r.json() or {}).get("state"), "ARCHIVED")

    no = create()
    r = act(no, "transfer_out", "agent", {"target": "911"})
    t.status("unknown transfer target 400", r, 400, "unknown_value")
    r = act(no, "transfer_out", "agent", {"target": "120"})
    j = r.json() or {}
    t.eq("transfer_out 120", (j.get("state"), j.get("handling_mode"),
                              j.get("lead_unit_code")),
         ("TRANSFERRED_OUT", "TRANSFER_EMERGENCY", "E120"))
    no = create()
    r = act(no, "transfer_out", "agent", {"target": "110"})
    t.eq("transfer_out 110", ((r.json() or {}).get("handling_mode"),
                              (r.json() or {}).get("lead_unit_code")),
         ("TRANSFER_110", "E110"))

    no = create()
    r = act(no, "not_accept", "agent")
    t.status("not_accept needs the legal route in comment", r, 400,
             "missing_field")
    r = act(no, "not_accept", "agent", {"comment": "已进入诉讼程序，告知依法维权"})
    t.eq("not_accept", (r.json() or {}).get("state"), "NOT_ACCEPTED")

    first = create()
    no = create()
    r = act(no, "merge", "agent", {"merged_into": no})
    t.status("merge into itself 400", r, 400, "invalid_field")
    r = act(no, "merge", "agent", {"merged_into": "DG20990101999999"})
    t.status("merge into an unknown ticket 400", r, 400, "unknown_value")
    r = act(no, "merge", "agent", {"merged_into": first})
    j = r.json() or {}
    t.eq("merge", (j.get("state"), j.get("handling_mode")),
         ("MERGED", "MERGED"))
    t.ok("merge names the target in the event",
         first in (j.get("events") or [{}])[-1].get("comment", ""), j)

    no = create()
    r = act(no, "invalidate", "trainer")
    t.status("trainer may not act on a live ticket (issue #7; training "
             "tickets: test_training.py)", r, 403, "forbidden")

    # the category's owner is the town: TOWN owner with no town is an error
    no = create(category_code="0101", appeal_type="HELP", town_code="",
                title="欠薪")
    r = act(no, "transfer", "agent")
    t.ok("required form fields block leaving DRAFT",
         r.status == 400 and r.error_code() == "missing_field"
         and (r.error_field() or "").startswith("extra."), r.text())
    r = srv.req("PATCH", f"/v1/tickets/{no}", {"extra": {
        "employer_name": "某厂", "employer_address": "长安镇某路"}},
        token=tok["agent"], headers={"If-Match": '"1"'})
    t.status("fill the form", r, 200)
    r = act(no, "transfer", "agent")
    t.ok("TOWN owner without town_code: 400 lead_unit_code",
         r.status == 400 and r.error_field() == "lead_unit_code", r.text())
    r = srv.req("PATCH", f"/v1/tickets/{no}", {"town_code": "CHANGAN"},
                token=tok["agent"], headers={"If-Match": '"2"'})
    r = act(no, "transfer", "agent")
    t.eq("TOWN owner: the town of the incident leads",
         (r.json() or {}).get("lead_unit_code"), "CHANGAN")

    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
