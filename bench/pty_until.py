#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a command on a fresh 80x24 pseudo-terminal and exit as soon as TEXT
appears in what it draws (then the command is killed).  bench/client.sh
times this with hyperfine for "exec to login screen"; the same harness
around `printf TEXT` is the baseline, so the client's own share is the
difference.  Much less noise than driving tmux.

    pty_until.py TEXT TIMEOUT_S -- COMMAND [ARGS...]
Exit 0 when seen, 1 on timeout or when the command exits first."""
import fcntl, os, pty, select, signal, struct, sys, termios, time

def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    text = sys.argv[1].encode()
    deadline = time.monotonic() + float(sys.argv[2])
    argv = sys.argv[4:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.setdefault("TERM", "xterm-256color")
        os.environ.setdefault("LANG", "C.UTF-8")
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    rc = 1
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen = seen[-len(text):] + chunk
        if text in seen:
            rc = 0
            break
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    return rc

if __name__ == "__main__":
    sys.exit(main())
