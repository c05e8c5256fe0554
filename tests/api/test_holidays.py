#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/holidays (issue #4: the intake form computes the deadline it
shows before submit with the server's calendar): every row of
data/holidays.tsv, in date order, for every logged-in role; 401 without a
token."""
import os

from harness import DATA, Server, run


def rows():
    out, header = [], None
    with open(os.path.join(DATA, "holidays.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            out.append(dict(zip(header, cells)))
    return out


def main(t):
    srv = Server()
    want = sorted((r["date"], r["kind"], r["name"]) for r in rows())
    for user in ("demo-agent", "demo-cti", "demo-visitor"):
        tok = srv.login(user)
        r = srv.req("GET", "/v1/holidays", token=tok)
        t.status(f"{user}: GET /v1/holidays 200", r, 200)
        items = (r.json() or {}).get("items", [])
        t.eq(f"{user}: every row of holidays.tsv",
             sorted((i["date"], i["kind"], i["name"]) for i in items), want)
    t.ok("there are make-up working days (调休)",
         any(k == "WORKDAY" for _, k, _ in want))
    t.eq("in date order", [i["date"] for i in items],
         sorted(i["date"] for i in items))
    r = srv.req("GET", "/v1/holidays")
    t.status("/v1/holidays needs a token", r, 401, "unauthorized")
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
