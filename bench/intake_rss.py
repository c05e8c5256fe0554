#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Client RSS while tickets are recorded through the intake form, with the
real client on an 80x24 pty (bench/intake_rss.sh starts the server).

Runs `/usr/bin/time -v -o TIMEFILE build/hotline ...` on a pty, logged in
as demo-agent, and records COUNT tickets through the form exactly as an
agent would with the keyboard: i, appeal type 咨询 (zx), a numbered title
and content, category 办事指南咨询 (bszn), M-s (the form points at the
missing handling mode), 直接办结 (zjbj), a reply, M-s, wait for the closing
panel with the ticket number, any key to close it.  VmRSS and VmHWM of the
client (/proc/PID/status) are printed after 0 tickets and at every mark in
MARKS; then the client quits and /usr/bin/time's maximum RSS is printed.
The API must then hold COUNT tickets with this run's title prefix.

    intake_rss.py URL HOTLINE PASSWORD_FILE TIMEFILE COUNT MARKS PREFIX"""
import http.client, json, os, sys, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from intake import Client  # noqa: E402


def status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def client_pid(time_pid):
    """The hotline process: the child of /usr/bin/time."""
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            with open("/proc/%d/task/%d/children" % (time_pid,
                                                      time_pid)) as f:
                kids = f.read().split()
            if kids:
                return int(kids[0])
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit("no client process under /usr/bin/time")


def api_count(url, pwfile, prefix):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("POST", "/v1/sessions", json.dumps(
        {"username": "demo-agent",
         "password": open(pwfile).read().strip()}),
        {"Content-Type": "application/json"})
    r = conn.getresponse()
    tok = json.loads(r.read())["token"]
    n, cursor, numbers = 0, None, set()
    while True:
        path = "/v1/tickets?limit=200&q=" + urllib.parse.quote(prefix)
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        conn.request("GET", path, None, {"Authorization": "Bearer " + tok})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit("GET %s -> %d %s" % (path, r.status, body[:200]))
        page = json.loads(body)
        for t in page.get("items") or []:
            if t["title"].startswith(prefix):
                n += 1
                numbers.add(t["title"])
        cursor = page.get("next_cursor")
        if not cursor:
            return n, len(numbers)


def main():
    url, hotline, pwfile, timef = sys.argv[1:5]
    count = int(sys.argv[5])
    marks = sorted({int(x) for x in sys.argv[6].split(",")} | {count})
    prefix = sys.argv[7]
    c = Client(url, "/usr/bin/time",
               pwfile, 24, 80, argv=["/usr/bin/time", "-v", "-o", timef,
                                     hotline, "--server", url, "--user",
                                     "demo-agent", "--password-file",
                                     pwfile])
    pid = client_pid(c.pid)
    c.idle_pid = pid

    def step(keys, want=None, limit=15.0):
        c.write(keys)
        if want:
            c.wait_for(want, limit)
        c.settle(0.03)

    def show(n):
        s = status(pid)
        print("after %3d tickets: VmRSS %6d kB  VmHWM %6d kB" % (
            n, s["VmRSS"], s["VmHWM"]), flush=True)

    t0 = time.monotonic()
    try:
        c.wait_for("DG2", 30)
        c.settle(0.3)
        show(0)
        for n in range(1, count + 1):
            step("i", "诉求类型")
            step("\r", "筛选")
            step("zx")
            step("\r", "咨询")
            step("%s%03d号" % (prefix, n))
            step("\t")
            step("压测内容第%03d件，请核实后答复。" % n)
            step("\t")
            step("bszn", "办事指南咨询")
            step("\r", "办事指南咨询")
            step("\x1bs", "需要修改")
            step("\r", "筛选")
            step("zjbj")  # keys are handled in order: no wait needed
            step("\r", "直接办结")
            step("\t")
            step("已按办事指南答复。")
            step("\x1bs", "工单已受理")
            step("q", "我的工单")
            if n in marks:
                show(n)
        secs = time.monotonic() - t0
        # quit: :quit Enter; /usr/bin/time then writes its report
        c.write(":quit\r")
        end = time.monotonic() + 10
        while time.monotonic() < end:
            p, _ = os.waitpid(c.pid, os.WNOHANG)
            if p:
                break
            try:
                c.read_some(0.05)
            except SystemExit:
                pass
        else:
            raise SystemExit("the client did not quit on :quit")
    except BaseException:
        c.stop()
        raise
    maxrss = None
    for line in open(timef):
        if "Maximum resident set size" in line:
            maxrss = int(line.split()[-1])
    print("%d tickets through the form in %.0f s (%.2f s a ticket)" % (
        count, secs, secs / count))
    print("/usr/bin/time -v: maximum resident set size %s kB" % maxrss)
    n, distinct = api_count(url, pwfile, prefix)
    print("API: %d tickets titled %s* (%d distinct)" % (n, prefix, distinct))
    if n != count or distinct != count:
        raise SystemExit("expected exactly %d tickets" % count)


if __name__ == "__main__":
    main()
