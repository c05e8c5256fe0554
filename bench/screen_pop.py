#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Call posted -> screen pop painted, with the real client on a pty.

Runs build/hotline on a 100x30 pseudo-terminal logged in as demo-agent,
makes it READY (F2), then N times POSTs a call as demo-cti over one kept-
alive HTTP connection and reads the client's terminal output until the
caller's number has been written: the time between is the figure (no
tmux polling in between, so sub-millisecond resolution).  Each call is
then abandoned, which returns the agent to READY.

    screen_pop.py URL HOTLINE N PASSWORD_FILE"""
import http.client, json, os, pty, random, select, signal, struct, sys
import fcntl, termios, time, urllib.parse

def main():
    url, hotline, n, pwfile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)

    def req(method, path, body=None, token=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        conn.request(method, path, json.dumps(body) if body is not None else None, h)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise SystemExit("%s %s -> %d %s" % (method, path, r.status, data[:200]))
        return json.loads(data) if data else None

    cti = req("POST", "/v1/sessions", {"username": "demo-cti", "password": "demo"})["token"]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        os.execv(hotline, [hotline, "--server", url, "--user", "demo-agent",
                           "--password-file", pwfile])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    buf = bytearray()

    def wait_for(text, limit=15.0):
        end = time.monotonic() + limit
        want = text.encode()
        while time.monotonic() < end:
            if want in buf:
                del buf[:]
                return time.monotonic()
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                buf.extend(os.read(fd, 65536))
                del buf[:-200000]
        raise SystemExit("no %r on the client's screen within %.0f s" % (text, limit))

    try:
        wait_for("DG2")
        os.write(fd, b"\x1bOQ")  # F2: ready
        wait_for("\u793a\u95f2")  # 示闲
        times = []
        rnd = random.Random(12345)
        for i in range(n):
            phone = "1%d%09d" % (rnd.choice([3, 5, 8]) * 10 + rnd.randint(0, 9), rnd.randint(0, 999999999))
            phone = phone[:11]
            del buf[:]
            t0 = time.monotonic()
            call = req("POST", "/v1/calls", {"caller": phone, "channel": "PHONE",
                                             "desk": "GENERAL"}, cti)
            t1 = wait_for(phone)
            times.append((t1 - t0) * 1000.0)
            req("POST", "/v1/calls/%d/abandon" % call["id"], None, cti)
            time.sleep(0.05)  # let the pop close before the next call
        times.sort()
        pct = lambda p: times[min(len(times) - 1, int(round(p / 100.0 * (len(times) - 1))))]
        print("call posted -> screen pop painted, %d calls (ms): p50 %.1f  p90 %.1f  "
              "p99 %.1f  min %.1f  max %.1f" % (n, pct(50), pct(90), pct(99), times[0], times[-1]))
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)

if __name__ == "__main__":
    main()
