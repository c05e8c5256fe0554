#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/events: the Server-Sent Events stream (docs/events.md).

hello first; events reach only their audience; a reconnect with
Last-Event-ID (header or ?last_event_id=) gets exactly the missed events in
order; a too old id, an id from the future and a restart give resync; ids
never go backwards across restarts; a subscriber that cannot keep up is
ended with resync; the heartbeat; a logout ends the stream; SIGTERM with 50
streams open exits 0 quickly.  Events come from ticket actions
(ticket.changed) and, when the calls routes exist, from agent state changes.
"""
import json
import os
import re
import socket
import subprocess
import time

from harness import BUILD, ROOT, Server, new_ticket, run

DEADLINE = float(os.environ.get("EVENTS_DEADLINE", "10"))


class Stream:
    """One SSE connection on a raw socket (HTTP/1.1, chunked decoding)."""

    def __init__(self, srv, token=None, last_id=None, query="", rcvbuf=None,
                 src=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if src:
            self.sock.bind((src, 0))
        self.sock.connect(("127.0.0.1", srv.port))
        h = ["GET /v1/events%s HTTP/1.1" % query, "Host: 127.0.0.1",
             "Accept: text/event-stream"]
        if token:
            h.append("Authorization: Bearer " + token)
        if last_id is not None:
            h.append("Last-Event-ID: %s" % last_id)
        self.sock.sendall(("\r\n".join(h) + "\r\n\r\n").encode())
        self.raw = b""      # bytes from the socket not yet de-chunked
        self.body = b""     # de-chunked bytes not yet parsed into events
        self.status = None
        self.headers = {}
        self.ended = False  # the chunked body ended (0-length chunk)
        self.closed = False  # the socket reached EOF

    def _fill(self, until):
        """Read once (up to until); False on timeout."""
        left = until - time.monotonic()
        if left <= 0 or self.closed:
            return False
        self.sock.settimeout(left)
        try:
            d = self.sock.recv(65536)
        except socket.timeout:
            return False
        except OSError:
            d = b""
        if not d:
            self.closed = True
            return False
        self.raw += d
        return True

    def head(self, timeout=DEADLINE):
        until = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.raw:
            if not self._fill(until):
                raise RuntimeError("no response head: %r" % self.raw[:200])
        hd, self.raw = self.raw.split(b"\r\n\r\n", 1)
        lines = hd.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        return self.status

    def _dechunk(self):
        if self.headers.get("transfer-encoding") != "chunked":
            self.body += self.raw
            self.raw = b""
            return
        while not self.ended:
            if b"\r\n" not in self.raw:
                return
            size_line, rest = self.raw.split(b"\r\n", 1)
            n = int(size_line.split(b";")[0], 16)
            if n == 0:
                self.ended = True
                self.raw = rest
                return
            if len(rest) < n + 2:
                return
            self.body += rest[:n]
            self.raw = rest[n + 2:]

    def next(self, timeout=DEADLINE):
        """The next event or comment as a dict, None on timeout or end."""
        if self.status is None:
            self.head(timeout)
        until = time.monotonic() + timeout
        while True:
            self._dechunk()
            if b"\n\n" in self.body:
                blk, self.body = self.body.split(b"\n\n", 1)
                ev = {}
                for ln in blk.decode("utf-8").split("\n"):
                    if ln.startswith(":"):
                        ev.setdefault("comment", ln[1:].strip())
                        continue
                    k, _, v = ln.partition(":")
                    ev[k] = v[1:] if v.startswith(" ") else v
                if "data" in ev:
                    ev["json"] = json.loads(ev["data"])
                if "id" in ev:
                    ev["id"] = int(ev["id"])
                return ev
            if self.ended or not self._fill(until):
                return None

    def next_event(self, timeout=DEADLINE):
        """Like next, skipping ': ping' comments."""
        until = time.monotonic() + timeout
        while True:
            ev = self.next(max(0.0, until - time.monotonic()))
            if ev is None or "comment" not in ev:
                return ev

    def quiet(self, seconds):
        """True when no event (pings aside) arrives within seconds."""
        return self.next_event(seconds) is None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def mk_ticket(srv, token):
    """A ticket of token's agent moved to PENDING_DISPATCH (one event)."""
    r = srv.req("POST", "/v1/tickets", new_ticket(), token=token)
    no = r.json()["ticket_no"]
    r = srv.req("POST", "/v1/tickets/%s/actions/transfer" % no, {},
                token=token)
    if r.status != 200:
        raise RuntimeError("transfer: %d %s" % (r.status, r.text()))
    return no


def urge(srv, token, no):
    r = srv.req("POST", "/v1/tickets/%s/actions/urge" % no, {}, token=token)
    if r.status != 200:
        raise RuntimeError("urge: %d %s" % (r.status, r.text()))
    return r.json()["version"]


def check_basics(t, srv, tok):
    s = Stream(srv)
    t.eq("no token → 401", s.head(), 401)
    s.close()
    s = Stream(srv, tok["demo-agent"], last_id="abc")
    t.eq("a non-numeric Last-Event-ID → 400", s.head(), 400)
    s.close()

    s = Stream(srv, tok["demo-agent"])
    t.eq("stream status 200", s.head(), 200)
    t.ok("Content-Type text/event-stream",
         s.headers.get("content-type", "").startswith("text/event-stream"),
         s.headers)
    h = s.next()
    t.ok("hello comes first, without an id",
         h and h.get("event") == "hello" and "id" not in h, h)
    t.ok("hello carries last_id and now",
         h and isinstance(h["json"].get("last_id"), int)
         and h["json"].get("now", "").endswith("Z"), h)
    s.close()


def check_audience(t, srv, tok):
    a = Stream(srv, tok["demo-agent"])
    b = Stream(srv, tok["demo-agent2"])
    sup = Stream(srv, tok["demo-supervisor"])
    for s in (a, b, sup):
        s.next()  # hello
    no = mk_ticket(srv, tok["demo-agent"])
    ev = a.next_event()
    t.ok("the creator gets ticket.changed",
         ev and ev.get("event") == "ticket.changed"
         and ev["json"].get("ticket_no") == no
         and ev["json"].get("state") == "PENDING_DISPATCH"
         and isinstance(ev.get("id"), int), ev)
    ev2 = sup.next_event()
    t.ok("a supervisor gets it too, with the same id",
         ev2 and ev and ev2.get("id") == ev.get("id"), (ev, ev2))
    no2 = mk_ticket(srv, tok["demo-agent2"])
    evb = b.next_event()
    t.ok("another agent does not get it (its first event is its own)",
         evb and evb["json"].get("ticket_no") == no2, evb)
    t.ok("and the first agent does not get the other's",
         a.quiet(0.5))
    for s in (a, b, sup):
        s.close()
    return no


def check_resume(t, srv, tok, no):
    a = Stream(srv, tok["demo-agent"])
    a.next()
    urge(srv, tok["demo-agent"], no)
    first = a.next_event()
    a.close()
    missed = [urge(srv, tok["demo-agent"], no) for _ in range(5)]
    # Noise for others in between: must not appear in the replay.
    mk_ticket(srv, tok["demo-agent2"])
    a = Stream(srv, tok["demo-agent"], last_id=first["id"])
    h = a.next()
    t.ok("hello after resume", h and h.get("event") == "hello", h)
    got = [a.next_event() for _ in missed]
    t.eq("resume: exactly the missed versions, in order",
         [e and e["json"]["version"] for e in got], missed)
    ids = [e and e.get("id") for e in got]
    t.ok("resume: ids increase", all(isinstance(i, int) for i in ids)
         and ids == sorted(set(ids)) and ids[0] > first["id"], ids)
    t.ok("resume: nothing more (no duplicate)", a.quiet(0.5))
    v = urge(srv, tok["demo-agent"], no)
    ev = a.next_event()
    t.ok("then live events", ev and ev["json"]["version"] == v, ev)
    a.close()

    q = Stream(srv, tok["demo-agent"], query="?last_event_id=%d" % ids[2])
    q.next()
    got = [q.next_event() for _ in range(3)]
    t.eq("?last_event_id= resumes the same way",
         [e and e["json"]["version"] for e in got], missed[3:] + [v])
    q.close()

    f = Stream(srv, tok["demo-agent"], last_id=10 ** 12)
    f.next()
    ev = f.next()
    t.ok("an id from the future → resync",
         ev and ev.get("event") == "resync" and "id" not in ev, ev)
    v = urge(srv, tok["demo-agent"], no)
    ev = f.next_event()
    t.ok("after resync the stream goes on live",
         ev and ev["json"].get("version") == v, ev)
    f.close()
    return ids[-1]


def check_history(t, srv, tok, no, old_id):
    # This server keeps 16 events (--event-history 16).
    last = None
    for _ in range(20):
        last = urge(srv, tok["demo-agent"], no)
    s = Stream(srv, tok["demo-agent"], last_id=old_id)
    s.next()
    ev = s.next()
    t.ok("an id older than the history → resync history_gone",
         ev and ev.get("event") == "resync"
         and ev["json"].get("reason") == "history_gone", ev)
    ev = s.next_event(0.5)
    t.ok("nothing is replayed after that resync", ev is None, ev)
    s.close()
    # A reader that does not read: the server must not buffer without
    # bound; once its unread events leave the history it gets a resync
    # and its stream ends.
    slow = Stream(srv, tok["demo-agent"], rcvbuf=4096)
    slow.head()
    nos = [mk_ticket(srv, tok["demo-agent"]) for _ in range(10)]
    # ~110 bytes an event: 1500 pass the socket buffers (64 KiB sndbuf on
    # the server); go on in batches until the server says so in its log.
    for i in range(6000):
        urge(srv, tok["demo-agent"], nos[i % 10])
        if i >= 1000 and i % 250 == 0 and "is too slow" in srv.log_text():
            break
    evs = []
    until = time.monotonic() + DEADLINE
    while time.monotonic() < until:
        ev = slow.next(1.0)
        if ev is None:
            break
        if "comment" not in ev:
            evs.append(ev)
        if ev.get("event") == "resync":
            slow.next(1.0)  # the end of the body
            break
    kinds = [e.get("event") for e in evs]
    t.ok("a subscriber that cannot keep up gets resync too_slow",
         kinds and kinds[-1] == "resync"
         and evs[-1]["json"].get("reason") == "too_slow",
         kinds[-3:])
    t.ok("... and its stream ends", slow.ended, (slow.ended, slow.closed))
    ids = [e["id"] for e in evs if "id" in e]
    t.ok("... the events it got were in order without gaps",
         ids == list(range(ids[0], ids[0] + len(ids))) if ids else False,
         ids[:5])
    slow.close()
    t.ok("the server still answers", srv.req("GET", "/v1/health").status
         == 200)
    return last


def check_ping_logout(t, srv, tok):
    s = Stream(srv, tok["demo-agent2"])
    s.next()
    ev = s.next(3.5)
    t.ok(": ping arrives (heartbeat 1 s)",
         ev and ev.get("comment") == "ping", ev)
    s.close()
    own = srv.login("demo-agent3")
    s = Stream(srv, own)
    s.next()
    r = srv.req("DELETE", "/v1/sessions/current", token=own)
    t.eq("logout", r.status, 204)
    until = time.monotonic() + 5
    while not (s.ended or s.closed) and time.monotonic() < until:
        s.next(0.2)
    t.ok("a logout ends the stream within a heartbeat", s.ended or s.closed)
    s.close()


def check_agent_state(t, srv, tok):
    a = Stream(srv, tok["demo-agent"])
    sup = Stream(srv, tok["demo-supervisor"])
    b = Stream(srv, tok["demo-agent2"])
    for s in (a, sup, b):
        s.next()
    r = srv.req("PUT", "/v1/agents/me/state",
                {"state": "NOT_READY", "reason": "BREAK"},
                token=tok["demo-agent"])
    if r.status == 404:
        t.ok("agent.state (skipped: PUT /v1/agents/me/state not built "
             "yet)", True)
    else:
        ev = a.next_event()
        t.ok("agent.state reaches the agent",
             ev and ev.get("event") == "agent.state"
             and ev["json"].get("state") == "NOT_READY", ev)
        ev = sup.next_event()
        t.ok("agent.state reaches a supervisor",
             ev and ev.get("event") == "agent.state"
             and ev["json"].get("username") == "demo-agent", ev)
        ev = b.next_event(0.5)
        t.ok("agent.state does not reach another agent",
             ev is None or (ev.get("event") == "agent.state" and
                            ev["json"].get("username") != "demo-agent"), ev)
    for s in (a, sup, b):
        s.close()


SIM = os.path.join(ROOT, BUILD, "hotline-sim")
PHONE = re.compile(r"^(1[358]\d{9}|0769[2-8]\d{7})$")


def check_sim(t, srv, tok):
    """hotline-sim: its callers, and calls placed and abandoned."""
    if not os.path.exists(SIM):
        t.ok("hotline-sim (skipped: not built)", True)
        return
    dry = [SIM, "--dry-run", "--count", "40", "--seed", "11",
           "--repeat-file", os.path.join(ROOT, "data", "demo_tickets.tsv")]
    a = subprocess.run(dry, capture_output=True, text=True, timeout=30)
    b = subprocess.run(dry, capture_output=True, text=True, timeout=30)
    t.ok("sim --dry-run runs", a.returncode == 0, a.stderr)
    t.eq("sim: the same seed gives the same calls", a.stdout, b.stdout)
    calls = [json.loads(ln) for ln in a.stdout.splitlines()]
    t.eq("sim: --count 40 calls", len(calls), 40)
    t.ok("sim: callers are 13x/15x/18x mobiles or 0769 landlines",
         all(PHONE.match(c["caller"]) for c in calls),
         [c["caller"] for c in calls if not PHONE.match(c["caller"])])
    t.ok("sim: desks from the mix",
         {c["desk"] for c in calls} <= {"GENERAL", "ENTERPRISE", "CARE",
                                        "DIALECT"}
         and "GENERAL" in {c["desk"] for c in calls})
    ivr = [c["ivr"] for c in calls if "ivr" in c]
    t.ok("sim: some calls carry a voice-assistant hand-over in Chinese",
         ivr and all(i["intent"] and re.search("[\u4e00-\u9fff]",
                                               i["transcript"])
                     for i in ivr), ivr[:2])
    bad = subprocess.run([SIM, "--dry-run", "--count", "1", "--desk-mix",
                          "NOWHERE=1"], capture_output=True, text=True,
                         timeout=30)
    t.eq("sim: an unknown desk is a usage error", bad.returncode, 2)

    # Calls to CARE, where nobody is READY: they queue, and every caller
    # hangs up within half a second.
    watch = Stream(srv, tok["demo-agent2"])
    watch.next()
    r = subprocess.run([SIM, "--server", srv.base, "--password", "demo",
                        "--count", "4", "--rate", "6000", "--desk-mix",
                        "CARE", "--abandon-pct", "100", "--abandon-after",
                        "0-0.5", "--seed", "3"],
                       capture_output=True, text=True, timeout=60)
    t.ok("sim placed 4 calls and all 4 callers hung up",
         r.returncode == 0 and "placed 4, failed 0, abandoned 4" in r.stdout,
         r.stdout[-300:] + r.stderr[-300:])
    ids = [int(m) for m in re.findall(r" call (\d+) ", r.stdout)]
    states = []
    for i in ids:
        g = srv.req("GET", "/v1/calls/%d" % i, token=tok["demo-supervisor"])
        states.append(g.json().get("state") if g.status == 200 else g.status)
    t.eq("sim: the calls are ABANDONED", states, ["ABANDONED"] * 4)
    kinds = []
    until = time.monotonic() + 3
    while len([k for k in kinds if k == "queue"]) < 8 and \
            time.monotonic() < until:
        ev = watch.next_event(0.5)
        if ev:
            kinds.append(ev.get("event"))
    t.ok("an agent's stream saw the queue grow and shrink (8 queue events)",
         kinds.count("queue") >= 8, kinds)
    watch.close()


def main(t):
    srv = Server(args=["--heartbeat", "1", "--event-history", "16"])
    tok = {u: srv.login(u) for u in ("demo-agent", "demo-agent2",
                                     "demo-supervisor")}
    check_basics(t, srv, tok)
    no = check_audience(t, srv, tok)
    last = check_resume(t, srv, tok, no)
    check_history(t, srv, tok, no, last)
    check_ping_logout(t, srv, tok)
    check_agent_state(t, srv, tok)
    check_sim(t, srv, tok)

    # Restart: ids go on after the old ones; old ids get resync.
    a = Stream(srv, tok["demo-agent"])
    a.next()
    urge(srv, tok["demo-agent"], no)
    before = a.next_event()["id"]
    a.close()
    db = srv.db
    t.eq("SIGTERM exits 0", srv.stop(), 0)
    srv2 = Server(db=db, args=["--heartbeat", "1"])
    token = srv2.login("demo-agent")
    s = Stream(srv2, token, last_id=before)
    h = s.next()
    t.ok("after a restart hello.last_id is past the old ids",
         h and h["json"]["last_id"] > before, (h, before))
    ev = s.next()
    t.ok("an id from before the restart → resync history_gone",
         ev and ev.get("event") == "resync"
         and ev["json"].get("reason") == "history_gone", ev)
    urge(srv2, token, no)
    ev = s.next_event()
    t.ok("ids keep increasing across the restart",
         ev and ev.get("id", 0) > before, (ev, before))
    s.close()

    # SIGTERM with 50 open streams.
    streams = [Stream(srv2, token) for _ in range(50)]
    hellos = [s.next() for s in streams]
    t.ok("50 streams open", all(h and h.get("event") == "hello"
                                for h in hellos))
    t0 = time.monotonic()
    rc = srv2.stop(timeout=10)
    dt = time.monotonic() - t0
    t.eq("SIGTERM with 50 open streams exits 0", rc, 0)
    t.ok("... within 2 s", dt < 2.0, "%.2f s" % dt)
    ended = 0
    for s in streams:
        while s.next(1.0) is not None:
            pass
        ended += s.ended or s.closed
        s.close()
    t.eq("every stream was ended", ended, 50)


if __name__ == "__main__":
    run(main)
