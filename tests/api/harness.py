#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers of the API suites (python3 stdlib only).

Server  starts ${BUILD:-build}/hotlined on a fresh temporary database and a
        free loopback port (--listen 127.0.0.1:0 --port-file), waits for
        /v1/health with a deadline, and is always stopped (SIGTERM, then
        SIGKILL) when the suite ends, even on an exception.
Suite   prints "ok - name" / "not ok - name: why" per check and the closing
        "N passed, N failed" line; its exit status is 0 only without
        failures.
"""
import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
HOTLINED = os.path.join(ROOT, BUILD, "hotlined")
DATA = os.path.join(ROOT, "data")
PASSWORD = "demo"
START_TIMEOUT = float(os.environ.get("HOTLINE_START_TIMEOUT", "90"))


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, why=""):
        if cond:
            self.passed += 1
            print(f"ok - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok - {name}: {why}", flush=True)
        return bool(cond)

    def eq(self, name, got, want):
        return self.ok(name, got == want, f"got {got!r}, want {want!r}")

    def status(self, name, resp, want, code=None):
        """resp is a Resp; want an int; code the expected error code."""
        good = resp.status == want
        if good and code is not None:
            good = resp.error_code() == code
        return self.ok(name, good,
                       f"got {resp.status} {resp.text()[:300]!r}, want {want}"
                       + (f" {code}" if code else ""))

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(0 if self.failed == 0 else 1)


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # dict, lower-case names
        self.body = body        # bytes

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def error_code(self):
        j = self.json()
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            return j["error"].get("code")
        return None

    def error_field(self):
        j = self.json()
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            return j["error"].get("field")
        return None

    def header(self, name):
        return self.headers.get(name.lower())


_servers = []


def _cleanup():
    for s in list(_servers):
        s.kill()


atexit.register(_cleanup)


def _on_signal(signum, frame):
    _cleanup()
    sys.exit(1)


signal.signal(signal.SIGTERM, _on_signal)


class Server:
    """A private hotlined.  seed=True loads the demo data set."""

    def __init__(self, seed=True, data_dir=None, args=(), db=None):
        self.dir = tempfile.mkdtemp(prefix="hotline-api.")
        self.db = db or os.path.join(self.dir, "hotline.db")
        self.port_file = os.path.join(self.dir, "port")
        self.log_path = os.path.join(self.dir, "hotlined.log")
        self.proc = None
        self.port = None
        cmd = [HOTLINED, "--db", self.db, "--listen", "127.0.0.1:0",
               "--port-file", self.port_file, "--data-dir",
               data_dir or DATA, "--log-level", "info"]
        if seed:
            cmd += ["--seed", "demo"]
        cmd += list(args)
        self.cmd = cmd
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log,
                                     cwd=ROOT)
        _servers.append(self)
        self._wait_ready()

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hotlined exited with {self.proc.returncode}:\n"
                                   + self.log_text()[-2000:])
            try:
                with open(self.port_file) as f:
                    txt = f.read().strip()
                if txt:
                    self.port = int(txt)
                    r = self.req("GET", "/v1/health")
                    if r.status == 200:
                        return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("hotlined did not answer /v1/health in time:\n"
                           + self.log_text()[-2000:])

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def log_text(self):
        try:
            self.log.flush()
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def req(self, method, path, body=None, token=None, headers=None,
            raw=None, timeout=30):
        """body: object sent as JSON; raw: bytes sent as is."""
        h = {}
        if token:
            h["Authorization"] = "Bearer " + token
        data = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        if headers:
            h.update(headers)
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()},
                        r.read())
        finally:
            c.close()

    def raw(self, data, timeout=30):
        """Send raw bytes (a whole HTTP request) and read the response.
        Errors while sending are ignored: the server may answer early
        and close (413)."""
        sock = socket.create_connection(("127.0.0.1", self.port),
                                        timeout=timeout)
        try:
            try:
                sock.sendall(data)
            except OSError:
                pass
            r = http.client.HTTPResponse(sock)
            r.begin()
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()},
                        r.read())
        finally:
            sock.close()

    def login(self, user, password=PASSWORD):
        r = self.req("POST", "/v1/sessions",
                     {"username": user, "password": password})
        if r.status != 201:
            raise RuntimeError(f"login {user}: {r.status} {r.text()}")
        return r.json()["token"]

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Signal the server and return its exit status (None if it had
        to be killed)."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self in _servers:
            _servers.remove(self)
        try:
            self.log.close()
        except OSError:
            pass
        if os.environ.get("HOTLINE_KEEP_TMP"):
            return
        shutil.rmtree(self.dir, ignore_errors=True)


def new_ticket(**over):
    """A valid create body; keyword arguments override fields."""
    t = {
        "channel": "PHONE",
        "appeal_type": "COMPLAINT",
        "title": "夜间施工噪音扰民",
        "content": "来电人反映东城街道某工地每晚十点后仍在施工。\n希望尽快处理。",
        "category_code": "0501",
        "urgency": "NORMAL",
        "town_code": "DONGCHENG",
        "address": "东城街道主山社区",
        "caller_phone": "13800138000",
        "caller_name": "张先生",
    }
    if "category_code" not in over and "extra" not in over:
        # 0501's form requires these before the ticket leaves DRAFT.
        t["extra"] = {"noise_period": "night", "noise_source": "建筑工地"}
    t.update(over)
    return t


def poll(fn, cond, timeout=10.0, interval=0.02):
    """Call fn() until cond(result) holds or timeout seconds pass; returns
    the last result (check cond on it again to know which)."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if cond(v) or time.monotonic() >= deadline:
            return v
        time.sleep(interval)


def run(fn, name=None):
    """Run fn(suite) and always finish: an exception is one failure."""
    s = Suite(name or os.path.basename(sys.argv[0]))
    try:
        fn(s)
    except Exception as e:  # noqa: BLE001 - report and count
        import traceback
        traceback.print_exc()
        s.ok("suite ran to the end", False, f"{type(e).__name__}: {e}")
    finally:
        _cleanup()
    s.finish()
