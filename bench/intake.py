#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Key press in the intake form -> the field redrawn, with the real client
on a pty (issue #4 section 7; bench/intake.sh starts the server).

Runs build/hotline on a ROWSxCOLS pseudo-terminal logged in as demo-agent
(--password-file), opens the intake form (i) and measures, for every key,
the time from writing the key to the pty until the client's output that
contains its effect has been read (escape sequences stripped):

  title/ascii, title/chinese     one character typed into the single-line
                                 title field; the end is its echo
  content/ascii, content/chinese the same in the multi-line content area
                                 (batches long enough to wrap)
  picker/gjj, picker/dc          pinyin initials typed on the category
                                 (gjj) and the town (dc) field: the first
                                 letter opens the filtered picker, the
                                 next ones filter it; the end is the last
                                 text the repaint prints (learnt on a
                                 warm-up cycle, then checked every time)

Text is typed in batches and erased with Backspace between batches; after
every key the script waits until the client has been quiet for GAP_MS and
sleeps in poll(2) (/proc/PID/stat and wchan): like a fast typist, and so
one key's work never overlaps the next one's measurement and no late
output is taken for the next key's.  The start time is read just before
the write (the woken client may preempt this process inside it).  Everything runs with N samples per case; the first batch /
cycle of each case is a warm-up and not counted.

    intake.py URL HOTLINE PASSWORD_FILE ROWS COLS N"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

ESC = re.compile(rb"\x1b\[[0-9;?>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|"
                 rb"\x1b[=>78]|[\x0e\x0f\r\n\x08\x07]")
GAP = float(os.environ.get("GAP_MS", "10")) / 1000.0
ASCII = "abcdefghijklmnopqrstuvwxyz"
CHINESE = ("市民反映东城街道主山社区凌晨清扫车作业噪音很大影响休息请尽快"
           "核查处理并答复来电人住房公积金提取办理材料咨询")


class Client:
    def __init__(self, url, hotline, pwfile, rows, cols, argv=None):
        if argv is None:
            argv = [hotline, "--server", url, "--user", "demo-agent",
                    "--password-file", pwfile]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                              LC_ALL="C.UTF-8")
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))
        self.buf = bytearray()
        self.idle_pid = self.pid

    def read_some(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            raise SystemExit("the client exited")
        if not data:
            raise SystemExit("the client exited")
        self.buf.extend(data)
        return True

    def text(self):
        return ESC.sub(b"", bytes(self.buf))

    def wait_for(self, text, limit=10.0):
        """Read until TEXT (str or bytes) is in the stripped output since
        the last clear(); returns the monotonic time it was read."""
        want = text.encode() if isinstance(text, str) else text
        end = time.monotonic() + limit
        while True:
            if want in self.text():
                return time.monotonic()
            left = end - time.monotonic()
            if left <= 0:
                tail = self.text()[-800:].decode("utf-8", "replace")
                raise SystemExit("no %r from the client within %.0f s; "
                                 "last output: %r" % (text, limit, tail))
            self.read_some(min(left, 0.05))

    def idle(self):
        """The client sleeps in poll(2): it has handled every key written
        so far (a key written wakes it at once) and painted."""
        try:
            with open("/proc/%d/stat" % self.idle_pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            with open("/proc/%d/wchan" % self.idle_pid) as f:
                wchan = f.read()
        except OSError:
            return True  # no /proc: the quiet gap alone
        return state == "S" and "poll" in wchan

    def settle(self, quiet=GAP, limit=5.0):
        """Read until the client has been quiet for QUIET seconds and is
        idle (so no late output can be taken for the next key's)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if not self.read_some(quiet) and self.idle():
                if not self.read_some(0):
                    return
        raise SystemExit("the client never went quiet")

    def clear(self):
        del self.buf[:]

    def write(self, b):
        """Returns the time just before the write: the woken client may
        preempt this process inside os.write and paint before it returns."""
        self.clear()
        t0 = time.monotonic()
        os.write(self.fd, b.encode() if isinstance(b, str) else b)
        return t0

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.monotonic() + 3
        while time.monotonic() < end:
            p, _ = os.waitpid(self.pid, os.WNOHANG)
            if p:
                return
            try:
                self.read_some(0.05)
            except SystemExit:
                pass
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def type_case(c, alphabet, batch, n):
    """Type N characters (plus one warm-up batch) in batches of BATCH,
    erasing each batch; returns the latencies in ms."""
    times = []
    k = 0
    first = True
    while len(times) < n:
        for i in range(batch):
            ch = alphabet[k % len(alphabet)]
            k += 1
            t0 = c.write(ch)
            t1 = c.wait_for(ch, 5.0)
            if not first and len(times) < n:
                times.append((t1 - t0) * 1000.0)
            c.settle()
        first = False
        for i in range(batch):
            c.write(b"\x7f")
            c.settle()
    return times


def last_token(text):
    """The last run of Chinese text (2+ characters) in stripped output:
    digits and ASCII are left out, a clock tick may print those."""
    runs = re.findall(r"[\u3400-\u9fff]{2,}",
                      text.decode("utf-8", "replace"))
    if not runs:
        return None
    return runs[-1][-6:].encode()


def picker_case(c, keys, n):
    """Cycles of KEYS typed on a list field (the first opens the picker),
    then Esc; the first cycle learns what each key's repaint prints last,
    and what closing the picker prints last (a lone Esc is taken as Esc
    only after the client's ESCDELAY: the next cycle waits for that
    repaint, so a late one is never taken for the next key's)."""
    marks = []
    for ch in keys:
        c.write(ch)
        c.settle(0.3)
        tok = last_token(c.text())
        if not tok:
            raise SystemExit("key %r in the picker painted no text" % ch)
        marks.append(tok)
    c.write(b"\x1b")
    c.settle(0.3)
    esc_mark = last_token(c.text())
    if not esc_mark:
        raise SystemExit("closing the picker painted no text")
    times = []
    while len(times) < n:
        for ch, mark in zip(keys, marks):
            t0 = c.write(ch)
            t1 = c.wait_for(mark, 5.0)
            times.append((t1 - t0) * 1000.0)
            c.settle()
        c.write(b"\x1b")
        c.wait_for(esc_mark, 5.0)
        c.settle()
    return times, marks + [esc_mark]


class Timing:
    """The client's own per-key timing (HOTLINE_KEY_TIMING, tui/loop.c):
    lines CONTEXT, KEY, HANDLED_US, PAINTED_US appended as keys are read."""

    def __init__(self, path):
        self.path = path
        self.pos = 0

    def mark(self):
        self.pos = os.path.getsize(self.path) if self.path and \
            os.path.exists(self.path) else 0

    def since_mark(self, skip_keys=("Backspace", "Esc", "Tab"), warmup=0):
        """(handled_ms, painted_ms) of the keys since mark(), without the
        erasing / closing keys and the first WARMUP typed keys."""
        if not self.path or not os.path.exists(self.path):
            return None
        with open(self.path) as f:
            f.seek(self.pos)
            lines = f.read().splitlines()
        rows = []
        for ln in lines:
            parts = ln.split("\t")
            if len(parts) != 4 or parts[1] in skip_keys or parts[3] == "-":
                continue
            rows.append((int(parts[2]) / 1000.0, int(parts[3]) / 1000.0))
        return rows[warmup:]


def main():
    url, hotline, pwfile = sys.argv[1:4]
    rows, cols, n = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    c = Client(url, hotline, pwfile, rows, cols)
    results = []
    inproc = {}
    tm = Timing(os.environ.get("HOTLINE_KEY_TIMING"))
    try:
        c.wait_for("DG2", 30)
        c.settle(0.3)
        c.write("i")
        c.wait_for("诉求类型")
        c.settle(0.3)
        # focus starts on the appeal type; Tab -> title
        c.write("\t")
        c.settle(0.1)
        # the title shows 64 columns at 80x24: 20 CJK characters fit
        def typed(name, alphabet, batch):
            tm.mark()
            results.append((name, type_case(c, alphabet, batch, n)))
            inproc[name] = (tm.since_mark(warmup=batch) or [])[:n]

        typed("title/ascii", ASCII, 40)
        typed("title/chinese", CHINESE, 20)
        c.write("\t")
        c.settle(0.1)
        # 100 CJK characters wrap over several display lines
        typed("content/ascii", ASCII, 150)
        typed("content/chinese", CHINESE, 100)
        c.write("\t")  # category
        c.settle(0.1)
        tm.mark()
        t, m = picker_case(c, "gjj", n)
        results.append(("picker/gjj", t))
        inproc["picker/gjj"] = (tm.since_mark(warmup=3) or [])[:n]
        c.write("\t\t")  # urgency, town
        c.settle(0.1)
        tm.mark()
        t2, m2 = picker_case(c, "dc", n)
        results.append(("picker/dc", t2))
        inproc["picker/dc"] = (tm.since_mark(warmup=2) or [])[:n]
        print("# picker end marks: gjj %s, dc %s" % (
            [x.decode("utf-8", "replace") for x in m],
            [x.decode("utf-8", "replace") for x in m2]), file=sys.stderr)
        c.write(b"\x1b")  # leave the form (kept as a draft)
        c.settle(0.2)
    finally:
        c.stop()
    print("%dx%d terminal, key -> field redrawn (ms):" % (cols, rows))
    for name, ts in results:
        print("  %-16s n=%-4d p50 %6.2f  p99 %6.2f  min %6.2f  max %7.2f"
              % (name, len(ts), pct(ts, 50), pct(ts, 99), min(ts), max(ts)))
    allt = [x for _, ts in results for x in ts]
    print("  %-16s n=%-4d p50 %6.2f  p99 %6.2f  max %7.2f" % (
        "all", len(allt), pct(allt, 50), pct(allt, 99), max(allt)))
    if not tm.path:
        return
    print("%dx%d terminal, in the client: key read -> handled (incl. the "
          "draft journal) -> painted (doupdate done), ms:" % (cols, rows))
    allp, allh = [], []
    for name, _ in results:
        rows_ = inproc.get(name) or []
        if not rows_:
            print("  %-16s no timing lines" % name)
            continue
        h = [a for a, _ in rows_]
        p = [b for _, b in rows_]
        allh += h
        allp += p
        print("  %-16s n=%-4d painted p50 %6.3f  p99 %6.3f  max %7.3f"
              "   handled p50 %6.3f  p99 %6.3f"
              % (name, len(p), pct(p, 50), pct(p, 99), max(p),
                 pct(h, 50), pct(h, 99)))
    if allp:
        print("  %-16s n=%-4d painted p50 %6.3f  p99 %6.3f  max %7.3f"
              "   handled p50 %6.3f  p99 %6.3f"
              % ("all", len(allp), pct(allp, 50), pct(allp, 99), max(allp),
                 pct(allh, 50), pct(allh, 99)))


if __name__ == "__main__":
    main()
