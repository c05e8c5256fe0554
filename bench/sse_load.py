#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Event-stream load client for bench/events.sh and bench/calls.sh.

  sse_load.py mkagents DB N PREFIX     add N load-test agents (and a session
                                       each) to a STOPPED server's database;
                                       prints "username token" lines
  sse_load.py events URL PID TOKENS CTI   300 streams: RSS/CPU, fan-out latency
  sse_load.py calls URL PID AGENT CTI [TOKENS]   call posted -> call.offered

Streams are plain sockets multiplexed with selectors (one thread); source
addresses are spread over 127.0.0.2.. so hotlined's per-address connection
limit (128) is not what is measured.  Times are time.monotonic() at the
moment the client reads the bytes, so they include this client's own work.
"""
import hashlib
import json
import os
import secrets
import selectors
import socket
import sqlite3
import sys
import time
import urllib.request

PER_SRC = 100  # streams per source address


def die(msg):
    print("sse_load: " + msg, file=sys.stderr)
    sys.exit(1)


# ---- accounts ---------------------------------------------------------------

def mkagents(db, n, prefix):
    """Test-only: agents load-0001.. with demo-agent's password hash (the
    password is "demo") and a 12-hour session each, written straight into
    the database of a stopped server."""
    con = sqlite3.connect(db)
    row = con.execute("SELECT pw_hash FROM agents WHERE username = "
                      "'demo-agent'").fetchone()
    if not row:
        die("no demo-agent in %s (seed it with --seed demo first)" % db)
    now = int(time.time())
    out = []
    with con:
        for i in range(1, n + 1):
            name = "%s%04d" % (prefix, i)
            cur = con.execute(
                "INSERT INTO agents (username, display_name, pw_hash, role, "
                "desks, created_at) VALUES (?, ?, ?, 'agent', 'GENERAL', ?)",
                (name, "压测坐席%04d" % i, row[0], now))
            tok = secrets.token_hex(32)
            con.execute(
                "INSERT INTO sessions (token_hash, agent_id, ip, created_at, "
                "expires_at) VALUES (?, ?, '127.0.0.1', ?, ?)",
                (hashlib.sha256(tok.encode()).hexdigest(), cur.lastrowid,
                 now, now + 12 * 3600))
            out.append((name, tok))
    con.close()
    for name, tok in out:
        print(name, tok)


# ---- HTTP helpers -----------------------------------------------------------

def api(url, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=30) as r:
            txt = r.read()
            return r.status, json.loads(txt) if txt else None
    except urllib.error.HTTPError as e:
        txt = e.read()
        try:
            return e.code, json.loads(txt)
        except ValueError:
            return e.code, None


def login(url, user, pw="demo"):
    st, j = api(url, "POST", "/v1/sessions", body={"username": user,
                                                   "password": pw})
    if st != 201:
        die("login %s: %s %s" % (user, st, j))
    return j["token"]


# ---- streams ----------------------------------------------------------------

class Stream:
    def __init__(self, host, port, token, src):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((src, 0))
        self.sock.connect((host, port))
        self.sock.sendall(("GET /v1/events HTTP/1.1\r\nHost: %s\r\n"
                           "Accept: text/event-stream\r\n"
                           "Authorization: Bearer %s\r\n\r\n"
                           % (host, token)).encode())
        self.sock.setblocking(False)
        self.raw = b""
        self.body = b""
        self.head = False
        self.events = []  # (monotonic time, type, data)

    def feed(self, t):
        try:
            d = self.sock.recv(65536)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not d:
            return False
        self.raw += d
        if not self.head:
            if b"\r\n\r\n" not in self.raw:
                return True
            hd, self.raw = self.raw.split(b"\r\n\r\n", 1)
            if not hd.startswith(b"HTTP/1.1 200"):
                die("stream refused: %r" % hd[:100])
            self.head = True
        while b"\r\n" in self.raw:  # chunked framing
            size, rest = self.raw.split(b"\r\n", 1)
            n = int(size.split(b";")[0], 16)
            if n == 0 or len(rest) < n + 2:
                break
            self.body += rest[:n]
            self.raw = rest[n + 2:]
        while b"\n\n" in self.body:
            blk, self.body = self.body.split(b"\n\n", 1)
            typ = data = None
            for ln in blk.split(b"\n"):
                if ln.startswith(b"event: "):
                    typ = ln[7:].decode()
                elif ln.startswith(b"data: "):
                    data = ln[6:]
            if typ:
                self.events.append((t, typ, data))
        return True


class Pool:
    def __init__(self, url, tokens):
        hostport = url.split("//", 1)[1]
        host, port = hostport.rsplit(":", 1)
        self.sel = selectors.DefaultSelector()
        self.streams = []
        for i, tok in enumerate(tokens):
            src = "127.0.0.%d" % (2 + i // PER_SRC)
            s = Stream(host, int(port), tok, src)
            self.sel.register(s.sock, selectors.EVENT_READ, s)
            self.streams.append(s)

    def pump(self, timeout):
        for key, _ in self.sel.select(timeout):
            t = time.monotonic()
            if not key.data.feed(t):
                die("a stream closed")

    def wait(self, pred, deadline_s, what):
        until = time.monotonic() + deadline_s
        while not pred():
            left = until - time.monotonic()
            if left <= 0:
                die("timeout waiting for " + what)
            self.pump(min(left, 0.5))

    def clear(self):
        for s in self.streams:
            s.events.clear()

    def all_have(self, typ):
        return all(any(e[1] == typ for e in s.events) for s in self.streams)

    def close(self):
        for s in self.streams:
            self.sel.unregister(s.sock)
            s.sock.close()


# ---- process figures --------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / TICK


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmRSS:"):
                return int(ln.split()[1])
    return 0


def threads(pid):
    return len(os.listdir("/proc/%d/task" % pid))


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def ms(x):
    return "%.2f ms" % (x * 1000)


# ---- benchmarks -------------------------------------------------------------

def read_tokens(path):
    with open(path) as f:
        return [ln.split()[1] for ln in f if ln.strip()]


def events_bench(url, pid, tokens_file, cti_user):
    tokens = read_tokens(tokens_file)
    reps = int(os.environ.get("REPS", "50"))
    idle_s = float(os.environ.get("IDLE_SECONDS", "10"))
    flow_s = float(os.environ.get("FLOW_SECONDS", "10"))
    flow_rate = float(os.environ.get("FLOW_RATE", "10"))
    cti = login(url, cti_user)
    rss0 = rss_kb(pid)
    t0 = time.monotonic()
    pool = Pool(url, tokens)
    pool.wait(lambda: pool.all_have("hello"), 60, "hello on every stream")
    n = len(pool.streams)
    print("streams open: %d (connect + hello for all: %s)"
          % (n, ms(time.monotonic() - t0)))
    print("hotlined threads: %d" % threads(pid))
    print("hotlined RSS: %d KiB before, %d KiB with %d streams"
          % (rss0, rss_kb(pid), n))

    c0, w0 = cpu_s(pid), time.monotonic()
    end = w0 + idle_s
    while time.monotonic() < end:
        pool.pump(end - time.monotonic())
    idle = (cpu_s(pid) - c0) / (time.monotonic() - w0)
    print("idle for %.0f s with %d streams: hotlined CPU %.2f %%"
          % (idle_s, n, idle * 100))

    # Fan-out latency: POST /v1/calls (nobody READY: the call queues and a
    # `queue` event goes to everyone), then the same for the abandon.
    lat_all, lat_first, spread = [], [], []
    for _ in range(reps):
        pool.clear()
        ts = time.monotonic()
        st, call = api(url, "POST", "/v1/calls", cti,
                       {"caller": "13800138000", "desk": "CARE"})
        if st != 201:
            die("POST /v1/calls: %s %s" % (st, call))
        pool.wait(lambda: pool.all_have("queue"), 30, "queue everywhere")
        got = [next(e[0] for e in s.events if e[1] == "queue")
               for s in pool.streams]
        lat_all.append(max(got) - ts)
        lat_first.append(min(got) - ts)
        spread.append(max(got) - min(got))
        pool.clear()
        api(url, "POST", "/v1/calls/%d/abandon" % call["id"], cti, {})
        pool.wait(lambda: pool.all_have("queue"), 30, "queue everywhere")
    print("one event to all %d streams, %d repetitions "
          "(from POST /v1/calls sent to the event read):" % (n, reps))
    print("  first stream  p50 %s  p99 %s" % (ms(pct(lat_first, 50)),
                                               ms(pct(lat_first, 99))))
    print("  last stream   p50 %s  p99 %s  max %s"
          % (ms(pct(lat_all, 50)), ms(pct(lat_all, 99)), ms(max(lat_all))))
    print("  spread first..last  p50 %s  p99 %s"
          % (ms(pct(spread, 50)), ms(pct(spread, 99))))

    # Sustained flow: calls posted and abandoned at FLOW_RATE per second,
    # two `queue` events each, to every stream.
    pool.clear()
    c0, w0 = cpu_s(pid), time.monotonic()
    end = w0 + flow_s
    nxt, posted = w0, 0
    while time.monotonic() < end:
        if time.monotonic() >= nxt:
            st, call = api(url, "POST", "/v1/calls", cti,
                           {"caller": "13800138000", "desk": "CARE"})
            if st == 201:
                api(url, "POST", "/v1/calls/%d/abandon" % call["id"],
                    cti, {})
                posted += 1
            nxt += 1.0 / flow_rate
        pool.pump(max(0.0, min(nxt, end) - time.monotonic()))
    pool.wait(lambda: all(sum(1 for e in s.events if e[1] == "queue")
                          >= 2 * posted for s in pool.streams), 30,
              "the flow to arrive")
    wall = time.monotonic() - w0
    flow = (cpu_s(pid) - c0) / wall
    delivered = sum(len(s.events) for s in pool.streams)
    print("events flowing for %.0f s: %d events to each of %d streams "
          "(%.0f deliveries/s): hotlined CPU %.1f %%, RSS %d KiB"
          % (wall, 2 * posted, n, delivered / wall, flow * 100,
             rss_kb(pid)))
    pool.close()


def calls_bench(url, pid, agent, cti_user, tokens_file=None):
    n = int(os.environ.get("CALLS", "100"))
    cti = login(url, cti_user)
    atok = login(url, agent)
    extra = read_tokens(tokens_file) if tokens_file else []
    pool = Pool(url, [atok] + extra)
    pool.wait(lambda: pool.all_have("hello"), 60, "hello")
    me = pool.streams[0]
    st, j = api(url, "PUT", "/v1/agents/me/state", atok, {"state": "READY"})
    if st != 200:
        die("READY: %s %s" % (st, j))
    print("agent %s READY, %d other streams open" % (agent, len(extra)))
    offered, posted_rt = [], []
    for i in range(n):
        me.events.clear()
        ts = time.monotonic()
        st, call = api(url, "POST", "/v1/calls", cti,
                       {"caller": "1380013%04d" % i, "desk": "GENERAL",
                        "ivr": {"intent": "公积金提取",
                                "transcript": "我想问一下公积金怎么提取"}})
        t201 = time.monotonic()
        if st != 201 or call.get("state") != "RINGING":
            die("call %d: %s %s" % (i, st, call))
        pool.wait(lambda: any(e[1] == "call.offered" for e in me.events),
                  30, "call.offered")
        tr = next(e[0] for e in me.events if e[1] == "call.offered")
        offered.append(tr - ts)
        posted_rt.append(t201 - ts)
        me.events.clear()
        st, _ = api(url, "POST", "/v1/calls/%d/abandon" % call["id"], cti,
                    {})
        if st != 200:
            die("abandon: %s" % st)
        pool.wait(lambda: any(e[1] == "agent.state" and
                              b'"state":"READY"' in (e[2] or b"")
                              for e in me.events), 30, "READY again")
    print("%d calls: POST /v1/calls sent -> call.offered read on the "
          "agent's stream:" % n)
    print("  p50 %s  p99 %s  max %s" % (ms(pct(offered, 50)),
                                        ms(pct(offered, 99)),
                                        ms(max(offered))))
    print("  (the 201 reply itself: p50 %s  p99 %s)"
          % (ms(pct(posted_rt, 50)), ms(pct(posted_rt, 99))))
    print("hotlined RSS %d KiB" % rss_kb(pid))
    api(url, "PUT", "/v1/agents/me/state", atok, {"state": "OFFLINE"})
    pool.close()


def main(argv):
    if len(argv) >= 4 and argv[0] == "mkagents":
        mkagents(argv[1], int(argv[2]), argv[3])
    elif len(argv) == 5 and argv[0] == "events":
        events_bench(argv[1], int(argv[2]), argv[3], argv[4])
    elif len(argv) in (5, 6) and argv[0] == "calls":
        calls_bench(argv[1], int(argv[2]), argv[3], argv[4],
                    argv[5] if len(argv) == 6 else None)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
