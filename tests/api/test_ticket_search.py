#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Searching tickets (GET /v1/tickets, what the client's list search
sends): by ticket number (q= matches the number too), by phone (phone=
matches caller_phone and contact_phone) and by text; everyone's tickets
unless mine=1."""
import urllib.parse

from harness import Server, new_ticket, run


def nos(srv, tok, query):
    r = srv.req("GET", "/v1/tickets?limit=200&" + query, token=tok)
    if r.status != 200:
        raise RuntimeError(f"{query}: {r.status} {r.text()}")
    return [t["ticket_no"] for t in r.json()["items"]]


def main(t):
    srv = Server()
    tok = srv.login("demo-agent")
    tok2 = srv.login("demo-agent2")
    a = srv.req("POST", "/v1/tickets",
                new_ticket(title="井盖缺失存在安全隐患",
                           caller_phone="13912340001",
                           contact_phone="076912340002"), token=tok).json()
    b = srv.req("POST", "/v1/tickets",
                new_ticket(title="路面塌陷", caller_phone="13912340009"),
                token=tok2).json()
    na, nb = a["ticket_no"], b["ticket_no"]
    q = urllib.parse.quote
    t.eq("q = the full number finds exactly that ticket",
         nos(srv, tok, "q=" + na), [na])
    t.ok("q = a number prefix (the day) finds both",
         {na, nb} <= set(nos(srv, tok, "q=" + na[:10])),
         nos(srv, tok, "q=" + na[:10]))
    t.eq("q = the number with mine=1 (another agent's ticket) finds none",
         nos(srv, tok, "mine=1&q=" + nb), [])
    t.eq("phone = caller_phone", nos(srv, tok, "phone=13912340001"), [na])
    t.eq("phone = contact_phone", nos(srv, tok, "phone=076912340002"), [na])
    t.eq("phone of the other agent's ticket", nos(srv, tok,
                                                 "phone=13912340009"), [nb])
    t.eq("text in the title", nos(srv, tok, "q=" + q("井盖缺失")), [na])
    t.eq("no match", nos(srv, tok, "q=" + q("不存在的文字")), [])
    r = srv.req("GET", "/v1/tickets?phone=139-1234", token=tok)
    t.status("a malformed phone → 400", r, 400, "invalid_field")


if __name__ == "__main__":
    run(main)
