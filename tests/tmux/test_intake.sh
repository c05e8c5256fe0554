#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the intake form (issue #4) in a real terminal (tmux).
#
# (a) demo-agent opens the form (i in the list), picks the appeal type,
#     types a Chinese title and content, picks the category by pinyin
#     initials (dlqs → 道路清扫保洁) and the town (dc → 东城街道), chooses
#     转办 (zb): the lead unit is suggested from the category's owner rule
#     (属地: the town) and the deadline is shown before submit; M-s shows
#     the closing panel with the ticket number; the API has the ticket
#     with exactly those fields, transferred, with the deadline shown.
# (b) hotlined is killed before submit: the status bar says 1 queued;
#     hotlined restarts on the same database and port: exactly one ticket.
# (c) the client is killed (SIGKILL) mid-form: on restart it says drafts
#     are waiting and :drafts reopens the draft exactly as typed.
# (d) from a call (POST /v1/calls as demo-cti, F2 ready, F6 answer, M-i):
#     the form is bound to the call, with the caller's number; the
#     knowledge base's "use this answer" (F12, u) fills the reply and sets
#     直接办结; submitted, the ticket has the call, the reply, and the
#     article linked (GET /v1/kb/uses).
# (g) 并单: Enter on 并入工单 lists the caller's open tickets (GET
#     /v1/tickets?phone=); the ticket is merged into the one picked.
# (e) choosing a category with extra fields (路灯不亮) adds them.
# (f) a decision the server refuses (并单 into a ticket that does not
#     exist) brings the draft back with the message, on the line of the
#     field the server names (并入工单, focused); changed to 无效 and
#     submitted again, the same ticket is decided: still one ticket.
# (h) a shared seat: hotlined down at submit, demo-agent logs out (told
#     what waits, and for whom; the outbox is under agents/demo-agent);
#     demo-agent2 logs in on the same machine: nothing queued or drafted
#     for them, nothing sent under their session; demo-agent again:
#     delivered once, created by demo-agent.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

HOTLINED_ARGS=(--ring-timeout 120 --acw-seconds 300)
server_start || bail "hotlined starts"
api_login || bail "API login"

# The shown text of field LABEL (the part after the label column).
field_of() {
	screen | grep -F -- "$1" | head -n 1
}

ticket_json() {
	api GET "/v1/tickets/$1"
}
count_title() {
	api GET "/v1/tickets?mine=1&limit=200" | python3 -c '
import json, sys
t = sys.argv[1]
print(sum(1 for x in json.load(sys.stdin)["items"] if x["title"] == t))' "$1"
}

# Fill the common part: appeal type, title, content, category, town.
fill_form() {
	local title=$1 content=$2
	send Enter
	wait_for "投诉" || return 1
	type ts
	settle
	send Enter
	wait_for "*诉求类型" && wait_re "诉求类型 +投诉" || return 1
	type "$title"
	send Tab
	type "$content"
	send Tab
	send Enter
	type dlqs
	wait_re "城市管理 / 市容环卫 / 道路清扫保洁" || return 1
	settle
	send Enter
	wait_re "诉求分类 +城市管理 / 市容环卫 / 道路清扫保洁" || return 1
	send Tab
	send Enter
	type dc
	wait_for "东城街道" || return 1
	settle
	send Enter
	wait_re "所属镇街 +东城街道" || return 1
}

# After fill_form (the focus on community): 转办 in 办理方式, and the lead
# unit suggested (东城街道).
choose_transfer() {
	for _ in $(seq 1 11); do send Tab; done
	send Enter
	type zb
	settle
	send Enter
	wait_re "主办单位 +东城街道"
}

# ---- (a) fill, transfer, submit ---------------------------------------------
client_login || bail "client logs in"
resize 80 24
send i
if wait_for "受理工单" && wait_for "*诉求类型"; then
	ok "i opens the intake form"
else
	show_screen
	bail "the intake form opens"
fi
TITLE_A="凌晨清扫车噪音扰民"
CONTENT_A="东城街道主山社区凌晨四点清扫车作业噪音很大，影响休息。"
if fill_form "$TITLE_A" "$CONTENT_A"; then
	ok "form filled by typing and pinyin picks (ts, dlqs, dc)"
else
	show_screen
	not_ok "form filled: see the screen"
fi
# after the town the focus is on community; then address, caller_phone,
# contact_phone, caller_name, gender, caller_kind, id_number, anonymous,
# confidential, needs_reply, handling_mode
type "主山社区"
send Tab
send Tab
type 13800138000
for _ in 1 2; do send Tab; done
type "陈女士"
for _ in 1 2 3 4 5 6 7; do send Tab; done
wait_re "^.办理方式" || true
send Enter
type zb
settle
send Enter
if wait_re "主办单位 +东城街道"; then
	ok "转办 suggests the lead unit from the owner rule and the town"
else
	show_screen
	not_ok "lead unit suggested: no 东城街道 as 主办单位"
fi
if wait_re "办理时限: [0-9]{4}-[0-9]{2}-[0-9]{2} 18:00 \(15 个工作日\)"; then
	ok "the deadline is shown before submit"
	SHOWN_DL=$(screen | grep -oE "办理时限: [0-9-]+ [0-9:]+" | head -n 1)
	SHOWN_DL=${SHOWN_DL#办理时限: }
else
	show_screen
	not_ok "deadline before submit: not shown"
fi
send M-s
if wait_for "工单已受理" 15 && wait_re "工单编号: DG[0-9]{14}"; then
	NO_A=$(screen | grep -oE "DG[0-9]{14}" | head -n 1)
	ok "closing panel with the ticket number ($NO_A)"
else
	show_screen
	not_ok "closing panel: no ticket number"
fi
if [ -n "$NO_A" ]; then
	expect "closing panel shows the deadline" "办理时限: $SHOWN_DL"
	j=$(ticket_json "$NO_A")
	if python3 - "$j" "$TITLE_A" "$CONTENT_A" "$SHOWN_DL" <<'PY'; then
import json, sys, datetime
t = json.loads(sys.argv[1])
want = {"title": sys.argv[2], "content": sys.argv[3],
        "category_code": "040102", "town_code": "DONGCHENG",
        "lead_unit_code": "DONGCHENG", "appeal_type": "COMPLAINT",
        "handling_mode": "TRANSFER", "caller_phone": "13800138000",
        "caller_name": "陈女士", "community": "主山社区", "channel": "PHONE"}
bad = [f"{k}={t.get(k)!r}" for k, v in want.items() if t.get(k) != v]
dl = datetime.datetime.fromisoformat(t["deadline"].replace("Z", "+00:00"))
local = (dl + datetime.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
if local != sys.argv[4]:
    bad.append(f"deadline {local} != shown {sys.argv[4]}")
if bad:
    print("# " + "; ".join(bad))
    sys.exit(1)
PY
		ok "the API has the ticket with the typed fields, transferred"
	else
		not_ok "ticket fields via the API: mismatch"
	fi
	[ "$(count_title "$TITLE_A")" = 1 ] && ok "exactly one ticket (a)" ||
		not_ok "exactly one ticket (a): $(count_title "$TITLE_A")"
fi
send q 2>/dev/null # any key closes the panel
wait_gone "工单已受理" || not_ok "panel closes on a key: still shown"

# ---- (b) backend down at submit -------------------------------------------
send i
wait_for "*诉求类型" || bail "form opens again"
TITLE_B="夜间清扫车鸣笛扰民"
fill_form "$TITLE_B" "东城街道清扫车夜间鸣笛，请核查处理。" ||
	not_ok "form (b) filled: see screen"
choose_transfer || not_ok "lead unit (b): missing"
server_stop KILL
send M-s
if wait_for "待发 1" 15; then
	ok "backend down: the status bar shows 1 queued"
else
	show_screen
	not_ok "1 queued shown: no 待发 1"
fi
server_start "$PORT" || bail "hotlined restarts on the same port"
api_login || bail "API login after restart"
if wait_for "工单已受理" 30; then
	ok "delivered after the restart: closing panel"
else
	show_screen
	not_ok "delivered after restart: no closing panel"
fi
wait_gone "待发 " 15 && ok "the outbox is empty again" ||
	not_ok "outbox empty: still queued"
n=$(count_title "$TITLE_B")
[ "$n" = 1 ] && ok "exactly one ticket after the outage" ||
	not_ok "exactly one ticket (b): $n tickets"
send q

# ---- (c) client killed mid-form ------------------------------------------
send i
wait_for "*诉求类型" || bail "form opens (c)"
send Enter
type zx
settle
send Enter
TITLE_C="咨询公积金提取"
CONTENT_C="离职后多久可以提取住房公积金？需要哪些材料"
type "$TITLE_C"
send Tab
type "$CONTENT_C"
wait_for "需要哪些材料" || not_ok "typed (c): not shown"
settle
client_pid=$(pgrep -n -f "^$HOTLINE " || true)
if [ -n "$client_pid" ]; then
	kill -KILL "$client_pid"
	pane_wait_dead || true
	ok "client killed with SIGKILL mid-form"
else
	not_ok "find the client: no pid"
fi
client_login || bail "client logs in again"
if wait_for "未提交的草稿"; then
	ok "after restart the client says drafts are waiting"
else
	show_screen
	not_ok "drafts offered: no message"
fi
send :
type "drafts"
send Enter
wait_for "$TITLE_C" || not_ok "draft listed: no title"
settle
send Enter
if wait_re "标题 +$TITLE_C" && wait_for "$CONTENT_C" && wait_re "诉求类型 +咨询"; then
	ok "the draft comes back exactly as typed"
else
	show_screen
	not_ok "draft restored: text differs"
fi
send M-x
wait_gone "*诉求类型" || not_ok "M-x discards: form still open"

# ---- (e) a category's extra fields (GET /v1/forms/{code}) ----------------
send i
wait_for "*诉求类型" || bail "form opens (e)"
send Tab Tab Tab
send Enter
type ldbl
wait_re "市政设施 / 路灯不亮" || not_ok "category 路灯不亮 listed"
settle
send Enter
if wait_for "路灯编号"; then
	ok "choosing 路灯不亮 adds its extra field 路灯编号"
else
	show_screen
	not_ok "extra fields: no 路灯编号"
fi
send M-x
wait_gone "*诉求类型" || not_ok "M-x discards (e)"

# ---- (f) a refusal (4xx) brings the draft back; fixed, it goes once ------
send i
wait_for "*诉求类型" || bail "form opens (f)"
TITLE_F="重复反映清扫车噪音"
fill_form "$TITLE_F" "与之前工单相同的问题，再次反映。" ||
	not_ok "form (f) filled"
for _ in $(seq 1 11); do send Tab; done
send Enter
type bd
settle
send Enter
wait_re "并入工单" || not_ok "merge_into shown for 并单"
type DG20990101999999
send M-s
if wait_for "服务器拒绝" 15 && wait_re "并入工单 +DG20990101999999"; then
	ok "a refused decision brings the draft back with the server's message"
else
	show_screen
	not_ok "draft back after a 4xx"
fi
# the server names the field (merged_into): the form focuses 并入工单 and
# shows the message on that field's line
if wait_re "^.并入工单 +DG20990101999999 +← no such ticket"; then
	ok "the server's message is on the named field's line (并入工单)"
else
	show_screen
	not_ok "message beside 并入工单: not on its line"
fi
send BTab
send Enter
type wx
settle
send Enter
wait_re "办理方式 +无效" || not_ok "mode changed to 无效"
send M-s
if wait_for "工单已受理" 15; then
	NO_F=$(screen | grep -oE "DG[0-9]{14}" | head -n 1)
	mode=$(ticket_json "$NO_F" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("handling_mode"))')
	[ "$mode" = INVALID ] && ok "resubmitted: the same ticket decided INVALID" ||
		not_ok "resubmitted decision: $mode"
else
	show_screen
	not_ok "resubmit after the fix: no closing panel"
fi
n=$(count_title "$TITLE_F")
[ "$n" = 1 ] && ok "exactly one ticket after refusal and resubmit" ||
	not_ok "exactly one ticket (f): $n"
send q

# ---- (g) 并单: Enter on 并入工单 lists the caller's open tickets -----------
if [ -n "$NO_A" ]; then
	send i
	wait_for "*诉求类型" || bail "form opens (g)"
	fill_form "再次反映清扫车噪音" "同一来电人再次反映凌晨清扫车噪音。" ||
		not_ok "form (g) filled"
	send Tab Tab
	type 13800138000
	for _ in $(seq 1 9); do send Tab; done
	send Enter
	type bd
	settle
	send Enter
	wait_re "并入工单" || not_ok "merge_into shown (g)"
	send Enter
	if wait_for "$NO_A" && settle && send Enter &&
		wait_re "并入工单 +$NO_A"; then
		ok "并单 offers the caller's open ticket $NO_A"
	else
		show_screen
		not_ok "merge picker: $NO_A not offered"
	fi
	send M-s
	if wait_for "工单已受理" 15; then
		NO_G=$(screen | grep -oE "DG[0-9]{14}" | head -n 1)
		mode=$(ticket_json "$NO_G" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("handling_mode"))')
		[ "$mode" = MERGED ] && ok "merged into $NO_A" ||
			not_ok "merge decision: $mode"
	else
		show_screen
		not_ok "merge submit: no closing panel"
	fi
	send q
fi

# ---- (h) a shared seat: drafts and outbox are the agent's own ----------------
# hotlined is down at submit; demo-agent logs out (told 1 is waiting and
# for whom); demo-agent2 logs in on the same machine: nothing of it is
# sent under their name and they see no drafts; demo-agent logs in again:
# delivered once, created by demo-agent.
client_login || bail "client logs in (h)"
send i
wait_for "*诉求类型" || bail "form opens (h)"
TITLE_H="共用坐席待发工单测试"
fill_form "$TITLE_H" "东城街道主山社区路面清扫不及时，请核查。" ||
	not_ok "form (h) filled: see screen"
choose_transfer || not_ok "lead unit (h): missing"
server_stop KILL
send M-s
check "(h) backend down: 1 queued" wait_for "待发 1" 15
send M-:
type logout
send Enter
check "(h) logout says 1 is waiting, for demo-agent" \
	wait_for "还有 1 条提交待发送, demo-agent 再次在本机登录后自动发送"
if [ -d "$T_STATE/hotline/agents/demo-agent/outbox" ] &&
	[ ! -e "$T_STATE/hotline/outbox" ]; then
	ok "(h) the outbox is under agents/demo-agent"
else
	not_ok "(h) no $T_STATE/hotline/agents/demo-agent/outbox: $(ls "$T_STATE/hotline")"
fi
server_start "$PORT" || bail "hotlined restarts (h)"
api_login || bail "API login (h)"
AGENT2_NAME=$(awk -F '\t' '$1 == "demo-agent2" { print $2 }' data/agents.tsv)
wait_for 密码 >/dev/null
send BTab
send C-u
type demo-agent2
send Tab
type demo
send Enter
check "(h) demo-agent2 logs in on the same client" wait_for "$AGENT2_NAME"
check "(h) demo-agent2 is told whose submission still waits here" \
	wait_for "本机还有其他坐席的待发提交: demo-agent 1 (各自登录后发送)"
wait_for "我的工单 | 共 " >/dev/null
refute "(h) demo-agent2: nothing queued on the status bar" "待发 1"
refute "(h) demo-agent2: no drafts offered" "未提交的草稿"
# demo-agent's submission must not go out under demo-agent2's session:
# poll the API for 3 s (it would be sent at once on login)
deadline 3
seen=0
while ! past_deadline; do
	[ "$(count_title "$TITLE_H")" != 0 ] && seen=1 && break
	sleep 0.2
done
[ "$seen" = 0 ] && ok "(h) not delivered under demo-agent2's login" ||
	not_ok "(h) delivered while demo-agent2 was logged in"
send :
type logout
send Enter
wait_for 密码 >/dev/null || bail "login screen (h)"
send BTab
send C-u
type demo-agent
send Tab
type demo
send Enter
wait_for "$AGENT_NAME" >/dev/null || bail "demo-agent logs in again (h)"
deadline 15
n=0
while ! past_deadline; do
	n=$(count_title "$TITLE_H")
	[ "$n" != 0 ] && break
	sleep 0.2
done
[ "$n" = 1 ] && ok "(h) delivered once demo-agent is back" ||
	not_ok "(h) tickets with the title after demo-agent's login: $n"
by=$(api GET "/v1/tickets?mine=1&limit=200" | python3 -c '
import json, sys
print(",".join(x.get("created_by", "?") for x in json.load(sys.stdin)["items"]
               if x["title"] == sys.argv[1]))' "$TITLE_H")
[ "$by" = demo-agent ] && ok "(h) created by demo-agent" ||
	not_ok "(h) created_by: '$by'"
check "(h) the status bar: nothing queued" wait_gone "待发 " 15

# ---- (d) from a call ---------------------------------------------------------
api_login demo-cti demo || bail "API login as demo-cti"
CTI=$API_TOKEN
api_login || bail "API login"
send F2
wait_for "示闲" || not_ok "ready: no 示闲"
CALLER=13912345678
call=$(curl -fsS --noproxy '*' -m 10 -X POST -H "Authorization: Bearer $CTI" \
	-H 'Content-Type: application/json' \
	-d "{\"caller\":\"$CALLER\",\"desk\":\"GENERAL\"}" "$URL/v1/calls") ||
	not_ok "POST /v1/calls: refused"
CALL_ID=$(printf '%s' "$call" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
wait_for "$CALLER" || not_ok "screen pop: no caller"
send F6
wait_for "通话" || true
settle
send M-i
if wait_for "受理工单 · 来电 $CALLER" && wait_re "来电号码 +$CALLER"; then
	ok "from a call: the form is bound to the call with the caller's number"
else
	show_screen
	not_ok "form from the call: not pre-filled"
fi
# the knowledge base's "use this answer" fills the form's reply (直接办结)
Q=社保
ENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$Q")
KB_ID=$(api GET "/v1/kb/search?q=$ENC&limit=1" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
KB_TITLE=$(api GET "/v1/kb/articles/$KB_ID" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["title"])')
send F12
wait_for "搜索:" || not_ok "F12 opens the knowledge base over the form"
type "$Q"
wait_for "$KB_TITLE" || not_ok "kb search result: $KB_TITLE"
settle
send Enter
settle
send u
if wait_for "答复已填入"; then
	ok "u fills the intake form's reply"
else
	show_screen
	not_ok "kb use: no message"
fi
send Escape
settle
send Escape
wait_gone "搜索:" || not_ok "Esc Esc closes the knowledge base"
if wait_re "办理方式 +直接办结" && wait_re "答复内容 +[^ ]"; then
	ok "the form has 直接办结 and the answer as its reply"
else
	show_screen
	not_ok "reply filled: not shown"
fi
fill_form "来电咨询社保问题" "来电人咨询社保相关问题，已按知识库答复。" ||
	not_ok "form (d) filled: see screen"
send M-s
if wait_for "工单已受理" 15; then
	NO_D=$(screen | grep -oE "DG[0-9]{14}" | head -n 1)
	j=$(ticket_json "$NO_D")
	cid=$(printf '%s' "$j" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("call_id"))')
	[ "$cid" = "$CALL_ID" ] && ok "the ticket is bound to the call ($cid)" ||
		not_ok "call_id: $cid != $CALL_ID"
	mode=$(printf '%s' "$j" | python3 -c 'import json,sys; t=json.load(sys.stdin); print(t["handling_mode"], bool(t["direct_reply"]))')
	[ "$mode" = "DIRECT True" ] && ok "closed directly with the reply" ||
		not_ok "direct close: $mode"
	uses=$(api GET "/v1/kb/uses?ticket_no=$NO_D" | python3 -c 'import json,sys; print([u["article_id"] for u in json.load(sys.stdin)["items"]])')
	[ "$uses" = "[$KB_ID]" ] && ok "the article is linked to the ticket" ||
		not_ok "kb use linked: $uses"
else
	show_screen
	not_ok "ticket from the call: no closing panel"
fi


finish
