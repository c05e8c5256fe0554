#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input never crashes or half-writes: malformed JSON, wrong types,
invalid UTF-8, NUL, control characters, deep nesting, unknown enums,
missing fields, bodies over 64 KiB (413), unknown routes (404), wrong
methods (405 + Allow).  Text is stored exactly as given."""
import json

from harness import Server, new_ticket, run

LIMIT = 64 * 1024


def main(t):
    srv = Server()
    tok = srv.login("demo-agent")
    auth = {"Authorization": "Bearer " + tok,
            "Content-Type": "application/json"}

    def count():
        r = srv.req("GET", "/v1/tickets?limit=200", token=tok)
        return len(r.json()["items"])

    def post_raw(body, path="/v1/tickets"):
        return srv.req("POST", path, raw=body, headers=auth)

    before = count()

    # ---- malformed JSON
    for name, raw in (("truncated", b'{"title":'),
                      ("trailing garbage", b'{"title":"x"} x'),
                      ("two values", b'{} {}'),
                      ("single quotes", b"{'title':'x'}"),
                      ("bare word", b"hello"),
                      ("lone surrogate escape", b'{"title":"\\ud800"}'),
                      ("leading-zero number", b'{"extra":{"a":01}}'),
                      ("raw newline inside a string",
                       b'{"title":"a\nb","content":"c"}'),
                      ("raw NUL byte", b'{"title":"a\x00b"}')):
        r = post_raw(raw)
        t.status(f"malformed JSON ({name}) 400 bad_json", r, 400, "bad_json")
    r = post_raw(b"[1,2,3]")
    t.status("an array instead of an object 400", r, 400, "bad_json")
    r = post_raw(b"")
    t.status("empty body on create 400", r, 400, "bad_json")
    r = srv.req("POST", "/v1/sessions", raw=b"{")
    t.status("malformed login body 400", r, 400, "bad_json")

    # ---- nesting
    deep = {"x": 1}
    for _ in range(40):
        deep = {"x": deep}
    r = srv.req("POST", "/v1/tickets", new_ticket(extra=deep), token=tok)
    t.status("40 levels of nesting 400", r, 400, "bad_json")
    r = post_raw(b"[" * 60000)
    t.status("60000 open brackets 400 (no stack blow-up)", r, 400,
             "bad_json")
    r = post_raw(b'{"a":' * 10000 + b"1" + b"}" * 10000)
    t.status("10000 nested objects 400", r, 400, "bad_json")

    # ---- invalid UTF-8
    good = json.dumps(new_ticket(), ensure_ascii=False).encode()
    for name, bad in (("0xff byte", b"\xff"), ("lone continuation", b"\x80"),
                      ("overlong slash", b"\xc0\xaf"),
                      ("UTF-16 surrogate", b"\xed\xa0\x80"),
                      ("truncated sequence", b"\xe5\x99"),
                      ("above U+10FFFF", b"\xf4\x90\x80\x80")):
        raw = good.replace("夜间施工噪音扰民".encode(), b"abc" + bad + b"def")
        r = post_raw(raw)
        t.status(f"invalid UTF-8 ({name}) 400 bad_utf8", r, 400, "bad_utf8")
        t.eq(f"invalid UTF-8 ({name}) names the field", r.error_field(),
             "title")
    raw = good.replace(b'"address"', b'"addr\xffess"')
    r = post_raw(raw)
    t.status("invalid UTF-8 in a key 400", r, 400, "bad_utf8")
    raw = good.replace("建筑工地".encode(), b"\xfe")
    r = post_raw(raw)
    t.ok("invalid UTF-8 in extra names extra",
         r.status == 400 and r.error_code() == "bad_utf8"
         and (r.error_field() or "").startswith("extra"), r.text())
    r = srv.req("GET", "/v1/tickets?q=%FF%FE", token=tok)
    t.status("invalid UTF-8 in a query 400", r, 400, "bad_utf8")
    t.eq("query field named", r.error_field(), "q")

    # ---- NUL and control characters
    r = srv.req("POST", "/v1/tickets", new_ticket(title="a\u0000b"),
                token=tok)
    t.status("\\u0000 in a string 400", r, 400, "invalid_field")
    t.eq("NUL names the field", r.error_field(), "title")
    r = srv.req("POST", "/v1/tickets", new_ticket(content="第一行\u0000"),
                token=tok)
    t.eq("NUL in content names content", r.error_field(), "content")
    r = srv.req("POST", "/v1/tickets", new_ticket(title="两行\n标题"),
                token=tok)
    t.status("newline in a one-line field 400", r, 400, "invalid_field")

    # ---- wrong types, missing fields, unknown values, limits
    cases = [
        ({"title": 5}, 400, "invalid_field", "title"),
        ({"title": None}, 400, "invalid_field", "title"),
        ({"title": ["a"]}, 400, "invalid_field", "title"),
        ({"is_anonymous": "yes"}, 400, "invalid_field", "is_anonymous"),
        ({"needs_reply": 1}, 400, "invalid_field", "needs_reply"),
        ({"tags": "长者"}, 400, "invalid_field", "tags"),
        ({"tags": [1]}, 400, "invalid_field", "tags"),
        ({"tags": ["a"] * 11}, 400, "invalid_field", "tags"),
        ({"assist_units": ["NOPE"]}, 400, "unknown_value", "assist_units"),
        ({"extra": []}, 400, "invalid_field", "extra"),
        ({"call_id": 7}, 400, "invalid_field", "call_id"),
        ({"call_id": "有空格 的"}, 400, "invalid_field", "call_id"),
        ({"channel": "FAX"}, 400, "unknown_value", "channel"),
        ({"channel": "phone"}, 400, "unknown_value", "channel"),
        ({"appeal_type": "RANT"}, 400, "unknown_value", "appeal_type"),
        ({"urgency": "SOON"}, 400, "unknown_value", "urgency"),
        ({"desk": "VIP"}, 400, "unknown_value", "desk"),
        ({"caller_kind": "ALIEN"}, 400, "unknown_value", "caller_kind"),
        ({"gender": "X"}, 400, "unknown_value", "gender"),
        ({"category_code": "999999"}, 400, "unknown_value", "category_code"),
        ({"town_code": "NOWHERE"}, 400, "unknown_value", "town_code"),
        ({"town_code": "HRSS"}, 400, "unknown_value", "town_code"),
        ({"lead_unit_code": "NOPE"}, 400, "unknown_value", "lead_unit_code"),
        ({"caller_phone": "138-0013"}, 400, "invalid_field", "caller_phone"),
        ({"caller_phone": "12"}, 400, "invalid_field", "caller_phone"),
        ({"credit_code": "91441900XXX"}, 400, "invalid_field", "credit_code"),
        ({"id_number": "4419001990010112"}, 400, "invalid_field",
         "id_number"),
        ({"title": "长" * 101}, 400, "invalid_field", "title"),
        ({"title": ""}, 400, "invalid_field", "title"),
        ({"content": "长" * 4001}, 400, "invalid_field", "content"),
        ({"state": "ARCHIVED"}, 400, "invalid_field", "state"),
        ({"ticket_no": "DG20260101000001"}, 400, "invalid_field",
         "ticket_no"),
        ({"bogus": 1}, 400, "invalid_field", "bogus"),
    ]
    for over, status, code, field in cases:
        r = srv.req("POST", "/v1/tickets", new_ticket(**over), token=tok)
        t.ok(f"{json.dumps(over, ensure_ascii=False)[:50]} -> {status} "
             f"{code} {field}",
             r.status == status and r.error_code() == code
             and r.error_field() == field, r.text()[:200])
    for f in ("channel", "appeal_type", "title", "content", "category_code"):
        b = new_ticket()
        del b[f]
        r = srv.req("POST", "/v1/tickets", b, token=tok)
        t.ok(f"missing {f} -> 400 missing_field",
             r.status == 400 and r.error_code() == "missing_field"
             and r.error_field() == f, r.text()[:200])
    raw = good[:-1] + b',"title":"dup"}'
    r = post_raw(raw)
    t.status("a key given twice 400", r, 400, "invalid_field")
    r = srv.req("POST", "/v1/tickets/DG20990101999999/actions/urge",
                raw=b'{"comment": 5}', headers=auth)
    t.status("action body of the wrong type 400 before 404?", r, 400,
             "invalid_field")

    # ---- size
    pad = LIMIT - len(good)
    raw = good[:-1] + b" " * pad + b"}"
    t.eq("the 64 KiB body is exactly 64 KiB", len(raw), LIMIT)
    r = post_raw(raw)
    t.status("a 64 KiB body is accepted", r, 201)
    raw = good[:-1] + b" " * (pad + 1) + b"}"
    r = post_raw(raw)
    t.status("64 KiB + 1 -> 413", r, 413, "too_large")
    r = srv.raw(b"POST /v1/tickets HTTP/1.1\r\nHost: x\r\n"
                b"Authorization: Bearer " + tok.encode() +
                b"\r\nContent-Length: 10485760\r\n\r\n" + b"x" * 100000)
    t.status("10 MiB -> 413 from Content-Length", r, 413, "too_large")
    head = (b"POST /v1/tickets HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer " + tok.encode() +
            b"\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    chunk = b" " * 4096
    body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n"
                    for _ in range(LIMIT // 4096 + 1)) + b"0\r\n\r\n"
    r = srv.raw(head + body)
    t.status("chunked body over 64 KiB -> 413", r, 413, "too_large")
    r = srv.raw(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\n"
                b"Content-Length: 99999999999999999999\r\n\r\n")
    t.ok("absurd Content-Length refused", r.status in (400, 413), r.status)

    # ---- routes and methods
    for path in ("/", "/v1", "/v1/nope", "/v2/health", "/v1/tickets/",
                 "/v1/health/", "/v1//health", "/v1/tickets/a/b",
                 "/v1/tickets/DG20260101000001/actions",
                 "/v1/tickets/DG20260101000001/actions/sign/x"):
        r = srv.req("GET", path, token=tok)
        t.status(f"GET {path} 404", r, 404, "not_found")
    for method, path, allow in (("DELETE", "/v1/tickets", "GET, POST"),
                                ("PUT", "/v1/health", "GET"),
                                ("POST", "/v1/me", "GET"),
                                ("GET", "/v1/sessions", "POST"),
                                ("GET", "/v1/sessions/current", "DELETE"),
                                ("DELETE", "/v1/tickets/DG20260101000001",
                                 "GET, PATCH"),
                                ("GET",
                                 "/v1/tickets/DG20260101000001/actions/sign",
                                 "POST")):
        r = srv.req(method, path, token=tok)
        t.status(f"{method} {path} 405", r, 405, "method_not_allowed")
        t.eq(f"{method} {path} Allow", r.header("allow"), allow)
    r = srv.req("HEAD", "/v1/health")
    t.status("HEAD is GET without a body", r, 200)

    # ---- nothing was written by any of that (except the 64 KiB ticket)
    t.eq("no half writes", count(), before + 1)

    # ---- hostile but valid text is stored exactly
    hostile = "\u001b[31m红\u001b[0m \u202e反向 e\u0301 🙂 \t<b>&amp;"
    r = srv.req("POST", "/v1/tickets", new_ticket(
        title=hostile, content="第一行\r\n第二行\u0007"), token=tok)
    t.status("hostile valid text accepted", r, 201)
    j = r.json() or {}
    t.eq("title stored exactly", j.get("title"), hostile)
    t.eq("content stored exactly", j.get("content"), "第一行\r\n第二行\u0007")
    r = srv.req("GET", f"/v1/tickets/{j.get('ticket_no')}", token=tok)
    t.eq("and read back exactly", (r.json() or {}).get("title"), hostile)

    r = srv.req("GET", "/v1/health")
    t.status("still alive", r, 200)
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
