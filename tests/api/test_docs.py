#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/api.md stays true: every ```sh example runs (bash, in page order,
against a fresh seeded server) and answers the status written after it
("# → 201"); every route of server/routes.c has a section."""
import os
import re
import subprocess
import tempfile

from harness import ROOT, Server, new_ticket, run

DOC = os.path.join(ROOT, "docs", "api.md")
ROUTES = os.path.join(ROOT, "server", "routes.c")
STATUS_LINE = re.compile(r"^# → (\d{3})$")

PRELUDE = r'''
set -u
# Every curl records the status of its response in $STATUS.
curl() {
	local code
	code=$(command curl -sS -o "$BODY" -w '%{http_code}' --noproxy '*' \
		--max-time 30 "$@") || code=000
	echo "$code" >> "$STATUS"
	cat "$BODY"
	echo
}
'''


def blocks(text):
    """(start line, code, expected status or None) of every sh block."""
    out = []
    for m in re.finditer(r"^```sh\n(.*?)^```", text, re.S | re.M):
        code = m.group(1)
        line = text[:m.start()].count("\n") + 1
        want = None
        last = code.rstrip("\n").split("\n")[-1]
        mm = STATUS_LINE.match(last)
        if mm:
            want = int(mm.group(1))
        out.append((line, code, want))
    return out


def main(t):
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    bl = blocks(text)
    t.ok("the page has examples", len(bl) >= 20, len(bl))
    for line, code, want in bl:
        t.ok(f"example at line {line} ends with '# → NNN'", want is not None,
             code[-80:])

    # Every route is documented (a heading "### `METHOD /path`").
    with open(ROUTES, encoding="utf-8") as f:
        routes = re.findall(r'\{"([A-Z]+)", "(/v1/[^"]*)"', f.read())
    t.ok("routes found in routes.c", len(routes) >= 14, routes)
    heads = re.findall(r"^### `([A-Z]+) (/v1/[^`]*)`", text, re.M)
    norm = {(m, re.sub(r"\{[a-z_]+\}", "{}", p)) for m, p in heads}
    for m, p in routes:
        t.ok(f"{m} {p} is documented", (m, p) in norm, sorted(norm))

    srv = Server()
    env = dict(os.environ, HOTLINE=srv.base)
    env["TOKEN"] = srv.login("demo-agent")
    for role in ("dispatcher", "unit", "reviewer", "visitor", "cti"):
        env[role.upper()] = srv.login("demo-" + role)
    r = srv.req("POST", "/v1/tickets", new_ticket(), token=env["TOKEN"])
    env["TICKET"] = r.json()["ticket_no"]

    with tempfile.TemporaryDirectory(prefix="hotline-docs.") as tmp:
        status = os.path.join(tmp, "status")
        env["STATUS"] = status
        env["BODY"] = os.path.join(tmp, "body")
        script = [PRELUDE]
        for i, (_, code, _) in enumerate(bl):
            script.append(f'echo "--block {i}" >> "$STATUS"\n')
            script.append(code)
        p = subprocess.run(["bash", "-c", "".join(script)], env=env,
                           capture_output=True, text=True, timeout=300,
                           cwd=tmp)
        with open(status) as f:
            lines = f.read().split("\n")
    got, cur = {}, None
    for ln in lines:
        if ln.startswith("--block "):
            cur = int(ln.split()[1])
        elif ln.strip() and cur is not None:
            got[cur] = int(ln)
    for i, (line, code, want) in enumerate(bl):
        first = code.strip().split("\n")[0][:70]
        t.ok(f"line {line}: {first} → {want}", got.get(i) == want,
             f"got {got.get(i)}; stderr: {p.stderr[-300:]}")
    r = srv.req("GET", f"/v1/tickets/{env['TICKET']}", token=env["TOKEN"])
    t.eq("the examples walked $TICKET to ARCHIVED", r.json().get("state"),
         "ARCHIVED")
    t.eq("SIGTERM exits 0", srv.stop(), 0)


if __name__ == "__main__":
    run(main)
