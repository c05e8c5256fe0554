#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The online queue of other channels (/v1/intake-items, docs/api.md):
the demo items; post (idempotent on channel + external_id, 409 for other
content); strict validation; list oldest first with state filter and
cursor; claim (a second agent gets 409 already_claimed naming the first;
a race of two claims has exactly one winner); release; a ticket from the
item (POST /v1/tickets with intake_item_id: the item becomes done with the
ticket number, the ticket's channel is the item's); the intake.changed
event; the role matrix."""
import threading

from harness import Server, new_ticket, run
from test_events import Stream


def item_body(**over):
    b = {"channel": "WECHAT", "external_id": "wx-test-0001",
         "citizen_phone": "13800138099", "citizen_name": "赵女士",
         "subject": "楼下烧烤店深夜噪音",
         "content": "寮步镇某烧烤店每晚营业到凌晨两点，顾客喧哗严重影响休息。\n请求处理。",
         "received_at": "2026-11-28T10:00:00Z"}
    b.update(over)
    return b


def check_seed(t, srv, tok):
    r = srv.req("GET", "/v1/intake-items?state=waiting", token=tok)
    t.status("list waiting 200", r, 200)
    items = (r.json() or {}).get("items", [])
    t.ok("the demo set has at least 5 waiting items", len(items) >= 5,
         len(items))
    chans = {i["channel"] for i in items}
    t.ok("from at least 4 channels", len(chans) >= 4, chans)
    t.ok("no PHONE item", "PHONE" not in chans, chans)
    rec = [i["received_at"] for i in items]
    t.eq("oldest first", rec, sorted(rec))
    t.ok("Chinese content kept", any("公积金" in i["content"] for i in items),
         [i["subject"] for i in items])
    t.ok("waiting_s counts", all(i["waiting_s"] >= 0 for i in items)
         and items[0]["waiting_s"] >= items[-1]["waiting_s"], items[:1])
    # paging with the cursor walks the same list
    got, cur, pages = [], None, 0
    while pages < 20:
        q = "/v1/intake-items?state=waiting&limit=2" + (
            f"&cursor={cur}" if cur else "")
        j = srv.req("GET", q, token=tok).json()
        got += [i["id"] for i in j["items"]]
        cur = j["next_cursor"]
        pages += 1
        if not cur:
            break
    t.eq("cursor paging returns every item once", got,
         [i["id"] for i in items])


def check_post(t, srv, cti, tok):
    b = item_body()
    r = srv.req("POST", "/v1/intake-items", b, token=cti)
    t.status("post 201", r, 201)
    it = r.json() or {}
    t.eq("state waiting", it.get("state"), "waiting")
    t.eq("content exact", it.get("content"), b["content"])
    t.eq("received_at kept", it.get("received_at"), b["received_at"])
    t.eq("created_by the gateway", it.get("created_by"), "demo-cti")
    t.eq("Location", r.header("location"), f"/v1/intake-items/{it.get('id')}")
    r2 = srv.req("POST", "/v1/intake-items", b, token=cti)
    t.status("same body again → 200", r2, 200)
    t.eq("same item", (r2.json() or {}).get("id"), it.get("id"))
    r3 = srv.req("POST", "/v1/intake-items",
                 item_body(content="另一段内容"), token=cti)
    t.status("same external_id, other content → 409", r3, 409,
             "external_id_conflict")
    r4 = srv.req("POST", "/v1/intake-items",
                 item_body(channel="WEB"), token=cti)
    t.status("same external_id on another channel → 201", r4, 201)
    r5 = srv.req("POST", "/v1/intake-items",
                 {"channel": "APP", "external_id": "app-min-1",
                  "content": "仅有内容"}, token=cti)
    t.status("only the required fields → 201", r5, 201)
    t.ok("received_at defaults to now",
         (r5.json() or {}).get("received_at", "").startswith("20"),
         r5.text())
    g = srv.req("GET", f"/v1/intake-items/{it.get('id')}", token=tok)
    t.status("get 200", g, 200)
    t.eq("get: ETag is the version", g.header("etag"), '"1"')
    t.status("get unknown → 404",
             srv.req("GET", "/v1/intake-items/999999", token=tok), 404,
             "not_found")
    t.status("get bad id → 404",
             srv.req("GET", "/v1/intake-items/01", token=tok), 404)
    return it["id"]


def check_bad_input(t, srv, cti, tok):
    cases = [
        ("unknown channel", item_body(channel="TELEGRAM"), "unknown_value",
         "channel"),
        ("PHONE is not an online channel", item_body(channel="PHONE"),
         "unknown_value", "channel"),
        ("empty content", item_body(content=""), "missing_field", "content"),
        ("content missing", {k: v for k, v in item_body().items()
                             if k != "content"}, "missing_field", "content"),
        ("channel missing", {k: v for k, v in item_body().items()
                             if k != "channel"}, "missing_field", "channel"),
        ("content too long", item_body(content="长" * 4001),
         "invalid_field", "content"),
        ("subject too long", item_body(subject="题" * 101),
         "invalid_field", "subject"),
        ("subject with a newline", item_body(subject="a\nb"),
         "invalid_field", "subject"),
        ("bad phone", item_body(citizen_phone="138-0013"),
         "invalid_field", "citizen_phone"),
        ("bad external_id", item_body(external_id="有 空格"),
         "invalid_field", "external_id"),
        ("external_id too long", item_body(external_id="x" * 65),
         "invalid_field", "external_id"),
        ("received_at malformed", item_body(received_at="yesterday"),
         "invalid_field", "received_at"),
        ("received_at in the future",
         item_body(received_at="2099-01-01T00:00:00Z"), "invalid_field",
         "received_at"),
        ("unknown key", item_body(priority=1), "invalid_field", "priority"),
        ("content not a string", item_body(content=5), "invalid_field",
         "content"),
    ]
    for name, body, code, field in cases:
        r = srv.req("POST", "/v1/intake-items", body, token=cti)
        t.ok(f"bad input: {name} → 400 {code} {field}",
             r.status == 400 and r.error_code() == code
             and r.error_field() == field, f"{r.status} {r.text()[:200]}")
    r = srv.req("POST", "/v1/intake-items", raw=b'{"channel": "WEB",',
                token=cti, headers={"Content-Type": "application/json"})
    t.status("bad JSON → 400", r, 400, "bad_json")
    for q in ("state=gone", "limit=0", "limit=abc", "cursor=zz",
              "cursor=1.0"):
        r = srv.req("GET", "/v1/intake-items?" + q, token=tok)
        t.status(f"list ?{q} → 400", r, 400)


def check_claim(t, srv, tok, tok2, sup, item_id):
    r = srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok)
    t.status("claim 200", r, 200)
    j = r.json() or {}
    t.eq("claimed", j.get("state"), "claimed")
    t.eq("claimed_by", j.get("claimed_by"), "demo-agent")
    t.eq("version 2", j.get("version"), 2)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok)
    t.status("claim again by the same agent → 200", r, 200)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok2)
    t.status("second agent → 409 already_claimed", r, 409, "already_claimed")
    t.ok("the error names who holds it", "demo-agent" in r.text(), r.text())
    r = srv.req("POST", f"/v1/intake-items/{item_id}/release", token=tok2)
    t.status("release by another agent → 409", r, 409, "not_claimed")
    r = srv.req("POST", f"/v1/intake-items/{item_id}/release", token=tok)
    t.status("release 200", r, 200)
    t.eq("back to waiting", (r.json() or {}).get("state"), "waiting")
    t.eq("claimed_by cleared", (r.json() or {}).get("claimed_by"), None)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/release", token=tok)
    t.status("release a waiting item → 409", r, 409, "not_claimed")
    # a supervisor may release someone else's claim
    srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok2)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/release", token=sup)
    t.status("supervisor releases another's claim", r, 200)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok,
                body={"x": 1})
    t.status("claim with a body key → 400", r, 400, "invalid_field")
    t.status("claim unknown → 404",
             srv.req("POST", "/v1/intake-items/999999/claim", token=tok),
             404)


def check_race(t, srv, cti, toks):
    """Several agents claim the same item at once: one wins."""
    for round_ in range(5):
        r = srv.req("POST", "/v1/intake-items",
                    item_body(external_id=f"race-{round_}",
                              content=f"并发认领测试 {round_}"), token=cti)
        iid = r.json()["id"]
        res = [None] * len(toks)
        gate = threading.Barrier(len(toks))

        def go(k):
            gate.wait()
            res[k] = srv.req("POST", f"/v1/intake-items/{iid}/claim",
                             token=toks[k])

        th = [threading.Thread(target=go, args=(k,))
              for k in range(len(toks))]
        for x in th:
            x.start()
        for x in th:
            x.join()
        codes = sorted(x.status for x in res)
        t.eq(f"race {round_}: one 200, the others 409",
             codes, [200] + [409] * (len(toks) - 1))
        winner = [x for x in res if x.status == 200][0].json()["claimed_by"]
        cur = srv.req("GET", f"/v1/intake-items/{iid}", token=toks[0]).json()
        t.eq(f"race {round_}: the stored claim is the winner's",
             cur["claimed_by"], winner)
        t.ok(f"race {round_}: losers name the winner",
             all(winner in x.text() for x in res if x.status == 409),
             [x.text() for x in res])


def check_ticket(t, srv, tok, tok2, item_id):
    body = new_ticket(channel="PHONE", intake_item_id=item_id)
    r = srv.req("POST", "/v1/tickets", body, token=tok)
    t.status("ticket from an unclaimed item → 409 not_claimed", r, 409,
             "not_claimed")
    srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok)
    r = srv.req("POST", "/v1/tickets", body, token=tok2)
    t.status("ticket from another agent's item → 409", r, 409, "not_claimed")
    for bad in ("7", 0, -1, 1.5, None):
        r = srv.req("POST", "/v1/tickets",
                    new_ticket(intake_item_id=bad), token=tok)
        t.status(f"intake_item_id {bad!r} → 400", r, 400)
    r = srv.req("POST", "/v1/tickets", new_ticket(intake_item_id=999999),
                token=tok)
    t.status("unknown intake_item_id → 400 unknown_value", r, 400,
             "unknown_value")
    n_before = len(srv.req("GET", "/v1/tickets?limit=200", token=tok)
                   .json()["items"])
    key = {"Idempotency-Key": f"intake-{item_id}"}
    r = srv.req("POST", "/v1/tickets", body, token=tok, headers=key)
    t.status("ticket from my claimed item → 201", r, 201)
    tk = r.json() or {}
    t.eq("the ticket's channel is the item's", tk.get("channel"), "WECHAT")
    it = srv.req("GET", f"/v1/intake-items/{item_id}", token=tok).json()
    t.eq("item done", it["state"], "done")
    t.eq("item records the ticket number", it["ticket_no"],
         tk.get("ticket_no"))
    r = srv.req("POST", "/v1/tickets", body, token=tok, headers=key)
    t.status("replay with the same Idempotency-Key → 200", r, 200)
    t.eq("replay: same ticket", (r.json() or {}).get("ticket_no"),
         tk.get("ticket_no"))
    r = srv.req("POST", "/v1/tickets", body, token=tok)
    t.status("a second ticket for a done item → 409", r, 409, "not_claimed")
    n_after = len(srv.req("GET", "/v1/tickets?limit=200", token=tok)
                  .json()["items"])
    t.eq("exactly one ticket was created", n_after, n_before + 1)
    r = srv.req("POST", f"/v1/intake-items/{item_id}/claim", token=tok2)
    t.status("claim a done item → 409 already_done", r, 409, "already_done")
    r = srv.req("GET", "/v1/intake-items?state=done", token=tok)
    t.ok("listed under done", item_id in [i["id"] for i in r.json()["items"]],
         r.text()[:200])
    r = srv.req("GET", "/v1/intake-items?state=open", token=tok)
    t.ok("not under open", item_id not in [i["id"] for i in r.json()["items"]],
         r.text()[:200])


def check_event(t, srv, cti, tok):
    s = Stream(srv, tok)
    t.eq("stream 200", s.head(), 200)
    s.next()  # hello
    r = srv.req("POST", "/v1/intake-items",
                item_body(external_id="ev-1", content="事件测试"), token=cti)
    iid = r.json()["id"]
    ev = s.next_event()
    t.ok("intake.changed on a new item",
         ev and ev.get("event") == "intake.changed"
         and ev["json"] == {"id": iid, "state": "waiting"}, ev)
    srv.req("POST", f"/v1/intake-items/{iid}/claim", token=tok)
    ev = s.next_event()
    t.ok("intake.changed on claim",
         ev and ev.get("event") == "intake.changed"
         and ev["json"] == {"id": iid, "state": "claimed"}, ev)
    s.close()


def check_roles(t, srv):
    matrix = {
        # role: (post, list, get, claim)
        "agent": (403, 200, 200, 200),
        "supervisor": (403, 200, 200, 200),
        "trainer": (403, 200, 200, 200),
        "admin": (201, 200, 200, 200),
        "cti": (201, 403, 200, 403),
        "dispatcher": (403, 403, 403, 403),
        "unit": (403, 403, 403, 403),
        "reviewer": (403, 403, 403, 403),
        "visitor": (403, 403, 403, 403),
        "kb_editor": (403, 403, 403, 403),
    }
    for role, (p, l, g, c) in matrix.items():
        user = "demo-kb" if role == "kb_editor" else "demo-" + role
        tok = srv.login(user)
        r = srv.req("POST", "/v1/intake-items",
                    item_body(external_id=f"role-{role}",
                              content=f"角色测试 {role}"), token=tok)
        t.status(f"{role}: post → {p}", r, p)
        t.status(f"{role}: list → {l}",
                 srv.req("GET", "/v1/intake-items", token=tok), l)
        t.status(f"{role}: get → {g}",
                 srv.req("GET", "/v1/intake-items/1", token=tok), g)
        # each claimer gets a fresh item
        adm = srv.login("demo-admin")
        iid = srv.req("POST", "/v1/intake-items",
                      item_body(external_id=f"role-claim-{role}",
                                content=f"认领 {role}"), token=adm).json()["id"]
        t.status(f"{role}: claim → {c}",
                 srv.req("POST", f"/v1/intake-items/{iid}/claim", token=tok),
                 c)
    t.status("no token → 401", srv.req("GET", "/v1/intake-items"), 401)


def main(t):
    srv = Server()
    tok = srv.login("demo-agent")
    tok2 = srv.login("demo-agent2")
    sup = srv.login("demo-supervisor")
    cti = srv.login("demo-cti")
    check_seed(t, srv, tok)
    item_id = check_post(t, srv, cti, tok)
    check_bad_input(t, srv, cti, tok)
    check_claim(t, srv, tok, tok2, sup, item_id)
    check_race(t, srv, cti, [tok, tok2, srv.login("demo-agent3"), sup])
    check_ticket(t, srv, tok, tok2, item_id)
    check_event(t, srv, cti, tok)
    check_roles(t, srv)
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
