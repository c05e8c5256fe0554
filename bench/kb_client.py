#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Key press in the knowledge-base search box -> results painted, with the
real client on a pty.

Runs build/hotline on a 100x30 pseudo-terminal logged in as demo-agent,
opens the KB pane (F12), and for each query (after asking the server for
its top title with GET /v1/kb/search) writes the whole query to the pty
at once and reads the client's output until that title has been painted
(escape sequences stripped): the time between is the figure.  It includes
the client's 150 ms search-as-you-type debounce, the HTTP round trip, the
search itself and the paint.  Backspaces then empty the box, and the next
query starts once the empty-box hint is back.

    kb_client.py URL HOTLINE PASSWORD_FILE QUERIES_FILE ROUNDS"""
import http.client, json, os, pty, re, select, signal, struct, sys
import fcntl, termios, time, urllib.parse

ESC = re.compile(rb"\x1b\[[0-9;?>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|[\x0e\x0f]")
HINT = "\u8f93\u5165\u5173\u952e\u8bcd\u641c\u7d22"  # 输入关键词搜索


def main():
    url, hotline, pwfile, qfile = sys.argv[1:5]
    rounds = int(sys.argv[5])
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)

    def req(method, path, body=None, token=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        conn.request(method, path,
                     json.dumps(body) if body is not None else None, h)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise SystemExit("%s %s -> %d %s" % (method, path, r.status,
                                                  data[:200]))
        return json.loads(data) if data else None

    pw = open(pwfile).read().strip()
    tok = req("POST", "/v1/sessions",
              {"username": "demo-agent", "password": pw})["token"]
    queries = []
    for q in open(qfile, encoding="utf-8").read().split():
        hits = req("GET", "/v1/kb/search?limit=10&q=" + urllib.parse.quote(q),
                   None, tok)
        items = hits.get("items") or []
        if not items:
            print("# skipped %s: no results" % q, file=sys.stderr)
            continue
        title = items[0]["title"]
        want = title.split()[0] if len(title.split()[0]) >= 4 else title
        queries.append((q, want[:14]))
    if not queries:
        raise SystemExit("no query has results")

    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                          LC_ALL="C.UTF-8")
        os.execv(hotline, [hotline, "--server", url, "--user", "demo-agent",
                           "--password-file", pwfile])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    buf = bytearray()

    def wait_for(text, limit=30.0):
        end = time.monotonic() + limit
        want = text.encode()
        while time.monotonic() < end:
            if want in ESC.sub(b"", bytes(buf)):
                del buf[:]
                return time.monotonic()
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                buf.extend(os.read(fd, 65536))
                del buf[:-200000]
        tail = ESC.sub(b"", bytes(buf))[-600:].decode("utf-8", "replace")
        raise SystemExit("no %r on the client's screen within %.0f s; "
                         "last output: %r" % (text, limit, tail))

    def settle(quiet=0.1):
        while True:
            r, _, _ = select.select([fd], [], [], quiet)
            if not r:
                return
            os.read(fd, 65536)

    try:
        wait_for("DG2")
        settle()
        os.write(fd, b"\x1b[24~")  # F12
        wait_for(HINT)
        settle()
        times = []
        for rnd in range(rounds + 1):
            for q, want in queries:
                del buf[:]
                t0 = time.monotonic()
                os.write(fd, q.encode())
                t1 = wait_for(want)
                if rnd > 0:  # round 0 warms up
                    times.append((t1 - t0) * 1000.0)
                settle(0.05)
                os.write(fd, b"\x7f" * len(q))
                wait_for(HINT)
                settle(0.05)
        times.sort()

        def pct(p):
            return times[min(len(times) - 1,
                             int(round(p / 100.0 * (len(times) - 1))))]
        print("key press -> KB results painted, %d queries x %d rounds = %d "
              "samples (ms, including the 150 ms debounce): p50 %.1f  "
              "p95 %.1f  min %.1f  max %.1f" % (
                  len(queries), rounds, len(times), pct(50), pct(95),
                  times[0], times[-1]))
        print("same without the debounce (ms): p50 %.1f  p95 %.1f" % (
            pct(50) - 150.0, pct(95) - 150.0))
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
