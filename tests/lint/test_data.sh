#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Seed data (data/*.tsv) against its format (the data-format contract,
# summarised in data/README.md): column counts, unique codes, references
# that resolve, enum values that are wire codes of core/ticket.h, the 35
# towns of DOMAIN.md §8 in order, the category tree of §7, valid dates.
# Then checks of the checker: planted faults in a copy must be found.
cd "$(dirname "$0")/../.." || exit 2
exec python3 - "$@" <<'PY'
import copy, datetime, os, re, shutil, sys, tempfile

HEADERS = {
    "units.tsv": "code name short_name kind duty_phone parent_code",
    "categories.tsv": "code name parent_code owner limit_days desk",
    "forms.tsv": "category_code field_code label datatype required order "
                 "values description",
    "wrapup_codes.tsv": "code name_zh name_en",
    "reasons.tsv": "code name_zh name_en",
    "holidays.tsv": "date kind name",
    "agents.tsv": "username display_name role desks password",
    "demo_tickets.tsv": "days_ago hour channel desk appeal_type title content "
                        "category_code urgency town_code address caller_phone "
                        "caller_name caller_kind handling_mode state "
                        "lead_unit_code direct_reply created_by",
    # online queue (issue #4 extras)
    "intake_items.tsv": "minutes_ago channel external_id citizen_phone "
                        "citizen_name subject content",
}

TOWNS = ("东城街道 南城街道 万江街道 莞城街道 石碣镇 石龙镇 茶山镇 石排镇 企石镇 "
         "横沥镇 桥头镇 谢岗镇 东坑镇 常平镇 寮步镇 樟木头镇 大朗镇 黄江镇 清溪镇 "
         "塘厦镇 凤岗镇 大岭山镇 长安镇 虎门镇 厚街镇 沙田镇 道滘镇 洪梅镇 麻涌镇 "
         "望牛墩镇 中堂镇 高埗镇 松山湖高新技术产业开发区 东莞滨海湾新区 东莞港").split()

# DOMAIN.md §7, levels 1 and 2.
TREE = """01 人力资源和社会保障 0101 劳动关系与欠薪 0102 社会保险 0103 就业创业与职业培训
0104 人才入户与职称 02 医疗保障与卫生健康 0201 医保参保报销与异地就医
0202 医疗服务与医患纠纷 0203 公共卫生与疾控 0204 母婴与生育服务 03 住房与公积金
0301 住房公积金 0302 物业管理 0303 商品房交易 0304 保障性住房与租赁 04 城市管理
0401 市容环卫 0402 占道经营 0403 违法建设 0404 市政设施 0405 园林绿化 05 生态环境
0501 噪声污染 0502 大气与油烟 0503 水污染 0504 固废危废 06 交通运输与车驾管
0601 公交与轨道 0602 出租与网约车 0603 道路与交通设施 0604 车驾管业务
0605 交通违法与停车 07 公安与户政 0701 户籍与身份证 0702 出入境 0703 居住证
0704 治安管理(非紧急) 0705 社会生活噪声 08 市场监管与消费维权 0801 消费纠纷
0802 食品安全 0803 价格与计量 0804 商事登记 0805 特种设备 0806 药品与医疗器械
09 教育 0901 招生入学与积分入学 0902 学校管理与收费 0903 校外培训 10 公用事业
1001 供水 1002 供电 1003 燃气 1004 通信与快递 11 企业服务与营商环境 1101 惠企政策
1102 税费 1103 工程建设审批 1104 企业经营诉求 12 民政与社会事务 1201 社会救助与低保
1202 养老服务 1203 残疾人服务 1204 婚姻登记与殡葬 13 农业农村与水务
1301 农村集体资产与宅基地 1302 防汛排水 1303 动物防疫与犬只 14 政务服务与行政效能
1401 办事指南咨询 1402 工作人员作风 1403 政务平台系统问题 15 应急与安全
1501 安全生产隐患 1502 消防隐患(非紧急) 1503 自然灾害 99 其他 9901 表扬感谢
9902 非受理范围 9903 无效来电""".split()
TREE = dict(zip(TREE[0::2], TREE[1::2]))

DEMO_USERS = {"demo-agent": "agent", "demo-agent2": "agent",
              "demo-supervisor": "supervisor", "demo-trainer": "trainer",
              "demo-cti": "cti", "demo-admin": "admin",
              "demo-dispatcher": "dispatcher", "demo-reviewer": "reviewer",
              "demo-visitor": "visitor", "demo-unit": "unit"}

# Which handling modes each state admits, and whether it needs a lead unit.
TRANSFER_PATH = {"PENDING_SIGN", "HANDLING", "RETURN_REQUESTED", "REPLIED",
                 "PENDING_VISIT", "ARCHIVED"}
STATE_MODES = {
    "CLOSED_DIRECT": {"DIRECT"},
    "PENDING_DISPATCH": {"TRANSFER"},
    "TRANSFERRED_OUT": {"TRANSFER_110", "TRANSFER_EMERGENCY",
                        "TRANSFER_PROVINCE"},
    "NOT_ACCEPTED": {"NOT_ACCEPTED"},
    "INVALID": {"INVALID"},
    "MERGED": {"MERGED"},
}
for s in TRANSFER_PATH:
    STATE_MODES[s] = {"TRANSFER"}


def wire_codes(header_text):
    """Wire names of every X-macro list in core/ticket.h."""
    lists, name, body = {}, None, []
    for line in header_text.splitlines():
        m = re.match(r"#define (\w+_LIST)\(X\)", line)
        if m:
            name, body = m.group(1), []
        if name:
            body.append(line)
            if not line.rstrip().endswith("\\"):
                lists[name] = re.findall(r'X\(\w+,\s*"([^"]+)"', "\n".join(body))
                name = None
    return lists


def read_tsv(path, want_header):
    """Returns (rows as dicts with a 'line' key, problems)."""
    rows, probs, header = [], [], None
    try:
        raw = open(path, "rb").read()
    except OSError as e:
        return None, ["cannot read: %s" % e]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, ["not UTF-8: %s" % e]
    if "\r" in text:
        probs.append("contains CR")
    for no, line in enumerate(text.split("\n"), 1):
        if line == "" or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if header != want_header.split():
                probs.append("line %d: header %r, want %r" % (no, header, want_header))
                return None, probs
            continue
        if len(fields) != len(header):
            probs.append("line %d: %d fields, header has %d" % (no, len(fields), len(header)))
            continue
        for f in fields:
            if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", f):
                probs.append("line %d: control character" % no)
        d = dict(zip(header, fields))
        d["line"] = no
        rows.append(d)
    if header is None:
        probs.append("no header row")
        return None, probs
    return rows, probs


def check_dir(data, enums):
    """Yields (check name, list of problems)."""
    T = {}
    for fname, hdr in HEADERS.items():
        rows, probs = read_tsv(os.path.join(data, fname), hdr)
        T[fname] = rows or []
        yield fname + ": readable, header and column counts", probs

    def dup(rows, key):
        seen, out = set(), []
        for r in rows:
            k = r[key] if isinstance(key, str) else tuple(r[x] for x in key)
            if k in seen:
                out.append("line %d: duplicate %s" % (r["line"], k))
            seen.add(k)
        return out

    # units
    U = T["units.tsv"]
    units = {r["code"]: r for r in U}
    p = dup(U, "code")
    for r in U:
        if not re.fullmatch(r"[A-Z0-9_]{2,24}", r["code"]):
            p.append("line %d: bad code %r" % (r["line"], r["code"]))
        if r["kind"] not in ("DEPT", "TOWN", "STREET", "PARK", "UTILITY",
                             "EMERGENCY", "PROVINCE"):
            p.append("line %d: bad kind %r" % (r["line"], r["kind"]))
        if not r["name"] or not r["short_name"]:
            p.append("line %d: empty name" % r["line"])
        if not re.fullmatch(r"0769-\d{8}|0\d{2,3}-\d{7,8}|1\d{2}", r["duty_phone"]):
            p.append("line %d: bad duty_phone %r" % (r["line"], r["duty_phone"]))
        if r["parent_code"] and r["parent_code"] not in units:
            p.append("line %d: unknown parent %r" % (r["line"], r["parent_code"]))
    yield "units: codes, kinds, phones, parents", p
    towns = [r for r in U if r["kind"] in ("TOWN", "STREET", "PARK")]
    p = []
    if [r["name"] for r in towns] != TOWNS:
        p.append("towns differ from DOMAIN §8: %s" % [r["name"] for r in towns])
    for r in towns:
        want = "STREET" if r["name"].endswith("街道") else \
               "TOWN" if r["name"].endswith("镇") else "PARK"
        if r["kind"] != want:
            p.append("%s is %s, want %s" % (r["name"], r["kind"], want))
    yield "units: the 35 towns/streets/parks in official order", p
    p = []
    for num in ("110", "119", "120", "122"):
        if not any(r["kind"] == "EMERGENCY" and num in r["short_name"] for r in U):
            p.append("no EMERGENCY unit for %s" % num)
    if not any(r["kind"] == "PROVINCE" for r in U):
        p.append("no PROVINCE unit")
    if sum(r["kind"] in ("DEPT", "UTILITY") for r in U) < 35:
        p.append("fewer than 35 departments and utilities")
    yield "units: emergency targets, province, departments", p

    # categories
    C = T["categories.tsv"]
    cats = {r["code"]: r for r in C}
    p = dup(C, "code")
    for r in C:
        c, ln = r["code"], r["line"]
        if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", c):
            p.append("line %d: bad code %r" % (ln, c))
            continue
        want_parent = c[:-2]
        if r["parent_code"] != want_parent:
            p.append("line %d: parent %r, want %r" % (ln, r["parent_code"], want_parent))
        elif want_parent and want_parent not in cats:
            p.append("line %d: parent %r missing" % (ln, want_parent))
        o = r["owner"]
        if o == "" and len(c) < 6:
            p.append("line %d: level-1/2 category without owner" % ln)
        elif o.startswith("UNIT:"):
            if o[5:] not in units:
                p.append("line %d: owner unit %r unknown" % (ln, o[5:]))
        elif o not in ("", "TOWN"):
            p.append("line %d: bad owner %r" % (ln, o))
        if r["limit_days"] and not re.fullmatch(r"[1-9]\d?", r["limit_days"]):
            p.append("line %d: bad limit_days %r" % (ln, r["limit_days"]))
        if r["desk"] and r["desk"] not in enums["TK_DESK_LIST"]:
            p.append("line %d: bad desk %r" % (ln, r["desk"]))
        if not r["name"]:
            p.append("line %d: empty name" % ln)
    yield "categories: codes, parents, owners, limits, desks", p
    p = ["%s %s missing or renamed" % (c, n) for c, n in TREE.items()
         if c not in cats or cats[c]["name"] != n]
    leaves = sum(len(c) == 6 for c in cats)
    if leaves < 40:
        p.append("only %d level-3 categories" % leaves)
    yield "categories: all of DOMAIN §7 to level 2, >= 40 level-3", p

    # forms
    F = T["forms.tsv"]
    p = dup(F, ("category_code", "field_code"))
    for r in F:
        ln = r["line"]
        if r["category_code"] not in cats:
            p.append("line %d: unknown category %r" % (ln, r["category_code"]))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", r["field_code"]):
            p.append("line %d: bad field_code %r" % (ln, r["field_code"]))
        dt = r["datatype"]
        if dt not in ("string", "number", "datetime", "text",
                      "singlevaluelist", "multivaluelist"):
            p.append("line %d: bad datatype %r" % (ln, dt))
        if r["required"] not in ("0", "1"):
            p.append("line %d: required %r" % (ln, r["required"]))
        if not re.fullmatch(r"\d+", r["order"]):
            p.append("line %d: order %r" % (ln, r["order"]))
        if dt.endswith("list"):
            items = r["values"].split("|")
            keys = [i.split("=", 1)[0] for i in items]
            if any(not re.fullmatch(r"[a-z0-9_]+=[^=|]+", i) for i in items) \
                    or len(set(keys)) != len(keys):
                p.append("line %d: bad values %r" % (ln, r["values"]))
        elif r["values"]:
            p.append("line %d: values on a %s field" % (ln, dt))
        if not r["label"]:
            p.append("line %d: empty label" % ln)
    yield "forms: categories resolve, datatypes, list values", p

    # wrap-up codes and reasons
    for fname, need in (("wrapup_codes.tsv", ()),
                        ("reasons.tsv", ("BREAK", "MEAL", "TRAINING",
                                         "MEETING", "ADMIN", "CALLBACK"))):
        R = T[fname]
        p = dup(R, "code")
        for r in R:
            if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,23}", r["code"]) \
                    or not r["name_zh"] or not r["name_en"]:
                p.append("line %d: bad row" % r["line"])
        p += ["%s missing" % c for c in need if c not in {r["code"] for r in R}]
        if len(R) < len(need) or len(R) < 5:
            p.append("only %d rows" % len(R))
        yield fname + ": codes and names", p

    # holidays
    H = T["holidays.tsv"]
    p = dup(H, "date")
    years = set()
    for r in H:
        try:
            d = datetime.date.fromisoformat(r["date"])
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]):
                raise ValueError
        except ValueError:
            p.append("line %d: bad date %r" % (r["line"], r["date"]))
            continue
        years.add(d.year)
        if r["kind"] == "WORKDAY" and d.weekday() < 5:
            p.append("line %d: make-up WORKDAY %s is not a weekend day" % (r["line"], d))
        if r["kind"] not in ("HOLIDAY", "WORKDAY") or not r["name"]:
            p.append("line %d: bad kind or name" % r["line"])
    for y in (2026, 2027):
        if y not in years:
            p.append("no dates for %d" % y)
    n26 = sum(r["date"].startswith("2026") and r["kind"] == "HOLIDAY" for r in H)
    if n26 and n26 < 11:
        p.append("2026 has only %d holidays" % n26)
    yield "holidays: dates, kinds, 2026 and 2027", p

    # agents
    A = T["agents.tsv"]
    agents = {r["username"]: r for r in A}
    p = dup(A, "username")
    for r in A:
        if r["role"] not in enums["ROLE_LIST"]:
            p.append("line %d: bad role %r" % (r["line"], r["role"]))
        ds = r["desks"].split(",") if r["desks"] else []
        if any(d not in enums["TK_DESK_LIST"] for d in ds):
            p.append("line %d: bad desks %r" % (r["line"], r["desks"]))
        if not r["display_name"] or not r["password"]:
            p.append("line %d: empty display name or password" % r["line"])
    for u, role in DEMO_USERS.items():
        if u not in agents or agents[u]["role"] != role:
            p.append("%s (%s) missing" % (u, role))
    if "demo-agent2" in agents and "ENTERPRISE" not in agents["demo-agent2"]["desks"]:
        p.append("demo-agent2 lacks the ENTERPRISE desk")
    yield "agents: roles, desks, the demo accounts", p

    # demo tickets
    K = T["demo_tickets.tsv"]
    p = []
    enum_cols = {"channel": "TK_CHANNEL_LIST", "desk": "TK_DESK_LIST",
                 "appeal_type": "TK_APPEAL_LIST", "urgency": "TK_URGENCY_LIST",
                 "caller_kind": "TK_CALLER_KIND_LIST", "state": "TK_STATE_LIST"}
    for r in K:
        ln = r["line"]
        for col, lst in enum_cols.items():
            if r[col] not in enums[lst]:
                p.append("line %d: %s %r is no wire code" % (ln, col, r[col]))
        if r["handling_mode"] and r["handling_mode"] not in enums["TK_MODE_LIST"]:
            p.append("line %d: handling_mode %r" % (ln, r["handling_mode"]))
        if not re.fullmatch(r"\d{1,2}", r["days_ago"]) or int(r["days_ago"]) > 30:
            p.append("line %d: days_ago %r" % (ln, r["days_ago"]))
        if not re.fullmatch(r"\d{1,2}", r["hour"]) or int(r["hour"]) > 23:
            p.append("line %d: hour %r" % (ln, r["hour"]))
        if r["category_code"] not in cats:
            p.append("line %d: category %r" % (ln, r["category_code"]))
        tw = units.get(r["town_code"])
        if not tw or tw["kind"] not in ("TOWN", "STREET", "PARK"):
            p.append("line %d: town_code %r" % (ln, r["town_code"]))
        if r["lead_unit_code"] and r["lead_unit_code"] not in units:
            p.append("line %d: lead unit %r" % (ln, r["lead_unit_code"]))
        if not re.fullmatch(r"1[3-9]\d{9}|0769\d{8}", r["caller_phone"]):
            p.append("line %d: caller_phone %r" % (ln, r["caller_phone"]))
        if r["created_by"] not in agents:
            p.append("line %d: created_by %r" % (ln, r["created_by"]))
        if not r["title"] or not r["content"] or len(r["title"]) > 40:
            p.append("line %d: title/content" % ln)
    yield "demo_tickets: enums, references, ranges", p
    p = []
    for r in K:
        ln, st, mode = r["line"], r["state"], r["handling_mode"]
        if st == "DRAFT":
            p.append("line %d: DRAFT seed ticket" % ln)
            continue
        if st in STATE_MODES and mode not in STATE_MODES[st]:
            p.append("line %d: %s with mode %r" % (ln, st, mode))
        lead = units.get(r["lead_unit_code"])
        if st in TRANSFER_PATH and not lead:
            p.append("line %d: %s without lead unit" % (ln, st))
        if st in TRANSFER_PATH and lead and lead["kind"] in ("EMERGENCY", "PROVINCE"):
            p.append("line %d: %s led by %s" % (ln, st, lead["code"]))
        if st == "TRANSFERRED_OUT":
            want = {"TRANSFER_110": ("EMERGENCY",), "TRANSFER_EMERGENCY": ("EMERGENCY",),
                    "TRANSFER_PROVINCE": ("PROVINCE",)}.get(mode, ())
            if not lead or lead["kind"] not in want:
                p.append("line %d: transferred out to %r" % (ln, r["lead_unit_code"]))
            elif (mode == "TRANSFER_110") != (lead["short_name"] == "110"):
                p.append("line %d: %s to %s" % (ln, mode, lead["code"]))
        if st in ("CLOSED_DIRECT", "NOT_ACCEPTED") and not r["direct_reply"]:
            p.append("line %d: %s without direct_reply" % (ln, st))
        if st not in ("CLOSED_DIRECT", "NOT_ACCEPTED") and r["direct_reply"]:
            p.append("line %d: direct_reply on %s" % (ln, st))
        if st in ("PENDING_DISPATCH", "CLOSED_DIRECT", "NOT_ACCEPTED",
                  "INVALID", "MERGED") and r["lead_unit_code"]:
            p.append("line %d: lead unit on %s" % (ln, st))
        if r["caller_kind"] == "ENTERPRISE" and r["desk"] != "ENTERPRISE":
            p.append("line %d: enterprise caller off the enterprise desk" % ln)
    yield "demo_tickets: state, handling mode and lead unit agree", p
    p = []
    if not 30 <= len(K) <= 80:
        p.append("%d tickets" % len(K))
    st = {r["state"] for r in K}
    for s in ("CLOSED_DIRECT", "PENDING_DISPATCH", "PENDING_SIGN", "HANDLING",
              "REPLIED", "PENDING_VISIT", "ARCHIVED", "TRANSFERRED_OUT",
              "NOT_ACCEPTED"):
        if s not in st:
            p.append("no %s ticket" % s)
    for col, least in (("channel", 5), ("desk", 3), ("appeal_type", 5),
                       ("urgency", 3)):
        if len({r[col] for r in K}) < least:
            p.append("fewer than %d kinds of %s" % (least, col))
    phones = {}
    for r in K:
        phones.setdefault(r["caller_phone"], []).append(r)
    repeat = [ph for ph, rs in phones.items() if len(rs) >= 2 and any(
        x["state"] in TRANSFER_PATH - {"ARCHIVED"} for x in rs)]
    if len(repeat) < 2:
        p.append("fewer than 2 repeat callers with an open ticket")
    if not any(r["caller_kind"] == "ENTERPRISE" for r in K):
        p.append("no enterprise caller")
    if sum(r["created_by"] == "demo-agent" for r in K) * 2 <= len(K):
        p.append("most tickets should be created by demo-agent")
    yield "demo_tickets: spread of states, channels, repeat callers", p

    # online queue items (issue #4 extras): server/intake.c's rules
    Q = T["intake_items.tsv"]
    p = dup(Q, ("channel", "external_id"))
    online = set(enums["TK_CHANNEL_LIST"]) - {"PHONE", "POLICE_110"}
    for r in Q:
        ln = r["line"]
        if r["channel"] not in online:
            p.append("line %d: channel %r is not an online channel" % (ln, r["channel"]))
        if not re.fullmatch(r"\d{1,5}", r["minutes_ago"]) or int(r["minutes_ago"]) > 100000:
            p.append("line %d: minutes_ago %r" % (ln, r["minutes_ago"]))
        if not re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", r["external_id"]):
            p.append("line %d: external_id %r" % (ln, r["external_id"]))
        if r["citizen_phone"] and not re.fullmatch(r"\d{3,20}", r["citizen_phone"]):
            p.append("line %d: citizen_phone %r" % (ln, r["citizen_phone"]))
        if len(r["citizen_name"]) > 50 or len(r["subject"]) > 100:
            p.append("line %d: name or subject too long" % ln)
        content = r["content"].replace("\\n", "\n")
        if not content.strip() or len(content) > 4000:
            p.append("line %d: content empty or too long" % ln)
        if not re.search(r"[\u4e00-\u9fff]", content):
            p.append("line %d: content has no Chinese" % ln)
    if len(Q) < 5 or len({r["channel"] for r in Q}) < 4:
        p.append("want at least 5 items from at least 4 channels")
    yield "intake_items: channels, ids, phones, lengths", p


def main():
    with open("core/ticket.h", encoding="utf-8") as f:
        enums = wire_codes(f.read())
    need = ("TK_STATE_LIST", "ROLE_LIST", "TK_CHANNEL_LIST", "TK_DESK_LIST",
            "TK_APPEAL_LIST", "TK_URGENCY_LIST", "TK_MODE_LIST",
            "TK_CALLER_KIND_LIST")
    passed = failed = 0

    def report(name, probs):
        nonlocal passed, failed
        if probs:
            failed += 1
            print("not ok - %s: %s" % (name, "; ".join(probs[:6])))
        else:
            passed += 1
            print("ok - %s" % name)

    missing = [n for n in need if not enums.get(n)]
    report("core/ticket.h enum lists found", missing)
    for name, probs in check_dir("data", enums):
        report(name, probs)

    # Checks of the checker: each planted fault must make its check fail.
    plants = [
        ("units.tsv", "\nNANCHENG\t", "\nDONGCHENG\t", "units: codes"),
        ("units.tsv", "东莞港\t", "东莞新港\t", "units: the 35 towns"),
        ("categories.tsv", "\tUNIT:HRSS\t", "\tUNIT:NOPE\t", "categories: codes"),
        ("demo_tickets.tsv", "\tCLOSED_DIRECT\t", "\tCLOSED\t", "demo_tickets: enums"),
        ("demo_tickets.tsv", "\tTRANSFER\tHANDLING\t", "\tDIRECT\tHANDLING\t",
         "demo_tickets: state"),
        ("holidays.tsv", "\tWORKDAY\t", "\tWORKDAY\tx\t", "holidays.tsv: readable"),
        ("forms.tsv", "\tsinglevaluelist\t", "\tsinglelist\t", "forms: categories"),
        ("intake_items.tsv", "\tWEB\t", "\tPHONE\t", "intake_items: channels"),
    ]
    for fname, old, new, target in plants:
        tmp = tempfile.mkdtemp()
        try:
            for f in HEADERS:
                src = os.path.join("data", f)
                if os.path.exists(src):
                    shutil.copy(src, tmp)
            path = os.path.join(tmp, fname)
            text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if old not in text:
                report("checker: plant %r in %s" % (new.strip(), fname),
                       ["pattern %r not in the data" % old.strip()])
                continue
            text = text.replace(old, new, 1)
            open(path, "w", encoding="utf-8").write(text)
            hit = any(name.startswith(target) and probs
                      for name, probs in check_dir(tmp, enums))
            report("checker finds a planted fault in %s (%s)" % (fname, new.strip().replace("\t", " ")),
                   [] if hit else ["not detected"])
        finally:
            shutil.rmtree(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
PY
