#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference data: units (?kind=), the category tree, forms (inherited,
ordered), wrap-up codes and not-ready reasons, compared with data/*.tsv."""
import os

from harness import DATA, Server, run


def tsv(name):
    """Rows of a data file as dicts (the contract of data-format.md)."""
    rows, header = [], None
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            rows.append(dict(zip(header, cells)))
    return rows


def main(t):
    srv = Server()
    tok = srv.login("demo-agent")

    def get(path):
        r = srv.req("GET", path, token=tok)
        t.status(f"GET {path} 200", r, 200)
        return r.json() or {}

    units = get("/v1/units")["items"]
    want = tsv("units.tsv")
    t.eq("every unit, in file order", [u["code"] for u in units],
         [u["code"] for u in want])
    t.eq("unit keys", sorted(units[0]), sorted(
        ["code", "name", "short_name", "kind", "duty_phone", "parent_code"]))
    t.eq("unit names", [u["name"] for u in units], [u["name"] for u in want])
    hot = [u for u in units if u["code"] == "HOTLINE"]
    t.eq("parent_code kept", hot[0]["parent_code"] if hot else None,
         "GOVDATA")
    t.ok("no parent is null", all(u["parent_code"] is None for u in units
                                  if u["code"] == "HRSS"))
    towns = get("/v1/units?kind=TOWN")["items"]
    t.eq("?kind=TOWN", [u["code"] for u in towns],
         [u["code"] for u in want if u["kind"] == "TOWN"])
    t.ok("28 towns", len(towns) == 28, len(towns))
    r = srv.req("GET", "/v1/units?kind=CITY", token=tok)
    t.status("unknown kind 400", r, 400, "unknown_value")
    t.eq("kind named", r.error_field(), "kind")

    tree = get("/v1/categories")["items"]
    cats = tsv("categories.tsv")

    def walk(nodes, depth, out):
        for n in nodes:
            out.append((n["code"], depth, n["name"]))
            walk(n["children"], depth + 1, out)
        return out

    flat = walk(tree, 1, [])
    t.eq("tree holds every category once", sorted(c for c, _, _ in flat),
         sorted(c["code"] for c in cats))
    t.ok("levels follow the code length",
         all(len(c) == 2 * d for c, d, _ in flat), flat[:5])
    t.eq("top level in file order", [n["code"] for n in tree],
         [c["code"] for c in cats if not c["parent_code"]])
    n01 = tree[0]
    t.eq("node keys", sorted(n01), sorted(
        ["code", "name", "owner", "limit_days", "desk", "children"]))
    t.eq("01 owner", n01["owner"], "UNIT:HRSS")
    first = next(c for c in cats if c["code"] == "010101")
    leaf = [n for n in n01["children"][0]["children"]
            if n["code"] == "010101"]
    t.ok("level 3 nested under level 2", leaf and leaf[0]["children"] == [],
         n01["children"][0])
    t.eq("inherit: empty owner is null", leaf[0]["owner"] if leaf else "x",
         first["owner"] or None)

    form = get("/v1/forms/010101")
    codes = [f["code"] for f in form["items"]]
    rows = [f for f in tsv("forms.tsv")
            if f["category_code"] in ("01", "0101", "010101")]
    t.eq("form = own + ancestors' fields", sorted(codes),
         sorted(f["field_code"] for f in rows))
    orders = [f["order"] for f in form["items"]]
    t.eq("ordered by order", orders, sorted(orders))
    hc = [f for f in form["items"] if f["code"] == "has_contract"]
    t.eq("list values split", hc[0]["values"] if hc else None,
         [{"key": "yes", "label": "已签订"}, {"key": "no", "label": "未签订"},
          {"key": "unknown", "label": "不清楚"}])
    t.eq("field keys", sorted(form["items"][0]), sorted(
        ["code", "label", "datatype", "required", "order", "values",
         "description", "defined_by"]))
    en = [f for f in form["items"] if f["code"] == "employer_name"]
    t.eq("inherited field says where it comes from",
         en[0]["defined_by"] if en else None, "0101")
    t.eq("required is a boolean", en[0]["required"] if en else None, True)
    t.eq("a category without fields: empty form",
         get("/v1/forms/99")["items"], [])
    for bad in ("999999", "x", "0101010101"):
        r = srv.req("GET", f"/v1/forms/{bad}", token=tok)
        t.status(f"form of unknown category {bad} 404", r, 404, "not_found")

    wr = get("/v1/wrapup-codes")["items"]
    t.eq("wrap-up codes", [(w["code"], w["name_zh"], w["name_en"])
                           for w in wr],
         [(w["code"], w["name_zh"], w["name_en"])
          for w in tsv("wrapup_codes.tsv")])
    rs = get("/v1/reasons")["items"]
    t.eq("reasons", [(w["code"], w["name_zh"]) for w in rs],
         [(w["code"], w["name_zh"]) for w in tsv("reasons.tsv")])
    t.ok("reasons include 小休 BREAK",
         any(w["code"] == "BREAK" and w["name_zh"] == "小休" for w in rs))
    for path in ("/v1/units", "/v1/categories", "/v1/forms/01",
                 "/v1/wrapup-codes", "/v1/reasons"):
        r = srv.req("GET", path)
        t.status(f"{path} needs a token", r, 401, "unauthorized")
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
