#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tickets: create (defaults, Idempotency-Key), read (ETag, events), list
(filters, cursor paging), edit (If-Match: 428, 412, 200)."""
import re

from harness import Server, new_ticket, run

CONTRACT_KEYS = [
    "ticket_no", "channel", "desk", "appeal_type", "title", "content",
    "category_code", "category_name", "urgency", "town_code", "town_name",
    "community", "address", "caller_phone", "contact_phone", "caller_name",
    "gender", "caller_kind", "company_name", "credit_code", "id_number",
    "is_anonymous", "is_confidential", "needs_reply", "tags",
    "handling_mode", "direct_reply", "lead_unit_code", "lead_unit_name",
    "assist_units", "dispatch_note", "deadline", "state", "warning",
    "supervised", "supervised_due_at", "overdue", "rehandle_count",
    "return_count", "extension_count", "call_id", "created_by", "created_at",
    "updated_at", "result", "satisfaction", "solved", "version", "extra"]
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def all_pages(srv, tok, query):
    """Every item of a listing, following next_cursor."""
    items, cursor, pages = [], None, 0
    while True:
        q = query + (f"&cursor={cursor}" if cursor else "")
        r = srv.req("GET", "/v1/tickets?" + q, token=tok)
        if r.status != 200:
            raise RuntimeError(f"list {q}: {r.status} {r.text()}")
        j = r.json()
        items += j["items"]
        pages += 1
        cursor = j["next_cursor"]
        if not cursor or pages > 100:
            return items, pages


def main(t):
    srv = Server()
    tok = srv.login("demo-agent")
    tok2 = srv.login("demo-agent2")

    # ---- create
    body = new_ticket(tags=["重复来电"], assist_units=["UMLE"],
                      id_number="44190019900101123X", contact_phone="0769123456",
                      call_id="call-0001", extra={})
    r = srv.req("POST", "/v1/tickets", body, token=tok)
    t.status("create 201", r, 201)
    tk = r.json() or {}
    no = tk.get("ticket_no", "")
    t.ok("ticket number DG + date + 6 digits",
         re.fullmatch(r"DG\d{8}\d{6}", no), no)
    t.eq("TICKET keys in contract order", list(tk)[:len(CONTRACT_KEYS)],
         CONTRACT_KEYS)
    t.eq("state DRAFT", tk.get("state"), "DRAFT")
    t.eq("version 1", tk.get("version"), 1)
    t.eq("created_by", tk.get("created_by"), "demo-agent")
    t.eq("title stored exactly", tk.get("title"), body["title"])
    t.eq("content keeps its newline", tk.get("content"), body["content"])
    t.eq("category name", tk.get("category_name"), "噪声污染")
    t.eq("town name", tk.get("town_name"), "东城街道")
    t.eq("id number masked", tk.get("id_number"), "4419**********123X")
    t.eq("tags", tk.get("tags"), ["重复来电"])
    t.eq("assist units resolved", tk.get("assist_units"),
         [{"code": "UMLE", "name": "东莞市城市管理和综合执法局"}])
    t.eq("desk defaults to the agent's desk", tk.get("desk"), "GENERAL")
    t.eq("needs_reply defaults to true", tk.get("needs_reply"), True)
    t.eq("caller_kind defaults to PERSON", tk.get("caller_kind"), "PERSON")
    t.eq("handling_mode null", tk.get("handling_mode"), None)
    t.eq("deadline null", tk.get("deadline"), None)
    t.eq("warning null", tk.get("warning"), None)
    t.eq("call_id", tk.get("call_id"), "call-0001")
    t.ok("created_at ISO", ISO.fullmatch(tk.get("created_at", "")),
         tk.get("created_at"))
    ev = tk.get("events", [])
    t.eq("one create event", [(e["action"], e["from_state"], e["to_state"],
                               e["actor"]) for e in ev],
         [("create", None, "DRAFT", "demo-agent")])
    t.eq("ETag is the version", r.header("etag"), '"1"')
    t.eq("Location", r.header("location"), f"/v1/tickets/{no}")

    r = srv.req("POST", "/v1/tickets", new_ticket(), token=tok2)
    t.status("agent2 creates", r, 201)
    t.eq("agent2's default desk is its first desk",
         (r.json() or {}).get("desk"), "GENERAL")
    no2 = (r.json() or {}).get("ticket_no")
    t.ok("numbers increase within the day", no2 > no, f"{no2} {no}")

    # ---- read
    r = srv.req("GET", f"/v1/tickets/{no}", token=tok)
    t.status("get 200", r, 200)
    t.eq("get ETag", r.header("etag"), '"1"')
    t.eq("get = create", {k: v for k, v in (r.json() or {}).items()
                          if k not in ("warning",)},
         {k: v for k, v in tk.items() if k not in ("warning",)})
    r = srv.req("GET", "/v1/tickets/DG20990101999999", token=tok)
    t.status("unknown ticket 404", r, 404, "not_found")
    r = srv.req("GET", "/v1/tickets/nonsense", token=tok)
    t.status("malformed ticket number 404", r, 404, "not_found")

    # ---- list
    r = srv.req("GET", "/v1/tickets", token=tok)
    t.status("list 200", r, 200)
    j = r.json() or {}
    t.eq("list keys", sorted(j), ["items", "next_cursor"])
    items = j.get("items", [])
    t.eq("default limit 50 (or all when fewer)", len(items),
         min(50, len(all_pages(srv, tok, "limit=200")[0])))
    r = srv.req("GET", "/v1/tickets?limit=20", token=tok)
    t.eq("limit=20", len(r.json()["items"]), 20)
    t.ok("items carry no events", all("events" not in i for i in items))
    keys = [(i["created_at"], i["ticket_no"]) for i in items]
    t.eq("newest first", keys, sorted(keys, reverse=True))
    t.eq("the newest is ours", items[0]["ticket_no"] if items else None, no2)
    everything, pages = all_pages(srv, tok, "limit=7")
    nos = [i["ticket_no"] for i in everything]
    t.eq("paging: no duplicates", len(nos), len(set(nos)))
    t.ok("paging: more than one page", pages > 3, pages)
    total = len(nos)
    big, _ = all_pages(srv, tok, "limit=200")
    t.eq("paging: same set at any page size", sorted(nos),
         sorted(i["ticket_no"] for i in big))
    keys = [(i["created_at"], i["ticket_no"]) for i in everything]
    t.eq("paging keeps the order", keys, sorted(keys, reverse=True))

    mine, _ = all_pages(srv, tok2, "mine=1&limit=200")
    t.ok("mine=1 is created_by = me", no2 in [i["ticket_no"] for i in mine]
         and all(i["created_by"] == "demo-agent2" for i in mine),
         [(i["ticket_no"], i["created_by"]) for i in mine])
    t.ok("mine=1 leaves out others' tickets",
         no not in [i["ticket_no"] for i in mine])
    r = srv.req("GET", "/v1/tickets?state=DRAFT&limit=200", token=tok)
    st = [i["state"] for i in r.json()["items"]]
    t.ok("state filter", st and set(st) == {"DRAFT"}, st)
    r = srv.req("GET", "/v1/tickets?phone=0769123456", token=tok)
    t.eq("phone matches contact_phone",
         [i["ticket_no"] for i in r.json()["items"]], [no])
    r = srv.req("GET", "/v1/tickets?phone=13800138000&limit=200", token=tok)
    got = [i for i in r.json()["items"]]
    t.ok("phone matches caller_phone", len(got) >= 2 and all(
        "13800138000" in (i["caller_phone"], i["contact_phone"]) for i in got),
        len(got))
    r = srv.req("GET", "/v1/tickets?q=%E5%99%AA%E9%9F%B3&limit=200", token=tok)
    got = r.json()["items"]
    t.ok("q=噪音 finds substrings of title/content/address",
         len(got) >= 2 and all("噪音" in (i["title"] + i["content"] + i["address"])
                               for i in got), [i["title"] for i in got])
    r = srv.req("GET", "/v1/tickets?q=%E4%B8%BB%E5%B1%B1%E7%A4%BE%E5%8C%BA"
                "&mine=1", token=tok)
    got = r.json()["items"]
    t.ok("q matches the address", no in [i["ticket_no"] for i in got] and
         all("主山社区" in i["title"] + i["content"] + i["address"]
             for i in got), [i["ticket_no"] for i in got])
    r = srv.req("GET", "/v1/tickets?q=zzzzqqq", token=tok)
    t.eq("q without match: empty, no cursor", r.json(),
         {"items": [], "next_cursor": None})
    r = srv.req("GET", "/v1/tickets?limit=1", token=tok)
    t.ok("limit=1 gives a cursor", len(r.json()["items"]) == 1
         and r.json()["next_cursor"], r.text()[:200])
    for bad, field in (("limit=0", "limit"), ("limit=201", "limit"),
                       ("limit=abc", "limit"), ("state=OPEN", "state"),
                       ("phone=12ab", "phone"), ("cursor=%21%21", "cursor"),
                       ("cursor=MTIzOkRH", "cursor"), ("mine=yes", "mine")):
        r = srv.req("GET", "/v1/tickets?" + bad, token=tok)
        t.ok(f"bad query {bad} -> 400 naming {field}",
             r.status == 400 and r.error_field() == field, r.text()[:200])

    # ---- idempotency
    key = {"Idempotency-Key": "3f1c9d2e-0b7a-4c55-9e61-2a8f4d0c7b11"}
    body = new_ticket(title="同一请求只建一张工单")
    r1 = srv.req("POST", "/v1/tickets", body, token=tok, headers=key)
    r2 = srv.req("POST", "/v1/tickets", body, token=tok, headers=key)
    t.status("idempotent first 201", r1, 201)
    t.status("idempotent replay 200", r2, 200)
    t.eq("replay names the same ticket", (r2.json() or {}).get("ticket_no"),
         (r1.json() or {}).get("ticket_no"))
    after, _ = all_pages(srv, tok, "limit=200")
    t.eq("one row, checked by listing", len(after), total + 1)
    t.eq("one row with that title",
         sum(1 for i in after if i["title"] == "同一请求只建一张工单"), 1)
    r3 = srv.req("POST", "/v1/tickets", dict(body, title="另一个请求"),
                 token=tok, headers=key)
    t.status("same key, different body: 422", r3, 422, "idempotency_conflict")
    after2, _ = all_pages(srv, tok, "limit=200")
    t.eq("no row for the conflict", len(after2), total + 1)
    r4 = srv.req("POST", "/v1/tickets", body, token=tok2, headers=key)
    t.status("same key from another agent is another request", r4, 201)
    r5 = srv.req("POST", "/v1/tickets", body, token=tok,
                 headers={"Idempotency-Key": "bad key with spaces"})
    t.status("malformed Idempotency-Key 400", r5, 400, "invalid_field")
    r6 = srv.req("POST", "/v1/tickets", dict(body, title=123), token=tok,
                 headers=key)
    t.status("same key, invalid body: 400 (validated first)", r6, 400,
             "invalid_field")

    # ---- edit: If-Match
    path = f"/v1/tickets/{no}"
    r = srv.req("PATCH", path, {"address": "东城街道主山社区三巷"}, token=tok)
    t.status("PATCH without If-Match 428", r, 428, "precondition_required")
    r = srv.req("PATCH", path, {"address": "x"}, token=tok,
                headers={"If-Match": '"7"'})
    t.status("PATCH with a stale ETag 412", r, 412, "precondition_failed")
    r = srv.req("PATCH", path, {"address": "东城街道主山社区三巷",
                                "urgency": "URGENT", "tags": []},
                token=tok, headers={"If-Match": '"1"'})
    t.status("PATCH with the right ETag 200", r, 200)
    j = r.json() or {}
    t.eq("PATCH bumps the version", j.get("version"), 2)
    t.eq("PATCH ETag", r.header("etag"), '"2"')
    t.eq("PATCH applied", (j.get("address"), j.get("urgency"), j.get("tags")),
         ("东城街道主山社区三巷", "URGENT", []))
    t.eq("PATCH leaves other fields", j.get("title"), tk.get("title"))
    last = (j.get("events") or [{}])[-1]
    t.eq("PATCH logs an update event",
         (last.get("action"), last.get("actor"), last.get("from_state")),
         ("update", "demo-agent", None))
    t.ok("update event names the fields", "address" in last.get("comment", ""),
         last)
    r = srv.req("PATCH", path, {"address": "again"}, token=tok,
                headers={"If-Match": '"1"'})
    t.status("the old ETag is now stale: 412", r, 412, "precondition_failed")
    r = srv.req("PATCH", path, {"state": "ARCHIVED"}, token=tok,
                headers={"If-Match": '"2"'})
    t.status("read-only field 400", r, 400, "invalid_field")
    t.eq("read-only field named", r.error_field(), "state")
    for f in ("version", "created_by", "ticket_no", "deadline", "result"):
        r = srv.req("PATCH", path, {f: "x"}, token=tok,
                    headers={"If-Match": '"2"'})
        t.ok(f"PATCH refuses {f}", r.status == 400 and r.error_field() == f,
             r.text()[:200])
    r = srv.req("PATCH", path, {}, token=tok, headers={"If-Match": '"2"'})
    t.status("empty PATCH 400", r, 400)
    r = srv.req("PATCH", path, {"title": "新标题"}, token=tok,
                headers={"If-Match": "2"})
    t.status("If-Match without quotes accepted", r, 200)
    r = srv.req("PATCH", path, {"title": "再改"}, token=tok,
                headers={"If-Match": "*"})
    t.status("If-Match: * accepted", r, 200)
    t.eq("version now 4", (r.json() or {}).get("version"), 4)
    r = srv.req("PATCH", path, {"title": "x"}, token=tok,
                headers={"If-Match": "garbage"})
    t.status("malformed If-Match 412", r, 412, "precondition_failed")
    r = srv.req("PATCH", "/v1/tickets/DG20990101999999", {"title": "x"},
                token=tok, headers={"If-Match": '"1"'})
    t.status("PATCH unknown ticket 404", r, 404, "not_found")
    r = srv.req("GET", path, token=tok)
    t.eq("GET after PATCH: ETag follows", r.header("etag"), '"4"')
    t.eq("events: create + 3 updates",
         [e["action"] for e in r.json()["events"]],
         ["create", "update", "update", "update"])

    # extra fields of the category's form (inherited)
    r = srv.req("POST", "/v1/tickets", new_ticket(
        category_code="010101", appeal_type="HELP", title="工厂拖欠工资",
        extra={"employer_name": "某五金厂", "owed_period": "2026年9月至10月",
               "amount_owed": 12000, "has_contract": "no"}), token=tok)
    t.status("extra fields of the form and its ancestors", r, 201)
    t.eq("extra stored", (r.json() or {}).get("extra", {}).get("amount_owed"),
         12000)
    for extra, field in (({"nope": "x"}, "extra.nope"),
                         ({"has_contract": "maybe"}, "extra.has_contract"),
                         ({"amount_owed": "many"}, "extra.amount_owed")):
        r = srv.req("POST", "/v1/tickets", new_ticket(
            category_code="010101", extra=extra), token=tok)
        t.ok(f"bad extra -> 400 {field}",
             r.status == 400 and r.error_field() == field, r.text()[:200])

    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
