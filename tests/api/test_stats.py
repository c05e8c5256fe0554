#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Supervisor statistics (docs/metrics.md): GET /v1/stats/live, /daily and
/hotspots.

1. A fixture day through the real API on a server without demo tickets:
   calls offered by cti (one answered after > 15 s in the queue, fast ones,
   abandons before and after 15 s, one left in ACW, one still waiting, one
   training call), and tickets with every handling mode, several appeal
   types, channels, towns and categories.  The test keeps its own record
   of every action and its own clock readings and computes every KPI from
   them; the server's figures must match (counts and rates exactly,
   durations within a second of the test's own measurement).
2. Hotspots: history is seeded with direct SQLite inserts into the
   server's database (the documented fixture loader, as bench/stats.sh
   does): a quiet baseline over 14 days, a normal window -> no item; a
   spike of 12 tickets of one category in one town -> both flagged, with
   the ticket numbers.  The same database checks that the statistics
   queries are index searches (EXPLAIN QUERY PLAN, no scan of tickets).
"""
import math
import os
import shutil
import sqlite3
import tempfile
import time

from harness import DATA, Server, new_ticket, poll, run

A1, A2, A3 = "demo-agent", "demo-agent2", "demo-agent3"
SL = 15
DEADLINE = 15


def empty_data_dir():
    """The demo data without its sample tickets (a day that starts empty)."""
    d = tempfile.mkdtemp(prefix="hotline-stats-data.")
    for f in os.listdir(DATA):
        if f.endswith(".tsv"):
            shutil.copy(os.path.join(DATA, f), d)
    with open(os.path.join(DATA, "demo_tickets.tsv"), encoding="utf-8") as f:
        keep = [ln for ln in f if ln.startswith("#") or ln.startswith("days_ago")]
    with open(os.path.join(d, "demo_tickets.tsv"), "w", encoding="utf-8") as f:
        f.writelines(keep)
    return d


def rate(num, den):
    return None if den == 0 else math.floor(num / den * 10000 + 0.5) / 10000


def mean_s(values):
    return None if not values else math.floor(sum(values) / len(values) + 0.5)


def close(t, name, got, want, tol=1):
    if want is None or got is None:
        t.eq(name, got, want)
    else:
        t.ok(name, abs(got - want) <= tol, f"got {got}, want {want} ±{tol}")


class Floor:
    def __init__(self, srv):
        self.srv = srv
        self.tok = {u: srv.login(u) for u in (
            A1, A2, A3, "demo-cti", "demo-supervisor", "demo-trainer",
            "demo-unit", "demo-agent")}
        self.calls = []     # dicts: training, answered, abandoned, wait, ...
        self.tickets = []   # dicts: appeal, channel, mode, category, town

    def req(self, method, path, body=None, who="demo-supervisor"):
        return self.srv.req(method, path, body, token=self.tok[who])

    def state(self, user, state, reason=None):
        body = {"state": state}
        if reason:
            body["reason"] = reason
        r = self.req("PUT", "/v1/agents/me/state", body, who=user)
        assert r.status == 200, r.text()

    def call(self, cid):
        return self.req("GET", f"/v1/calls/{cid}").json()

    def offer(self, desk="GENERAL", who="demo-cti"):
        r = self.req("POST", "/v1/calls", {"caller": "13900000000",
                                           "desk": desk}, who=who)
        assert r.status == 201, r.text()
        c = {"id": r.json()["id"], "t_offer": time.monotonic(),
             "training": who == "demo-trainer", "answered": False,
             "abandoned": False, "wrapped": False, "agent": None}
        self.calls.append(c)
        return c

    def ring(self, c):
        j = poll(lambda: self.call(c["id"]),
                 lambda j: j.get("state") == "RINGING", DEADLINE)
        assert j.get("state") == "RINGING", j
        c["agent"] = j["agent"]

    def answer(self, c):
        self.ring(c)
        r = self.req("POST", f"/v1/calls/{c['id']}/answer", who=c["agent"])
        assert r.status == 200, r.text()
        c["t_answer"] = time.monotonic()
        c["answered"] = True
        c["wait"] = c["t_answer"] - c["t_offer"]

    def hangup(self, c):
        r = self.req("POST", f"/v1/calls/{c['id']}/hangup", who=c["agent"])
        assert r.status == 200, r.text()
        c["t_hangup"] = time.monotonic()
        c["talk"] = c["t_hangup"] - c["t_answer"]

    def wrapup(self, c):
        r = self.req("POST", f"/v1/calls/{c['id']}/wrapup",
                     {"code": "DIRECT_ANSWER"}, who=c["agent"])
        assert r.status == 200, r.text()
        c["t_wrap"] = time.monotonic()
        c["acw"] = c["t_wrap"] - c["t_hangup"]
        c["wrapped"] = True

    def abandon(self, c):
        r = self.req("POST", f"/v1/calls/{c['id']}/abandon", who="demo-cti")
        assert r.status == 200, r.text()
        c["abandoned"] = True
        c["wait"] = time.monotonic() - c["t_offer"]

    def ticket(self, appeal, channel, category, town, actions=(), **over):
        body = new_ticket(appeal_type=appeal, channel=channel,
                          category_code=category, town_code=town, **over)
        if category == "0501":
            body["extra"] = {"noise_period": "night",
                             "noise_source": "建筑工地"}
        r = self.req("POST", "/v1/tickets", body, who=A1)
        assert r.status == 201, r.text()
        no = r.json()["ticket_no"]
        mode = None
        for action, who, b in actions:
            r = self.req("POST", f"/v1/tickets/{no}/actions/{action}", b,
                         who=who)
            assert r.status == 200, (action, r.text())
            mode = r.json().get("handling_mode")
        self.tickets.append({"no": no, "appeal": appeal, "channel": channel,
                             "mode": mode, "category": category,
                             "town": town})
        return no


def expected_kpi(calls, tickets):
    real = [c for c in calls if not c["training"]]
    offered = [c for c in real if c["answered"] or c["abandoned"]]
    answered = [c for c in offered if c["answered"]]
    handled = [c for c in answered if c["wrapped"]]
    k = {
        "offered": len(offered),
        "answered": len(answered),
        "answer_rate": rate(len(answered), len(offered)),
        "service_level_15s": rate(len([c for c in answered
                                       if c["wait"] <= SL]), len(offered)),
        "abandoned": len([c for c in offered if c["abandoned"]]),
        "abandon_rate": rate(len([c for c in offered if c["abandoned"]]),
                             len(offered)),
        "avg_wait_s": mean_s([c["wait"] for c in answered]),
        "longest_wait_s": (math.floor(max(c["wait"] for c in offered) + 0.5)
                           if offered else None),
        "att_s": mean_s([c["talk"] for c in handled]),
        "acw_s": mean_s([c["acw"] for c in handled]),
        "aht_s": mean_s([c["talk"] + c["acw"] for c in handled]),
    }
    valid = [x for x in tickets
             if x["mode"] and x["mode"] not in ("INVALID", "MERGED")]
    direct = [x for x in valid if x["mode"] == "DIRECT"]
    transferred = [x for x in valid if x["mode"] == "TRANSFER"]
    k.update({
        "tickets": len(tickets),
        "direct": len(direct),
        "transferred": len(transferred),
        "direct_answer_rate": rate(len(direct), len(valid)),
        "transfer_rate": rate(len(transferred), len(valid)),
    })
    appeals = ["CONSULT", "HELP", "COMPLAINT", "REPORT", "SUGGESTION",
               "PRAISE", "OTHER"]
    channels = ["PHONE", "WEB", "WECHAT", "APP", "SMS", "PEOPLE_DAILY",
                "PROVINCE", "POLICE_110", "MAILBOX"]
    k["by_appeal_type"] = {a: len([x for x in tickets if x["appeal"] == a])
                           for a in appeals}
    k["by_channel"] = {c: len([x for x in tickets if x["channel"] == c])
                       for c in channels}
    return k


DURATIONS = ("avg_wait_s", "longest_wait_s", "att_s", "acw_s", "aht_s")


def compare_kpi(t, where, got, want):
    t.eq(f"{where}: KPI fields", sorted(got), sorted(want))
    for key, w in want.items():
        if key in DURATIONS:
            close(t, f"{where}: {key}", got.get(key), w)
        else:
            t.eq(f"{where}: {key}", got.get(key), w)


def local_hour(ts=None):
    return time.gmtime((ts or time.time()) + 8 * 3600).tm_hour


def fixture_day(t):
    data = empty_data_dir()
    srv = Server(data_dir=data, args=["--ring-timeout", "120",
                                      "--acw-seconds", "600",
                                      "--alert-not-ready", "2",
                                      "--alert-acw", "2"])
    f = Floor(srv)
    hour0 = local_hour()
    sup = "demo-supervisor"

    r = f.req("GET", "/v1/stats/daily")
    t.status("daily on an empty day 200", r, 200)
    z = r.json()["kpi"]
    t.eq("empty day: zeros and nulls",
         (z["offered"], z["answer_rate"], z["tickets"], z["aht_s"]),
         (0, None, 0, None))

    # Calls waiting with nobody ready: GENERAL (answered late), CARE
    # (abandoned late, abandoned at once, left waiting).
    slow = f.offer("GENERAL")
    ab_slow = f.offer("CARE")
    ab_fast = f.offer("CARE")
    f.abandon(ab_fast)
    waiting = f.offer("CARE")

    # Tickets while they wait (every handling mode).
    t1 = f.ticket("CONSULT", "PHONE", "0401", "DONGCHENG", [
        ("close_direct", A1, {"direct_reply": "已告知清运时间。"})])
    f.ticket("CONSULT", "WEB", "1401", "NANCHENG", [
        ("close_direct", A1, {"direct_reply": "已告知办事指南。"})])
    f.ticket("COMPLAINT", "PHONE", "0501", "DONGCHENG", [
        ("transfer", A1, {"comment": "转办"}),
        ("supervise", sup, {"comment": "督办：三日内反馈"})])
    f.ticket("HELP", "WECHAT", "0401", "NANCHENG", [
        ("transfer", A1, {}),
        ("dispatch", sup, {"lead_unit_code": "NANCHENG"}),
        ("sign", "demo-unit", {}),
        ("request_return", "demo-unit", {"comment": "属地不符"})])
    f.ticket("REPORT", "PHONE", "0601", "WANJIANG", [
        ("transfer_out", A1, {"target": "110"})])
    f.ticket("SUGGESTION", "MAILBOX", "1001", "", [
        ("not_accept", A1, {"comment": "已告知法律途径"})])
    f.ticket("OTHER", "SMS", "1401", "", [("invalidate", A1, {})])
    f.ticket("CONSULT", "PHONE", "0401", "DONGCHENG", [
        ("merge", A1, {"merged_into": t1})])
    f.ticket("PRAISE", "PHONE", "9901", "")
    f.ticket("HELP", "PHONE", "0401", "DONGCHENG", [
        ("dispatch_direct", A1, {})], urgency="URGENT")
    f.ticket("COMPLAINT", "APP", "0501", "SHIJIE", [
        ("transfer", A1, {}),
        ("dispatch", sup, {"lead_unit_code": "SHIJIE"}),
        ("sign", "demo-unit", {}),
        ("request_extension", "demo-unit",
         {"deadline": "2100-01-31T10:00:00Z", "comment": "需要检测"})])

    # The late ones: past 15 s in the queue (17 s for a clear margin).
    while time.monotonic() - slow["t_offer"] < SL + 2:
        time.sleep(0.05)
    f.abandon(ab_slow)
    f.state(A1, "READY")
    f.answer(slow)
    t.eq("the late call rang demo-agent", slow["agent"], A1)
    time.sleep(1.3)
    f.hangup(slow)
    time.sleep(0.6)
    f.wrapup(slow)

    # Fast calls; demo-agent2 too (A1 is READY again after wrap-up).
    f.state(A2, "READY")
    for talk, acw in ((0.4, 1.1), (1.6, 0.2), (0.9, 0.7)):
        c = f.offer("GENERAL")
        f.answer(c)
        time.sleep(talk)
        f.hangup(c)
        time.sleep(acw)
        f.wrapup(c)
    # A training call: counted nowhere.  A trainer's call rings only the
    # trainer (docs/training.md), who is logged out again afterwards.
    f.state("demo-trainer", "READY")
    tc = f.offer("GENERAL", who="demo-trainer")
    f.answer(tc)
    t.eq("the training call rang the trainer only", tc["agent"],
         "demo-trainer")
    # ... and its ticket is a training ticket, counted nowhere either.
    body = new_ticket(appeal_type="COMPLAINT", channel="PHONE",
                      category_code="0802", town_code="HUMEN")
    body["call_id"] = str(tc["id"])
    r = f.req("POST", "/v1/tickets", body, who="demo-trainer")
    t.status("training ticket on the training call", r, 201)
    t.eq("the ticket is a training ticket", r.json().get("training"), True)
    f.hangup(tc)
    f.wrapup(tc)
    f.state("demo-trainer", "OFFLINE")
    # One left in ACW (answered, not wrapped), by whoever it rings.
    acw_call = f.offer("GENERAL")
    f.answer(acw_call)
    time.sleep(0.3)
    f.hangup(acw_call)
    in_acw = acw_call["agent"]
    other = A2 if in_acw == A1 else A1
    f.state(other, "NOT_READY", "BREAK")
    t_nr = time.monotonic()

    want = expected_kpi(f.calls, f.tickets)
    same_hour = local_hour() == hour0

    # ---- daily
    r = f.req("GET", "/v1/stats/daily")
    t.status("daily 200", r, 200)
    d = r.json()
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    t.eq("daily date is today (UTC+8)", d.get("date"), today)
    compare_kpi(t, "daily", d["kpi"], want)
    t.eq("hourly: 24 rows", [h["hour"] for h in d["hourly"]], list(range(24)))
    t.eq("last_week: 24 empty rows",
         [(h["offered"], h["tickets"]) for h in d["last_week"]], [(0, 0)] * 24)
    tot = {k: sum(h[k] for h in d["hourly"])
           for k in ("offered", "answered", "abandoned", "tickets")}
    t.eq("hourly sums = the day's counts", tot,
         {"offered": want["offered"], "answered": want["answered"],
          "abandoned": want["abandoned"], "tickets": want["tickets"]})
    if same_hour:
        h = d["hourly"][hour0]
        t.eq("this hour's row holds everything",
             (h["offered"], h["tickets"]), (want["offered"], want["tickets"]))
    cats = {}
    for x in f.tickets:
        c2 = x["category"][:4]
        cats[c2] = cats.get(c2, 0) + 1
        if len(c2) > 2:
            cats[c2[:2]] = cats.get(c2[:2], 0) + 1
    got = {x["code"]: x["count"] for x in d["by_category"]}
    t.eq("by_category: level-1 and level-2 counts", got, cats)
    t.ok("by_category sorted by count desc",
         [x["count"] for x in d["by_category"]] ==
         sorted((x["count"] for x in d["by_category"]), reverse=True),
         d["by_category"])
    names = {x["code"]: x["name"] for x in d["by_category"]}
    t.eq("category names", (names.get("04"), names.get("0401")),
         ("城市管理", "市容环卫"))
    towns = {}
    for x in f.tickets:
        if x["town"]:
            towns[x["town"]] = towns.get(x["town"], 0) + 1
    t.eq("by_town", {x["code"]: x["count"] for x in d["by_town"]}, towns)
    t.eq("town name", {x["code"]: x["name"] for x in d["by_town"]}
         .get("DONGCHENG"), "东城街道")
    t.eq("no overdue units", d["overdue_units"], [])
    t.eq("no hotspots on a first day of 11 tickets", d["hotspots"], [])
    r = f.req("GET", "/v1/stats/daily?date=2026-02-30")
    t.status("impossible date 400", r, 400, "invalid_field")
    r = f.req("GET", "/v1/stats/daily?date=yesterday")
    t.status("malformed date 400", r, 400, "invalid_field")
    r = f.req("GET", "/v1/stats/daily?date=2020-01-01")
    t.eq("a day without data: zeros, not 404",
         (r.status, r.json()["kpi"]["offered"], r.json()["kpi"]["tickets"]),
         (200, 0, 0))

    # ---- live
    poll(lambda: None, lambda _: time.monotonic() - t_nr > 3.5, 6)
    r = f.req("GET", "/v1/stats/live")
    t.status("live 200", r, 200)
    lv = r.json()
    compare_kpi(t, "live today", lv["today"], want)
    if same_hour:
        compare_kpi(t, "live hour", lv["hour"], want)
    else:
        t.ok("live hour (skipped: the hour changed during the test)", True)
    q = {x["desk"]: x for x in lv["queues"]}
    t.eq("CARE: one waiting", q["CARE"]["waiting"], 1)
    t.ok("CARE longest wait ≥ 17 s",
         (q["CARE"]["longest_wait_s"] or 0) >= SL + 2, q["CARE"])
    t.eq("GENERAL: none waiting, longest null",
         (q["GENERAL"]["waiting"], q["GENERAL"]["longest_wait_s"]), (0, None))
    t.eq("GENERAL agents by state", q["GENERAL"]["agents"],
         {"logged_in": 2, "READY": 0, "NOT_READY": 1, "RINGING": 0,
          "TALKING": 0, "HOLD": 0, "ACW": 1})
    t.eq("ENTERPRISE agents (demo-agent2 only)",
         q["ENTERPRISE"]["agents"]["logged_in"], 1)
    ag = {a["username"]: a for a in lv["agents"]}
    t.eq("live agents: the logged-in ones", sorted(ag), sorted([A1, A2]))
    for u in (A1, A2):
        mine = [c for c in f.calls if c["agent"] == u and c["wrapped"]
                and not c["training"]]
        t.eq(f"{u}: handled_today", ag[u]["handled_today"], len(mine))
        close(t, f"{u}: aht_s", ag[u]["aht_s"],
              mean_s([c["talk"] + c["acw"] for c in mine]))
    t.eq("in ACW: state, call, alert",
         (ag[in_acw]["state"], ag[in_acw]["call_id"], ag[in_acw]["alert"]),
         ("ACW", acw_call["id"], "long_acw"))
    t.eq("not ready: reason and alert",
         (ag[other]["state"], ag[other]["reason"], ag[other]["alert"]),
         ("NOT_READY", "BREAK", "long_not_ready"))
    t.ok("in_state_s counts", ag[other]["in_state_s"] >= 3, ag[other])
    t.eq("display name", ag[A1]["display_name"], "演示坐席")
    t.eq("ticket counters", lv["tickets"],
         {"overdue": 0, "due_soon": 1, "returns_pending": 1,
          "extensions_pending": 1, "supervised": 1,
          "supervised_overdue": 0})
    # The review lists of GET /v1/tickets hold what the counters count.
    for flag, key in (("overdue", "overdue"), ("due_soon", "due_soon"),
                      ("return_pending", "returns_pending"),
                      ("extension_pending", "extensions_pending"),
                      ("supervised", "supervised")):
        r = f.req("GET", f"/v1/tickets?flag={flag}")
        t.eq(f"flag={flag}: as many as live counts",
             (r.status, len(r.json().get("items", []))),
             (200, lv["tickets"][key]))
    r = f.req("GET", "/v1/tickets?flag=red")
    t.status("unknown flag 400", r, 400, "unknown_value")
    f.state(other, "NOT_READY", "TRAINING")
    time.sleep(3.2)
    lv = f.req("GET", "/v1/stats/live").json()
    ag = {a["username"]: a for a in lv["agents"]}
    t.eq("NOT_READY for TRAINING never alerts", ag[other]["alert"], None)
    t.eq("SIGTERM exits 0", srv.stop(), 0)
    shutil.rmtree(data, ignore_errors=True)


# ---- hotspots --------------------------------------------------------------

def insert(db, rows):
    """rows: (ticket_no, created_at, category, town, state, deadline,
    lead_unit)."""
    c = sqlite3.connect(db, timeout=30)
    c.executemany(
        "INSERT INTO tickets (ticket_no, channel, desk, appeal_type, title, "
        "content, category_code, urgency, town_code, caller_kind, state, "
        "created_by, created_at, updated_at, version, deadline, "
        "lead_unit_code, handling_mode) VALUES (?, 'PHONE', 'GENERAL', "
        "'COMPLAINT', '测试', '测试工单', ?, 'NORMAL', ?, 'PERSON', ?, "
        "'demo-agent', ?, ?, 1, ?, ?, 'TRANSFER')",
        [(no, cat, town, state, at, at, dl, unit)
         for no, at, cat, town, state, dl, unit in rows])
    c.commit()
    c.close()


class Numbers:
    def __init__(self):
        self.n = 900000

    def __call__(self, at):
        self.n += 1
        day = time.strftime("%Y%m%d", time.gmtime(at + 8 * 3600))
        return f"DG{day}{self.n:06d}"


def hotspots(t):
    data = empty_data_dir()
    srv = Server(data_dir=data)
    tok = srv.login("demo-supervisor")
    now = int(time.time())
    num = Numbers()
    rows = []
    # Baseline: 14 days, 8 tickets of 0501 in DONGCHENG per day inside the
    # same 3 hours, plus 1 of 0401 in NANCHENG (and noise outside).
    for d in range(1, 15):
        for i in range(8):
            at = now - d * 86400 - 600 - i * 1200
            rows.append((num(at), at, "050101", "DONGCHENG", "ARCHIVED",
                         None, ""))
        at = now - d * 86400 - 5000
        rows.append((num(at), at, "0401", "NANCHENG", "ARCHIVED", None, ""))
        at = now - d * 86400 - 6 * 3600
        rows.append((num(at), at, "0802", "HUMEN", "ARCHIVED", None, ""))
    # A normal window: 9 of 0501 (λ = 8), 1 of 0401.
    for i in range(9):
        at = now - 300 - i * 1000
        rows.append((num(at), at, "0501", "DONGCHENG", "ARCHIVED", None, ""))
    at = now - 4000
    rows.append((num(at), at, "040101", "NANCHENG", "ARCHIVED", None, ""))
    # An overdue ticket (created a month ago, deadline an hour ago).
    at = now - 30 * 86400
    rows.append((num(at), at, "0401", "NANCHENG", "HANDLING", now - 3600,
                 "NANCHENG"))
    insert(srv.db, rows)

    r = srv.req("GET", "/v1/stats/hotspots", token=tok)
    t.status("hotspots 200", r, 200)
    h = r.json()
    t.eq("defaults", (h["window_h"], h["baseline_days"]), (3, 14))
    t.ok("rule described", "Poisson" in h.get("rule", ""), h)
    t.eq("a normal window: no item", h["items"], [])
    lv = srv.req("GET", "/v1/stats/live", token=tok).json()
    t.eq("live: one overdue ticket", lv["tickets"]["overdue"], 1)
    r = srv.req("GET", "/v1/tickets?flag=overdue", token=tok)
    t.eq("flag=overdue lists the red ticket",
         [x["warning"] for x in r.json()["items"]], ["red"])
    d = srv.req("GET", "/v1/stats/daily", token=tok).json()
    t.eq("daily: overdue unit", d["overdue_units"],
         [{"code": "NANCHENG", "name": "南城街道", "overdue": 1, "open": 1}])

    # The spike: 12 of 0802 (食品安全, baseline 0 in these hours) in HUMEN.
    spike = []
    for i in range(12):
        at = now - 200 - i * 700
        no = num(at)
        spike.append(no)
        rows2 = [(no, at, "080201", "HUMEN", "HANDLING", now + 86400 * 30,
                  "SAMR")]
        insert(srv.db, rows2)
    r = srv.req("GET", "/v1/stats/hotspots", token=tok)
    items = r.json()["items"]
    got = {(x["kind"], x["code"]) for x in items}
    t.eq("the spike flagged: category 0802 and town HUMEN", got,
         {("category", "0802"), ("town", "HUMEN")})
    cat = [x for x in items if x["kind"] == "category"]
    if cat:
        x = cat[0]
        t.eq("spike: count, expected, name", (x["count"], x["expected"],
                                              x["name"]), (12, 0, "食品安全"))
        # λ = max(0, 0.5): P(X >= 12) = e^-0.5 Σ 0.5^k/k! (k ≥ 12)
        p = sum(math.exp(-0.5) * 0.5 ** k / math.factorial(k)
                for k in range(12, 60))
        close(t, "spike: score = -log10 p", x["score"], -math.log10(p), 0.01)
        t.eq("spike: its ticket numbers, newest first", x["ticket_nos"],
             spike)
    t.ok("sorted by score", [x["score"] for x in items] ==
         sorted((x["score"] for x in items), reverse=True), items)
    r = srv.req("GET", "/v1/stats/hotspots?window_h=1", token=tok)
    t.eq("window_h=1 still flags the spike (9 in the last hour)",
         {(x["kind"], x["code"]) for x in r.json()["items"]},
         {("category", "0802"), ("town", "HUMEN")})
    for bad in ("0", "25", "x", "3.5"):
        r = srv.req("GET", f"/v1/stats/hotspots?window_h={bad}", token=tok)
        t.status(f"window_h={bad} 400", r, 400, "invalid_field")
    d = srv.req("GET", "/v1/stats/daily", token=tok).json()
    t.ok("daily hotspots (24 h window) include the spike category",
         ("category", "0802") in {(x["kind"], x["code"])
                                  for x in d["hotspots"]}, d["hotspots"])

    explain(t, srv.db, now)
    t.eq("SIGTERM exits 0", srv.stop(), 0)
    shutil.rmtree(data, ignore_errors=True)


# The statistics queries of server/store_sqlite_stats.c (their WHERE
# clauses): each must search an index, never scan tickets.
PLANS = {
    "tickets of a period": "SELECT appeal_type, channel, "
    "COALESCE(handling_mode, ''), count(*) FROM tickets WHERE created_at >= "
    "?1 AND created_at < ?2 GROUP BY 1, 2, 3",
    "hourly tickets": "SELECT (created_at - ?1) / 3600, count(*) FROM tickets "
    "WHERE created_at >= ?1 AND created_at < ?1 + 86400 GROUP BY 1",
    "overdue": "SELECT count(*) FROM tickets WHERE state IN ('PENDING_SIGN', "
    "'HANDLING', 'RETURN_REQUESTED') AND deadline < ?1",
    "returns pending": "SELECT count(*) FROM tickets WHERE "
    "state = 'RETURN_REQUESTED'",
    "extensions pending": "SELECT count(*) FROM tickets WHERE "
    "requested_deadline IS NOT NULL AND state = 'HANDLING'",
    "supervised": "SELECT count(*) FROM tickets WHERE supervised = 1 AND "
    "state IN ('DRAFT', 'PENDING_DISPATCH', 'PENDING_SIGN', 'HANDLING', "
    "'RETURN_REQUESTED', 'REPLIED', 'PENDING_VISIT')",
    # 督办 past its due time (migration 8)
    "supervised overdue": "SELECT count(*) FROM tickets WHERE training = 0 "
    "AND supervised = 1 AND supervised_due_at < ?1 AND state IN ('DRAFT', "
    "'PENDING_DISPATCH', 'PENDING_SIGN', 'HANDLING', 'RETURN_REQUESTED', "
    "'REPLIED', 'PENDING_VISIT')",
    "overdue units": "SELECT lead_unit_code, sum(deadline < ?1), count(*) "
    "FROM tickets WHERE state IN ('PENDING_SIGN', 'HANDLING', "
    "'RETURN_REQUESTED') GROUP BY lead_unit_code",
    "hotspot counts": "WITH RECURSIVE dd(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM dd "
    "WHERE d < ?3) SELECT town_code, dd.d, count(*) FROM dd JOIN tickets ON "
    "created_at > ?1 - dd.d * 86400 - ?2 AND created_at <= ?1 - dd.d * 86400 "
    "WHERE town_code != '' GROUP BY town_code, dd.d",
    "calls of a period": "SELECT count(*) FROM calls WHERE offered_at >= ?1 "
    "AND offered_at < ?2 AND training = 0",
}


def explain(t, db, now):
    c = sqlite3.connect(db, timeout=30)
    for name, sql in PLANS.items():
        k = max([i for i in (1, 2, 3) if f"?{i}" in sql] or [0])
        args = [now, now + 3 * 3600, 14][:k]
        plan = [r[3] for r in c.execute("EXPLAIN QUERY PLAN " + sql, args)]
        bad = [p for p in plan if p.startswith("SCAN") and
               ("tickets" in p or "calls" in p)]
        t.ok(f"query plan of {name}: an index search", not bad and any(
            "INDEX" in p for p in plan), plan)
    c.close()


def main(t):
    fixture_day(t)
    hotspots(t)


if __name__ == "__main__":
    run(main)
