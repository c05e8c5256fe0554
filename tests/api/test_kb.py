#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The knowledge base through HTTP: Chinese search of every length, mixed
and several terms, hostile input, pinyin initials, match offsets that
point at the query text, visibility (drafts, review, expired, future),
editing with versions and If-Match, the roles, "use this answer", the SMS
outbox drained by the demo gateway, and recall@3 of tests/kb/queries.tsv
(>= 0.90) over the seed."""
import datetime
import os
import re
import time
import urllib.parse

from harness import ROOT, Server, new_ticket, run

QUERIES = os.path.join(ROOT, "tests", "kb", "queries.tsv")
ARTICLES = os.path.join(ROOT, "data", "kb_articles.tsv")
GATEWAY_DEADLINE = 15.0


def search_path(q, **kw):
    """q: str (percent-encoded as UTF-8) or bytes (sent as is, encoded)."""
    qq = (urllib.parse.quote_from_bytes(q) if isinstance(q, bytes)
          else urllib.parse.quote(q, safe=""))
    extra = "".join(f"&{k}={urllib.parse.quote(str(v), safe='')}"
                    for k, v in kw.items())
    return f"/v1/kb/search?q={qq}{extra}"


def slices(text, ranges):
    """The byte ranges of text, decoded (None when one is not UTF-8 or
    out of bounds)."""
    b = text.encode("utf-8")
    out = []
    for s, n in ranges:
        if s < 0 or n <= 0 or s + n > len(b):
            return None
        try:
            out.append(b[s:s + n].decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return out


def fold(s):
    """Letters and digits folded like the tokenizer (full width too)."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or \
                0xFF41 <= o <= 0xFF5A:
            ch = chr(o - 0xFEE0)
        out.append(ch.lower())
    return "".join(out)


def load_articles():
    arts = {}
    with open(ARTICLES, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            arts[int(cols[0])] = dict(zip(header, cols))
    return arts


def main(t):
    srv = Server()
    roles = ["agent", "agent2", "supervisor", "trainer", "admin", "kb",
             "editor", "unit", "dispatcher", "cti", "reviewer", "visitor"]
    tok = {r: srv.login("demo-" + r) for r in roles}
    arts = load_articles()

    def get(path, who="agent", **kw):
        return srv.req("GET", path, token=tok[who], **kw)

    def search(q, who="agent", **kw):
        return get(search_path(q, **kw), who)

    searching(t, search, arts)
    hostile(t, search, get)
    visibility(t, srv, tok, search, get)
    editing(t, srv, tok, search, get)
    roles_table(t, srv, tok, search)
    uses(t, srv, tok, get)
    sms(t, srv, tok, get, arts)
    recall(t, search)
    t.ok("the log never shows a whole phone number",
         "13800000000" not in srv.log_text()
         and "19999990001" not in srv.log_text(), "phone in log")
    t.eq("SIGTERM exits 0", srv.stop(), 0)


def check_offsets(t, name, items, term):
    """Every marked range of every item decodes to text that, folded,
    is the (folded) term."""
    bad = []
    seen = 0
    for it in items:
        for text, key in ((it["snippet"], "snippet_matches"),
                          (it["title"], "title_matches")):
            got = slices(text, it[key])
            if got is None:
                bad.append((it["id"], key, "range outside text or not "
                            "UTF-8"))
                continue
            for g in got:
                seen += 1
                if fold(g) != fold(term):
                    bad.append((it["id"], key, g))
    t.ok(f"{name}: every match offset points at '{term}'",
         not bad and seen > 0, f"{bad[:5]} (ranges seen {seen})")


def searching(t, search, arts):
    for q, first in (("证", None), ("社保", None), ("公积金", None),
                     ("异地就医备案", 1030), ("C1驾驶证", 1039),
                     ("12329", 1018)):
        r = search(q)
        t.status(f"search {q} 200", r, 200)
        items = r.json()["items"]
        t.ok(f"search {q}: results", len(items) > 0, r.text()[:200])
        if first:
            t.eq(f"search {q}: article {first} first",
                 items[0]["id"] if items else None, first)
        strict = [it for it in items if it["match"] in ("all", "key")]
        t.ok(f"search {q}: found by the exact terms", strict, items[:2])
        check_offsets(t, f"search {q}", strict, q)
        for it in strict:
            a = arts[it["id"]]
            text = fold(" ".join((a["title"], a["question"], a["answer"],
                                  a["keywords"])).replace("\\n", "\n"))
            if fold(q) not in text:
                t.ok(f"search {q}: {it['id']} holds the text", False,
                     a["title"])
                break
        shape = items[0] if items else {}
        t.ok(f"search {q}: item fields", all(k in shape for k in (
            "id", "title", "category_code", "category_name",
            "owner_unit_code", "snippet", "snippet_matches",
            "title_matches", "score")), shape)

    # One character: substring semantics, the trimmed highlight.
    r = search("证", limit=50)
    items = r.json()["items"]
    t.ok("证: every result holds 证",
         all("证" in " ".join((arts[i["id"]]["title"],
                               arts[i["id"]]["question"],
                               arts[i["id"]]["answer"],
                               arts[i["id"]]["keywords"])) for i in items),
         [i["id"] for i in items])

    # Several terms: all must match (ALL stage), any order.
    r = search("提取 公积金", limit=20)
    items = r.json()["items"]
    strict = [i for i in items if i["match"] in ("all", "key")]
    t.ok("two terms: results", len(strict) >= 3, items[:3])
    t.ok("two terms: every strict result holds both",
         all("提取" in full(arts, i["id"]) and "公积金" in full(arts, i["id"])
             for i in strict), [i["id"] for i in strict])
    marks = set()
    for it in strict:
        marks.update(slices(it["snippet"], it["snippet_matches"]) or [])
        marks.update(slices(it["title"], it["title_matches"]) or [])
    t.ok("two terms: both terms are marked", {"提取", "公积金"} <= marks
         or any("公积金" in m and "提取" in m for m in marks), marks)
    r = search("公积金 火星移民")
    t.ok("a term found nowhere: no strict result",
         all(i["match"] == "any" for i in r.json()["items"]),
         r.json()["items"][:2])
    r = search("公积金，提取")
    t.eq("punctuation between terms: 1001 first",
         [i["id"] for i in r.json()["items"]][:1], [1001])
    r = search("Ｃ１驾驶证")
    t.eq("full-width letters and digits: 1039 first",
         [i["id"] for i in r.json()["items"]][:1], [1039])

    # Pinyin initials over titles.
    r = search("gjjtq")
    items = r.json()["items"]
    t.ok("pinyin gjjtq: 公积金提取 titles",
         items and all("公积金提取" in i["title"] for i in items), items)
    t.ok("pinyin gjjtq: match is pinyin",
         items and all(i["match"] == "pinyin" for i in items), items[:1])
    t.ok("pinyin gjjtq: title_matches mark 公积金提取",
         items and all(slices(i["title"], i["title_matches"])
                       == ["公积金提取"] for i in items), items[:2])
    r = search("zsbl")
    t.ok("pinyin zsbl finds 招生报名 or similar",
         r.status == 200, r.text()[:200])
    r = search("GJJ")
    t.ok("pinyin in capitals", r.json()["items"]
         and "公积金" in r.json()["items"][0]["title"], r.text()[:200])

    # Paging.
    r1 = search("公积金", limit=3)
    j1 = r1.json()
    t.ok("paging: next_cursor on a full page", j1["next_cursor"], j1)
    r2 = search("公积金", limit=3, cursor=j1["next_cursor"] or "")
    ids1 = [i["id"] for i in j1["items"]]
    ids2 = [i["id"] for i in r2.json()["items"]]
    t.ok("paging: the second page is new", ids2 and not set(ids1) & set(ids2),
         (ids1, ids2))
    r = search("公积金", limit=50)
    t.eq("paging: pages follow the full order",
         [i["id"] for i in r.json()["items"]][:6], ids1 + ids2)
    t.status("bad cursor 400", search("公积金", cursor="xyz"), 400,
             "invalid_field")
    for lim in ("0", "51", "x", "-1"):
        t.status(f"limit={lim} 400", search("公积金", limit=lim), 400,
                 "invalid_field")

    # Category filter (the category and its descendants).
    cat = arts[1001]["category_code"][:4]
    r = search("提取", category=cat)
    t.ok(f"category={cat}: only its articles",
         r.json()["items"] and all(i["category_code"].startswith(cat)
                                   for i in r.json()["items"]), r.text()[:200])
    t.status("unknown category 400", search("提取", category="9999"), 400,
             "unknown_value")


def full(arts, i):
    a = arts[i]
    return " ".join((a["title"], a["question"], a["answer"], a["keywords"]))


def hostile(t, search, get):
    for q in ('"', '""', '"公积金', 'OR', '公积金 OR 社保', '-', '-公积金',
              'NEAR(', 'NEAR(公积金 社保, 2)', '*', '公积*', '^社保', 'title:社保',
              '{title}: 社保', '(公积金', ')', 'AND', 'NOT 社保', "'", '\\',
              '%', '_', '公积金"提取', '"""', '社保\u0000', '😀社保😀',
              '\u200b', 'a' * 300, '公' * 300, '社保 ' * 50):
        r = search(q)
        ok = r.status == 200 and isinstance(r.json(), dict) and \
            "items" in r.json()
        t.ok(f"hostile {q[:20]!r}: 200 with items", ok,
             f"{r.status} {r.text()[:200]}")
    r = search('"公积金 OR 社保"')
    t.ok("OR is a word, not an operator",
         r.status == 200, r.text()[:200])
    for raw in (b"\xff", b"\xe5\x85", b"\xc0\xaf", b"\xed\xa0\x80",
                "社保".encode() + b"\xfe"):
        r = search(raw)
        t.status(f"invalid UTF-8 {raw!r}: 400 naming q", r, 400, "bad_utf8")
        t.eq(f"invalid UTF-8 {raw!r}: field q", r.error_field(), "q")
    for path, what in (("/v1/kb/search", "absent"),
                       ("/v1/kb/search?q=", "empty"),
                       ("/v1/kb/search?q=&limit=5", "empty with limit")):
        r = get(path)
        t.status(f"q {what}: 400", r, 400, "missing_field")
        t.eq(f"q {what}: field q", r.error_field(), "q")
    r = search("，。！？")
    t.ok("punctuation only: 200, no items",
         r.status == 200 and r.json()["items"] == [], r.text()[:200])


def visibility(t, srv, tok, search, get):
    hidden = {1137: "积分入学方案调整", 1138: "稳岗返还申领", 1139: "港澳通行证换发电子证件",
              1140: "家庭共济"}
    for aid, phrase in hidden.items():
        r = search(phrase, limit=50)
        t.ok(f"{aid} ({phrase}) is not found by an agent",
             aid not in [i["id"] for i in r.json()["items"]], r.text()[:200])
        t.status(f"agent GET {aid}: 404", get(f"/v1/kb/articles/{aid}"), 404,
                 "not_found")
        r = get(f"/v1/kb/articles/{aid}", "kb")
        t.status(f"editor GET {aid}: 200", r, 200)
        t.eq(f"editor GET {aid}: not visible", r.json().get("visible"), False)
        r = search(phrase, "kb", status="all", limit=50)
        t.ok(f"editor status=all finds {aid}",
             aid in [i["id"] for i in r.json()["items"]], r.text()[:200])
    t.status("agent status=all: 403", search("社保", status="all"), 403,
             "forbidden")
    t.status("editor status=bogus: 400", search("社保", "kb", status="bogus"),
             400, "unknown_value")
    r = search("积分入学", "kb", status="draft")
    t.ok("status=draft: only drafts",
         [i["id"] for i in r.json()["items"]] == [1137], r.text()[:300])
    r = get("/v1/kb/articles/1001")
    t.status("agent GET published: 200", r, 200)
    t.eq("GET: ETag is the version", r.header("etag"),
         f'"{r.json()["version"]}"')
    t.ok("GET: the fields", all(k in r.json() for k in (
        "title", "question", "answer", "sms_guide", "category_code",
        "category_name", "owner_unit_code", "owner_unit_name", "keywords",
        "effective_from", "effective_to", "status", "version", "updated_at",
        "use_count")), r.json())
    t.ok("GET: keywords is a list", isinstance(r.json()["keywords"], list)
         and len(r.json()["keywords"]) > 1, r.json()["keywords"])
    for bad in ("0", "x", "01001", "9" * 16, "99999"):
        t.status(f"GET /v1/kb/articles/{bad}: 404",
                 get(f"/v1/kb/articles/{bad}"), 404, "not_found")

    # A future article: published, effective tomorrow.
    tomorrow = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)
                + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    r = srv.req("POST", "/v1/kb/articles", {
        "title": "明日生效的鹦鹉螺政策", "answer": "测试未来生效的条目。",
        "category_code": "1401", "effective_from": tomorrow},
        token=tok["supervisor"])
    t.status("future article created", r, 201)
    fid = r.json()["id"]
    r = srv.req("POST", f"/v1/kb/articles/{fid}/actions/publish", None,
                token=tok["supervisor"])
    t.status("supervisor publishes a draft directly", r, 200)
    t.eq("future article: published, not visible",
         (r.json()["status"], r.json()["visible"]), ("published", False))
    r = search("鹦鹉螺")
    t.ok("future article: not found by an agent",
         fid not in [i["id"] for i in r.json()["items"]], r.text()[:200])
    r = search("yywl")
    t.ok("future article: not found by pinyin",
         fid not in [i["id"] for i in r.json()["items"]], r.text()[:200])
    t.status("future article: agent GET 404", get(f"/v1/kb/articles/{fid}"),
             404)


def editing(t, srv, tok, search, get):
    ed = tok["editor"]
    body = {"title": "独角兽企业认定申报指南", "question": "独角兽企业怎么申报？",
            "answer": "符合条件的企业可以在每年申报期内提交材料。\n由市科技局组织评审。",
            "sms_guide": "材料：申报书\n电话：0769-00000000",
            "category_code": "1401", "owner_unit_code": "HRSS",
            "keywords": ["独角兽申报", "瞪羚企业"]}
    r = srv.req("POST", "/v1/kb/articles", body, token=ed)
    t.status("editor creates an article: 201", r, 201)
    a = r.json()
    aid = a["id"]
    t.eq("new article: draft, version 1", (a["status"], a["version"]),
         ("draft", 1))
    t.eq("new article: ETag", r.header("etag"), '"1"')
    t.eq("new article: Location", r.header("location"),
         f"/v1/kb/articles/{aid}")
    t.eq("new article: keywords kept", a["keywords"], ["独角兽申报", "瞪羚企业"])
    t.eq("new article: answer kept with its newline", a["answer"],
         body["answer"])
    t.ok("draft: agent does not find it", aid not in ids(search("独角兽")),
         "found")

    path = f"/v1/kb/articles/{aid}"
    r = srv.req("PATCH", path, {"title": "独角兽企业认定申报"}, token=ed)
    t.status("PATCH without If-Match: 428", r, 428, "precondition_required")
    r = srv.req("PATCH", path, {"title": "独角兽企业认定申报"}, token=ed,
                headers={"If-Match": '"7"'})
    t.status("PATCH with a stale If-Match: 412", r, 412,
             "precondition_failed")
    for bad, code in (({"status": "published"}, "invalid_field"),
                      ({"bogus": 1}, "invalid_field"),
                      ({"title": ""}, "invalid_field"),
                      ({"title": "a\u0001b"}, "invalid_field"),
                      ({"title": "两行\n标题"}, "invalid_field"),
                      ({"title": "长" * 101}, "invalid_field"),
                      ({"category_code": "9999"}, "unknown_value"),
                      ({"owner_unit_code": "NOPE"}, "unknown_value"),
                      ({"keywords": ["a|b"]}, "invalid_field"),
                      ({"keywords": "a"}, "invalid_field"),
                      ({"effective_from": "2026-02-30"}, "invalid_field"),
                      ({"effective_from": "2027-01-01",
                        "effective_to": "2026-01-01"}, "invalid_field"),
                      ({}, "missing_field")):
        r = srv.req("PATCH", path, bad, token=ed, headers={"If-Match": '"1"'})
        t.status(f"PATCH {str(bad)[:40]}: 400 {code}", r, 400, code)
    r = srv.req("PATCH", path, {"title": "独角兽企业认定申报", "keywords": [
        "独角兽申报", "瞪羚企业", "高成长企业"]}, token=ed,
        headers={"If-Match": '"1"'})
    t.status("PATCH with If-Match: 200", r, 200)
    t.eq("PATCH: version 2, ETag 2", (r.json()["version"], r.header("etag")),
         (2, '"2"'))
    t.eq("PATCH: updated_by", r.json()["updated_by"], "demo-editor")

    r = srv.req("POST", f"{path}/actions/publish", None, token=ed)
    t.status("kb_editor cannot publish a draft directly: 403", r, 403,
             "forbidden")
    r = srv.req("POST", f"{path}/actions/expire", None, token=ed)
    t.status("expire a draft: 409", r, 409, "transition_refused")
    r = srv.req("POST", f"{path}/actions/submit", None, token=ed,
                headers={"If-Match": '"1"'})
    t.status("submit with a stale If-Match: 412", r, 412)
    r = srv.req("POST", f"{path}/actions/submit", None, token=ed,
                headers={"If-Match": '"2"'})
    t.status("submit: 200", r, 200)
    t.eq("submit: review, version 3", (r.json()["status"],
                                        r.json()["version"]), ("review", 3))
    t.ok("review: agent does not find it", aid not in ids(search("独角兽")),
         "found")
    r = srv.req("POST", f"{path}/actions/frobnicate", None, token=ed)
    t.status("unknown action: 404", r, 404)
    r = srv.req("POST", f"{path}/actions/publish", {"x": 1}, token=ed)
    t.status("action with a body field: 400", r, 400, "invalid_field")
    r = srv.req("POST", f"{path}/actions/publish", None, token=tok["kb"])
    t.status("another editor publishes from review: 200", r, 200)
    t.eq("published: visible, version 4", (r.json()["status"],
                                           r.json()["visible"],
                                           r.json()["version"]),
         ("published", True, 4))
    t.ok("published: agent finds it by its title", aid in ids(search("独角兽")),
         "not found")
    t.ok("published: agent finds it by a keyword",
         aid in ids(search("高成长企业")), "not found")
    t.ok("published: agent finds it by pinyin",
         aid in ids(search("djsqy")), "not found")
    r = search("瞪羚企业")
    t.eq("keyword equal to the query pins the article",
         (r.json()["items"][0]["id"], r.json()["items"][0]["match"]),
         (aid, "key"))

    # Editing a published article re-indexes it.
    r = srv.req("PATCH", path, {"title": "独角兽与瞪羚企业申报",
                                "answer": "请登录科技局网站提交材料。"},
                token=ed, headers={"If-Match": '"4"'})
    t.status("PATCH a published article: 200", r, 200)
    t.ok("the new answer is searchable", aid in ids(search("科技局网站")),
         "not found")
    t.ok("the old answer is not",
         aid not in [i["id"] for i in search("每年申报期内").json()["items"]
                     if i["match"] != "any"], "still found")
    t.ok("pinyin follows the new title", aid in ids(search("djsydlqy")),
         "not found")

    r = srv.req("GET", f"{path}/versions", token=ed)
    t.status("versions: 200", r, 200)
    v = r.json()["items"]
    t.eq("versions: every one kept",
         [(x["version"], x["action"], x["status"]) for x in v],
         [(1, "create", "draft"), (2, "update", "draft"),
          (3, "submit", "review"), (4, "publish", "published"),
          (5, "update", "published")])
    t.eq("versions: version 1's title and answer",
         (v[0]["title"], v[0]["answer"]), (body["title"], body["answer"]))
    t.eq("versions: who saved each", [x["updated_by"] for x in v],
         ["demo-editor"] * 3 + ["demo-kb", "demo-editor"])
    t.status("versions of nothing: 404",
             srv.req("GET", "/v1/kb/articles/99999/versions", token=ed), 404)

    r = srv.req("POST", f"{path}/actions/expire", None, token=ed)
    t.status("expire: 200", r, 200)
    t.eq("expired", r.json()["status"], "expired")
    t.ok("expired: agent does not find it", aid not in ids(search("独角兽")),
         "found")
    t.ok("expired: pinyin does not find it", aid not in ids(search("djsydlqy")),
         "found")
    t.status("agent GET expired: 404", srv.req("GET", path,
                                               token=tok["agent"]), 404)
    r = srv.req("PATCH", path, {"title": "复活"}, token=ed,
                headers={"If-Match": '"6"'})
    t.status("PATCH expired: 409", r, 409, "transition_refused")
    r = srv.req("POST", f"{path}/actions/publish", None, token=tok["admin"])
    t.status("publish expired: 409", r, 409, "transition_refused")

    r = srv.req("GET", "/v1/kb/articles?status=review", token=ed)
    t.status("list review: 200", r, 200)
    t.eq("list review: the seed's article in review",
         [x["id"] for x in r.json()["items"]], [1140])
    r = srv.req("GET", "/v1/kb/articles?limit=2", token=ed)
    t.ok("list: paging", r.json()["next_cursor"] and len(r.json()["items"])
         == 2, r.text()[:200])
    r2 = srv.req("GET", "/v1/kb/articles?limit=2&cursor="
                 + r.json()["next_cursor"], token=ed)
    t.ok("list: the next page is older",
         r2.json()["items"][0]["id"] < r.json()["items"][1]["id"],
         r2.text()[:200])
    t.status("list bad status: 400",
             srv.req("GET", "/v1/kb/articles?status=x", token=ed), 400)


def ids(r):
    return [i["id"] for i in r.json()["items"]]


def roles_table(t, srv, tok, search):
    read = {"agent", "agent2", "supervisor", "trainer", "admin", "kb",
            "editor"}
    edit = {"supervisor", "admin", "kb", "editor"}
    for role in tok:
        want = 200 if role in read else 403
        t.status(f"{role}: search {want}", search("社保", role), want)
        t.status(f"{role}: GET article {want}",
                 srv.req("GET", "/v1/kb/articles/1001", token=tok[role]),
                 want)
        want = 201 if role in edit else 403
        r = srv.req("POST", "/v1/kb/articles", {
            "title": f"{role}的测试条目", "answer": "测试。",
            "category_code": "1401"}, token=tok[role])
        t.status(f"{role}: create {want}", r, want)
        want = 200 if role in edit else 403
        t.status(f"{role}: versions {want}",
                 srv.req("GET", "/v1/kb/articles/1001/versions",
                         token=tok[role]), want)
        r = srv.req("PATCH", "/v1/kb/articles/1001", {"question": "？"},
                    token=tok[role], headers={"If-Match": '"0"'})
        t.status(f"{role}: PATCH {412 if role in edit else 403}", r,
                 412 if role in edit else 403)


def uses(t, srv, tok, get):
    ag = tok["agent"]
    no = srv.req("POST", "/v1/tickets", new_ticket(), token=ag).json()[
        "ticket_no"]
    before = get("/v1/kb/articles/1084").json()["use_count"]
    r = srv.req("POST", "/v1/kb/articles/1084/use", {"ticket_no": no},
                token=ag)
    t.status("use with a ticket: 200", r, 200)
    t.eq("use: count + 1", r.json()["use_count"], before + 1)
    r = srv.req("POST", "/v1/kb/articles/1084/use", None, token=ag)
    t.status("use without a ticket: 200", r, 200)
    t.eq("use: count + 2", get("/v1/kb/articles/1084").json()["use_count"],
         before + 2)
    r = get(f"/v1/kb/uses?ticket_no={no}")
    t.status("uses of a ticket: 200", r, 200)
    t.eq("uses of a ticket: the article linked",
         [(u["article_id"], u["agent"]) for u in r.json()["items"]],
         [(1084, "demo-agent")])
    t.status("use of a draft: 404",
             srv.req("POST", "/v1/kb/articles/1137/use", None, token=ag), 404)
    t.status("use with an unknown ticket: 400",
             srv.req("POST", "/v1/kb/articles/1084/use",
                     {"ticket_no": "DG20000101000001"}, token=ag), 400,
             "unknown_value")
    t.status("use with a malformed ticket: 400",
             srv.req("POST", "/v1/kb/articles/1084/use",
                     {"ticket_no": "x"}, token=ag), 400, "invalid_field")
    t.status("kb_editor cannot record a use: 403",
             srv.req("POST", "/v1/kb/articles/1084/use", None,
                     token=tok["kb"]), 403)
    t.status("uses without ticket_no: 400", get("/v1/kb/uses"), 400,
             "missing_field")


def wait_state(srv, token, sid, deadline=GATEWAY_DEADLINE):
    end = time.monotonic() + deadline
    while True:
        r = srv.req("GET", f"/v1/sms/{sid}", token=token)
        if r.status != 200 or r.json()["state"] != "queued" or \
                time.monotonic() > end:
            return r
        time.sleep(0.1)


def sms(t, srv, tok, get, arts):
    ag = tok["agent"]
    no = srv.req("POST", "/v1/tickets", new_ticket(), token=ag).json()[
        "ticket_no"]
    r = srv.req("POST", "/v1/sms", {"phone": "13800000000",
                                    "article_id": 1001, "ticket_no": no,
                                    "call_id": "call-42"}, token=ag)
    t.status("SMS of an article's guide: 201", r, 201)
    m = r.json()
    guide = arts[1001]["sms_guide"].replace("\\n", "\n")
    t.eq("SMS: queued with the article's sms_guide",
         (m["state"], m["text"], m["article_id"], m["ticket_no"],
          m["call_id"]), ("queued", guide, 1001, no, "call-42"))
    t.eq("SMS: Location", r.header("location"), f"/v1/sms/{m['id']}")
    r = wait_state(srv, ag, m["id"])
    t.eq("SMS: the demo gateway marks it sent", r.json()["state"], "sent")
    t.ok("SMS: sent_at set", r.json()["sent_at"], r.json())
    line = f"sms: sent to 138****0000 ({len(guide)} chars)"
    end = time.monotonic() + 5
    while line not in srv.log_text() and time.monotonic() < end:
        time.sleep(0.05)
    t.ok("SMS: the gateway logs the masked number", line in srv.log_text(),
         srv.log_text()[-500:])

    r = srv.req("POST", "/v1/sms", {"phone": "13912345678",
                                    "text": "您好，办事指南：请携带身份证。"}, token=ag)
    t.status("SMS of free text: 201", r, 201)
    free = r.json()["id"]
    r = srv.req("POST", "/v1/sms", {"phone": "19999990001", "text": "测试"},
                token=ag)
    t.status("SMS to a failing number: 201", r, 201)
    r = wait_state(srv, ag, r.json()["id"])
    t.eq("SMS: the demo gateway fails that number",
         (r.json()["state"], bool(r.json()["error"])), ("failed", True))

    for bad, field, code in (
            ({"phone": "12345", "text": "x"}, "phone", "invalid_field"),
            ({"phone": "076922223333", "text": "x"}, "phone",
             "invalid_field"),
            ({"phone": "23800000000", "text": "x"}, "phone",
             "invalid_field"),
            ({"phone": 13800000000, "text": "x"}, "phone", "invalid_field"),
            ({"text": "x"}, "phone", "missing_field"),
            ({"phone": "13800000000"}, "text", "missing_field"),
            ({"phone": "13800000000", "text": "长" * 501}, "text",
             "invalid_field"),
            ({"phone": "13800000000", "text": ""}, "text", "invalid_field"),
            ({"phone": "13800000000", "text": "x", "article_id": 1001},
             "article_id", "invalid_field"),
            ({"phone": "13800000000", "article_id": 1137}, "article_id",
             "unknown_value"),
            ({"phone": "13800000000", "article_id": 99999}, "article_id",
             "unknown_value"),
            ({"phone": "13800000000", "article_id": "1001"}, "article_id",
             "invalid_field"),
            ({"phone": "13800000000", "text": "x", "ticket_no": "DG1"},
             "ticket_no", "invalid_field"),
            ({"phone": "13800000000", "text": "x",
              "call_id": "bad id!"}, "call_id", "invalid_field"),
            ({"phone": "13800000000", "text": "x", "state": "sent"},
             "state", "invalid_field")):
        r = srv.req("POST", "/v1/sms", bad, token=ag)
        t.status(f"SMS {str(bad)[:50]}: 400 {code}", r, 400, code)
        t.eq(f"SMS {str(bad)[:50]}: field", r.error_field(), field)
    t.status("SMS text of exactly 500 characters: 201",
             srv.req("POST", "/v1/sms", {"phone": "13800000000",
                                         "text": "字" * 500}, token=ag), 201)

    t.status("another agent cannot read it: 404",
             srv.req("GET", f"/v1/sms/{free}", token=tok["agent2"]), 404)
    t.status("a supervisor can: 200",
             srv.req("GET", f"/v1/sms/{free}", token=tok["supervisor"]), 200)
    t.status("an agent cannot list the outbox: 403",
             srv.req("GET", "/v1/sms", token=ag), 403)
    t.status("kb_editor cannot send: 403",
             srv.req("POST", "/v1/sms", {"phone": "13800000000",
                                         "text": "x"}, token=tok["kb"]), 403)
    r = srv.req("GET", "/v1/sms?state=sent", token=tok["supervisor"])
    t.status("list sent: 200", r, 200)
    t.ok("list sent: the article's SMS is there, all sent",
         m["id"] in [x["id"] for x in r.json()["items"]]
         and all(x["state"] == "sent" for x in r.json()["items"]),
         r.text()[:300])
    r = srv.req("GET", "/v1/sms?limit=1", token=tok["admin"])
    t.ok("list: newest first with a cursor",
         len(r.json()["items"]) == 1 and r.json()["next_cursor"],
         r.text()[:200])
    t.status("list bad state: 400",
             srv.req("GET", "/v1/sms?state=lost", token=tok["admin"]), 400,
             "unknown_value")
    t.status("GET /v1/sms/0: 404",
             srv.req("GET", "/v1/sms/0", token=tok["admin"]), 404)


def recall(t, search):
    want = hit = 0
    misses = []
    with open(QUERIES, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f
                 if ln.strip() and not ln.startswith("#")]
    assert lines[0] == "query\texpected_ids", lines[0]
    for ln in lines[1:]:
        q, exp = ln.split("\t")
        expected = [int(x) for x in re.split(r"[ ,]+", exp.strip())]
        r = search(q, limit=3)
        got = ids(r) if r.status == 200 else []
        for e in expected:
            want += 1
            if e in got:
                hit += 1
            else:
                misses.append(f"{q}: want {e}, got {got}")
    for m in misses:
        print(f"# recall miss: {m}")
    rate = hit / want if want else 0
    print(f"# recall@3 over HTTP: {hit}/{want} = {rate:.3f} "
          f"({len(lines) - 1} queries)")
    t.ok(f"recall@3 {rate:.3f} >= 0.90 ({len(lines) - 1} queries)",
         rate >= 0.90 and len(lines) > 40, "; ".join(misses))


if __name__ == "__main__":
    run(main)
