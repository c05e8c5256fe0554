#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: an agent's call in a real 80x24 terminal (tmux), end to end.
#
# demo-agent logs in and goes READY with F2; a call is posted with curl as
# demo-cti from a number that has an open ticket of demo-agent's in the
# demo data.  The screen pops with the number and that number's history
# within POP_LIMIT_MS (the time from the POST to the number on screen is
# printed); F6 answers; the open ticket is urged (u, then the ticket number
# and a comment on the ':' line); F8 hangs up; the wrap-up form is filled
# by typing (Chinese filter) and submitted; the status bar says 示闲 again.
# Then, through the API: the call record (ENDED, durations, disposition,
# the urged ticket), the urge in the ticket's event log, the agent state
# (READY) and the state log of the call.  Before the call, F3 picks a
# not-ready reason from the list and F2 returns to READY.
#
# Second call, from a number without tickets: answer, hold and resume
# (F7), a transfer picked by pinyin initials (F9 gjj Enter, t), the 110
# question (M-1, n), the ticket written in the intake form bound to the
# call (Tab opens it; Esc leaves it, its draft kept; M-d on the call
# screen brings it back with 直接办结 chosen and submits it, the missing
# reply focused first), not ready after the call (F4, 1), an ACW
# extension (F9), hang up, wrap up by pinyin initials (yjgd): the ticket
# exists exactly once, bound to the call, closed directly with the reply,
# and the agent is NOT_READY (BREAK) as asked.
#
# Then hotlined restarts with a 3-second ACW and a 4-second ring time-out:
# the client shows the outage, comes back, takes a third call whose ACW
# runs out (the server's default code closes the form with a message),
# and lets a fourth ring out: the agent is 示忙(未接), the call waits in
# the queue (排队 1) until its caller hangs up (排队 0).
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

# Slow builds (ASan) must not lose the call to ring-no-answer or ACW.
HOTLINED_ARGS=(--ring-timeout 120 --acw-seconds 300)
case $BUILD in
*asan*) POP_LIMIT_MS=${POP_LIMIT_MS:-3000} ;;
*) POP_LIMIT_MS=${POP_LIMIT_MS:-1000} ;;
esac
ROWS=24
STATUS_LINE=$((ROWS - 2))

server_start || bail "hotlined starts"

# ---- the data: tokens, a number with an open ticket ---------------------
api_login demo-cti demo || bail "API login as demo-cti"
CTI_TOKEN=$API_TOKEN
api_login || bail "API login as $AGENT_USER"
AGENT_TOKEN=$API_TOKEN

pick=$(api GET "/v1/tickets?mine=1&limit=200" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
open_states = ["HANDLING", "PENDING_SIGN", "PENDING_DISPATCH", "REPLIED",
               "PENDING_VISIT", "RETURN_REQUESTED"]
for st in open_states:
    for t in items:
        if t["state"] == st and t.get("caller_phone"):
            print(t["ticket_no"], t["caller_phone"])
            sys.exit(0)
') || bail "GET /v1/tickets?mine=1"
read -r OPEN_NO PHONE <<<"$pick"
[ -n "$OPEN_NO" ] && [ -n "$PHONE" ] ||
	bail "the demo data has an open ticket of $AGENT_USER with a caller phone"
ok "open ticket $OPEN_NO of caller $PHONE picked from the demo data"

# A number nobody called from, for the second call.
NEW_PHONE=
for n in 13912345678 13912345679 13912345680 13912345681; do
	c=$(api GET "/v1/tickets?phone=$n&limit=5" |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
	[ "$c" = 0 ] && { NEW_PHONE=$n; break; }
done
[ -n "$NEW_PHONE" ] || bail "a caller number without tickets"

# json FIELD...: read JSON on stdin, print the value at the path.
json() {
	python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
' "$@"
}

# agent_state: the agent's state as the server has it.
agent_state() {
	API_TOKEN=$AGENT_TOKEN api GET /v1/agents/me/state | json state
}

# wait_state STATE: poll the API until the agent is in STATE.
wait_state() {
	local want=$1 got
	deadline "$T_TIMEOUT"
	while :; do
		got=$(agent_state 2>/dev/null)
		[ "$got" = "$want" ] && return 0
		past_deadline && break
		sleep 0.05
	done
	diag "agent state is '$got', wanted $want"
	return 1
}

# post_call PHONE [IVR-JSON]: as demo-cti; the reply goes to $T_DIR/call
# (read it with call_id); sets POSTED_AT (ms) to just before the request.
post_call() {
	local body
	body=$(printf '{"caller":"%s","channel":"PHONE","desk":"GENERAL"%s}' \
		"$1" "${2:+,\"ivr\":$2}")
	_now
	POSTED_AT=$_NOW
	API_TOKEN=$CTI_TOKEN api POST /v1/calls "$body" >"$T_DIR/call"
}
call_id() { json id <"$T_DIR/call"; }

status_has() { wait_line "$STATUS_LINE" "$1" "${2:-$T_TIMEOUT}"; }

# ---- log in at 80x24, go ready -------------------------------------------
client_login || bail "log in as $AGENT_USER"
resize 80 "$ROWS"
wait_line "$STATUS_LINE" "$AGENT_USER" || bail "the status bar at 80x24"

send F2
if status_has "示闲 00:0"; then
	ok "F2: the status bar says 示闲 with the time in state"
else
	not_ok "F2: the status bar says 示闲"
fi
check "F2: the server has the agent READY" wait_state READY

# F3: the reason list; Esc cancels, a digit picks
send F3
check "F3 opens the not-ready reasons" wait_for "示忙原因"
send Escape
check "Esc closes the list" wait_gone "示忙原因"
send F3
wait_for "2 用餐" >/dev/null
send 2
check "2 picks 用餐: 示忙(用餐) in the status bar" status_has "示忙(用餐) 00:0"
if [ "$(API_TOKEN=$AGENT_TOKEN api GET /v1/agents/me/state | json reason)" = MEAL ]; then
	ok "API: NOT_READY with reason MEAL"
else
	not_ok "API: NOT_READY with reason MEAL"
fi
send F2
check "F2: 示闲 again" status_has "示闲 00:0"
check "API: READY before the call" wait_state READY

# ---- first call: screen pop, answer, urge, hang up, wrap up --------------
IVR='{"intent":"欠薪求助","transcript":"来电人说之前反映的问题一直没有结果，希望人工客服帮忙催促承办单位尽快处理。语音助手无法回答，已转人工。"}'
post_call "$PHONE" "$IVR" || bail "POST /v1/calls as demo-cti"
t0=$POSTED_AT
if wait_for "来电 $PHONE" 10; then
	_now
	pop_ms=$((_NOW - t0))
	diag "screen pop: ${pop_ms} ms from POST /v1/calls to the number on screen"
	if [ "$pop_ms" -le "$POP_LIMIT_MS" ]; then
		ok "the screen pops with the number within ${POP_LIMIT_MS} ms (${pop_ms} ms)"
	else
		not_ok "the screen pops with the number within ${POP_LIMIT_MS} ms (${pop_ms} ms)"
	fi
else
	not_ok "the screen pops with the number $PHONE"
fi
if wait_for "$OPEN_NO" 5; then
	_now
	diag "history shown: $((_NOW - t0)) ms after the POST"
	ok "the caller's history shows the open ticket $OPEN_NO"
else
	not_ok "the caller's history shows the open ticket $OPEN_NO"
fi
capture
line=$(grep -m 1 "$OPEN_NO" <<<"$T_SCREEN")
first_hist=$(grep -m 1 -E '^(\*|催| ) ?[A-Z]{2,4}[0-9]{14}' <<<"$T_SCREEN")
if [[ $line == "* $OPEN_NO"* && $first_hist == "* "* ]]; then
	ok "open tickets come first and are marked"
else
	not_ok "open tickets come first and are marked: '$first_hist'"
fi
check "ringing: 振铃 with its time" wait_re "振铃 00:[0-9][0-9]"
check "the voice assistant's intent and transcript" \
	wait_for "语音助手: 欠薪求助"
check "ringing: the status bar says 振铃" status_has "振铃"
CALL1=$(call_id)
[ -n "${SHOW_SCREENS:-}" ] && show_screen

send F6
check "F6 answers: 通话 on the call screen" wait_re "^来电 $PHONE .*通话 00:"
check "F6: the status bar has the call timer" status_has "通话计时 00:"
check "F6: the line of the call's intake form appears" \
	wait_for "受理表单 (绑定本次来电)"

send u
if wait_line $((ROWS - 1)) ":urge" 5; then
	type "$OPEN_NO 来电人再次催促, 请尽快处理"
	send Enter
	check "u: the urge is recorded" wait_for "已催办"
	check "the urged ticket is marked 催 in the history" \
		wait_for "催$OPEN_NO"
else
	not_ok "u opens the command line with urge"
fi
[ -n "${SHOW_SCREENS:-}" ] && show_screen

send F8
check "F8 hangs up: the wrap-up form" wait_for "处理结果"
check "F8: the status bar shows the ACW countdown" status_has "剩余 0"
type "催办在办"
check "typing filters the wrap-up codes" wait_gone "打错电话"
send Enter
check "Enter chooses the code" wait_for "已选: 催办在办工单 (URGED_OPEN)"
type "来电催办 $OPEN_NO"
[ -n "${SHOW_SCREENS:-}" ] && show_screen
send Enter
check "wrap-up submitted: 话后处理已完成" wait_for "话后处理已完成"
check "the status bar says 示闲 again" status_has "示闲 00:"
check "the call screen is closed" wait_gone "处理结果"
[ -n "${SHOW_SCREENS:-}" ] && show_screen

# ---- first call through the API ------------------------------------------
API_TOKEN=$AGENT_TOKEN
rec=$(api GET "/v1/calls/$CALL1")
diag "call $CALL1: $(json state <<<"$rec") talk_s=$(json talk_s <<<"$rec") acw_s=$(json acw_s <<<"$rec") ring_s=$(json ring_s <<<"$rec") disposition=$(json disposition <<<"$rec")"
if python3 -c '
import json, sys
c = json.loads(sys.argv[1])
ok = (c["state"] == "ENDED" and c["talk_s"] >= 0 and c["acw_s"] >= 0
      and c["ring_s"] >= 0 and c["answered_at"] and c["ended_at"]
      and c["disposition"] == "URGED_OPEN"
      and c["summary"] == "来电催办 " + sys.argv[2]
      and c["urged_tickets"] == [sys.argv[2]] and c["agent"] == "demo-agent")
sys.exit(0 if ok else 1)' "$rec" "$OPEN_NO"; then
	ok "API: call $CALL1 ENDED with durations, disposition URGED_OPEN, summary and the urged ticket"
else
	not_ok "API: the call record: $rec"
fi
if api GET "/v1/tickets/$OPEN_NO" | python3 -c '
import json, sys
t = json.load(sys.stdin)
ev = [e for e in t["events"] if e["action"] == "urge"]
sys.exit(0 if ev and "再次催促" in (ev[-1].get("comment") or "") else 1)'; then
	ok "API: ticket $OPEN_NO has the urge (with the comment) in its events"
else
	not_ok "API: ticket $OPEN_NO has the urge in its events"
fi
check "API: the agent is READY again" wait_state READY
if api GET "/v1/agents/$AGENT_USER/state-log?limit=20" | python3 -c '
import json, sys
call = int(sys.argv[1])
rows = json.load(sys.stdin)["items"]
seq = [r["state"] for r in reversed(rows) if r.get("call_id") == call]
last = rows[0]
sys.exit(0 if seq == ["RINGING", "TALKING", "ACW"] and last["state"] == "READY"
         and last["ended_at"] is None else 1)' "$CALL1"; then
	ok "API: the state log has RINGING, TALKING, ACW for the call, then READY"
else
	not_ok "API: the state log"
	api GET "/v1/agents/$AGENT_USER/state-log?limit=8" | sed 's/^/# /'
fi

# ---- second call: hold, transfer, 110 question, draft, wrap-up ------------
post_call "$NEW_PHONE" || bail "POST the second call"
CALL2=$(call_id)
check "second call pops" wait_for "来电 $NEW_PHONE"
check "a number without tickets says so" wait_for "此号码没有历史工单"
send F6
check "F6 answers the second call" wait_for "受理表单 (绑定本次来电)"
wait_re "^来电 $NEW_PHONE .*通话 00:" >/dev/null

send F4
check "F4 asks for the reason to be not ready after the call" \
	wait_for "话后示忙原因"
send 1
check "1 picks 小休: 话后示忙(小休) in the status bar" \
	status_has "话后示忙(小休)"

send F7
check "F7 holds: 保持 in the status bar" status_has "保持 00:"
send F7
check "F7 again resumes: 通话 in the status bar" status_has "| 通话 00:"

send F9
if wait_for "转接: 选择单位"; then
	type "gjj"
	check "the unit list filters by pinyin initials" \
		wait_for "东莞市住房公积金管理中心"
	send Enter
	check "the unit's duty line and the modes" wait_for "值班电话"
	send t
	check "t: three-way transfer recorded" wait_re "已转接: .*三方通话"
else
	not_ok "F9 opens the unit picker"
fi

send M-1
check "M-1 asks: 转接110？ y/n" wait_for "转接110？ y/n"
check "with the script line" wait_for "请不要挂机，马上为您转接110。"
send n
check "n cancels" wait_for "已取消"

send Tab
check "Tab opens the intake form bound to the call" \
	wait_for "受理工单 · 来电 $NEW_PHONE"
check "the form has the caller's number" wait_re "来电号码 +$NEW_PHONE"
send Enter
wait_for "咨询" >/dev/null
type zx
settle
send Enter
check "appeal type 咨询 picked" wait_re "诉求类型 +咨询"
TITLE2="社保参保缴费咨询"
type "$TITLE2"
send Tab
type "来电人咨询灵活就业人员如何参保缴费。"
send Enter
type "已告知所需材料和办理渠道。"
check "the form takes Chinese text" wait_for "已告知所需材料和办理渠道。"
send Tab
send Enter
type cbdj
wait_for "参保登记与缴费" >/dev/null
settle
send Enter
check "category by pinyin initials (cbdj)" wait_re "诉求分类 +.*参保登记与缴费"
send Escape
check "Esc: back on the call screen" wait_gone "受理工单 · 来电"
check "the call screen has the form's line" wait_for "受理表单 (绑定本次来电)"
send M-d
check "M-d: the form again, as typed" wait_re "诉求分类 +.*参保登记与缴费"
check "M-d chose 直接办结" wait_re "办理方式 +直接办结"
REPLY2="已告知灵活就业人员可在粤省事办理参保缴费。"
type "$REPLY2"
check "the missing reply had the focus" wait_re "答复内容 +$REPLY2"
send M-s
NEW_NO=
if wait_for "工单已受理" 15 && wait_re "工单编号: [A-Z]{2,4}[0-9]{14}"; then
	NEW_NO=$(screen | grep -oE "工单编号: [A-Z]{2,4}[0-9]{14}" |
		head -n 1 | cut -d' ' -f2)
	ok "submitted: the closing panel with $NEW_NO"
else
	show_screen
	not_ok "the form submitted from the call"
fi
send q # any key closes the panel
check "the call screen names the ticket" wait_for "已保存工单 ${NEW_NO:-?}"
[ -n "${SHOW_SCREENS:-}" ] && show_screen

send F8
check "F8: the wrap-up form again" wait_for "处理结果"
check "the saved ticket is named in the form" wait_for "工单 ${NEW_NO:-?}"
check "the form says what follows: 示忙 (小休)" wait_for "结束后: 示忙 (小休)"
send F9
check "F9 in the form extends the ACW" wait_for "话后处理已延长"
type "yjgd"
send Enter
check "yjgd chooses 已建工单转办" wait_for "已选: 已建工单转办 (TICKET_CREATED)"
# the summary edits through readline: C-p recalls the summary of the
# call before (remembered when it was submitted), M-/ completes from it
send C-p
check "C-p in the summary: the last summary" wait_re "小结 +来电催办 $OPEN_NO"
send C-a
send C-k
type 来电
send M-/
check "M-/ completes the summary from its history" \
	wait_re "小结 +来电催办 $OPEN_NO"
send C-a
send C-k
type "市民反映供水"
check "the summary typed" wait_re "小结 +市民反映供水"
send Tab # from the summary to call-back
send Space
check "Space: needs call-back" wait_for "[x] 是"
send Enter
check "second wrap-up submitted" wait_for "话后处理已完成"
check "示忙(小休) after the second call, as asked" status_has "示忙(小休) 00:"

rec=$(api GET "/v1/calls/$CALL2")
if python3 -c '
import json, sys
c = json.loads(sys.argv[1])
t = c["transfers"]
ok = (c["state"] == "ENDED" and c["disposition"] == "TICKET_CREATED"
      and c["ticket_no"] == sys.argv[2] and c["needs_callback"] is True
      and len(t) == 1 and t[0]["mode"] == "THREE_WAY"
      and t[0]["target_kind"] == "UNIT" and c["hold_s"] >= 0
      and c["summary"] == "市民反映供水")
sys.exit(0 if ok else 1)' "$rec" "${NEW_NO:-none}"; then
	ok "API: call $CALL2 ENDED, TICKET_CREATED, bound to $NEW_NO, call-back, one three-way transfer"
else
	not_ok "API: the second call record: $rec"
fi
if api GET "/v1/tickets?phone=$NEW_PHONE&limit=10" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
sys.exit(0 if len(items) == 1 and items[0]["ticket_no"] == sys.argv[1]
         and items[0]["title"] == sys.argv[2] else 1)' "${NEW_NO:-none}" "$TITLE2"; then
	ok "API: exactly one ticket from $NEW_PHONE, the form's"
else
	not_ok "API: exactly one ticket from $NEW_PHONE"
fi
if [ -n "$NEW_NO" ] && api GET "/v1/tickets/$NEW_NO" | python3 -c '
import json, sys
t = json.load(sys.stdin)
ok = (str(t.get("call_id")) == sys.argv[1] and t["state"] == "CLOSED_DIRECT"
      and t.get("handling_mode") == "DIRECT" and t["direct_reply"] == sys.argv[2])
if not ok:
    print("# call_id %s state %s mode %s" % (t.get("call_id"), t["state"],
          t.get("handling_mode")))
sys.exit(0 if ok else 1)' "$CALL2" "$REPLY2"; then
	ok "API: $NEW_NO is bound to call $CALL2, 直接办结 with the typed reply"
else
	not_ok "API: ticket ${NEW_NO:-?} bound to the call and closed directly"
fi
check "API: NOT_READY after the second call" wait_state NOT_READY
send F2
check "F2: READY again" wait_state READY

# ---- an outage, then a call whose ACW runs out ----------------------------
# hotlined restarts with a 3-second ACW on the same port and database: the
# client shows the outage, reconnects its event stream (the server's event
# history is gone: a resync) and keeps working.
HOTLINED_ARGS=(--ring-timeout 4 --acw-seconds 3)
server_stop
check "the outage is on the status bar" status_has "连接中断"
server_start "$PORT" || bail "hotlined restarts on port $PORT"
check "the client is back online" status_has "已连接" 40
check "the live feed is back" wait_gone "实时推送" 40
check "API: still READY after the restart" wait_state READY
post_call "$PHONE" || bail "POST the third call"
CALL3=$(call_id)
check "third call pops after the restart" wait_for "来电 $PHONE"
send F6
check "F6 answers the third call" wait_for "受理表单 (绑定本次来电)"
send F8
check "F8: the wrap-up form" wait_for "处理结果"
check "ACW runs out: the server's default code, said on the message line" \
	wait_for "话后处理超时, 已自动按「直接解答」结束" 20
check "the wrap-up form is closed" wait_gone "处理结果"
check "示闲 after the time-out" status_has "示闲 00:"
if [ "$(API_TOKEN=$AGENT_TOKEN api GET "/v1/calls/$CALL3" | json disposition)" = DIRECT_ANSWER ]; then
	ok "API: call $CALL3 wrapped up with the default code"
else
	not_ok "API: call $CALL3 wrapped up with the default code"
fi

# ---- ring-no-answer, the queue count, a caller who hangs up ---------------
post_call "$NEW_PHONE" || bail "POST the fourth call"
CALL4=$(call_id)
check "fourth call pops" wait_for "来电 $NEW_PHONE"
check "not answered: the pop closes with a message" \
	wait_for "振铃未接, 来电已转回队列" 15
check "the agent is 示忙(未接)" status_has "示忙(未接) 00:"
check "the call waits in the queue: 排队 1" status_has "排队 1"
API_TOKEN=$CTI_TOKEN api POST "/v1/calls/$CALL4/abandon" >/dev/null ||
	not_ok "POST /v1/calls/$CALL4/abandon as demo-cti"
check "the caller hung up: 排队 0" status_has "排队 0"
if [ "$(API_TOKEN=$CTI_TOKEN api GET "/v1/calls/$CALL4" | json state)" = ABANDONED ]; then
	ok "API: call $CALL4 ABANDONED"
else
	not_ok "API: call $CALL4 ABANDONED"
fi
send F2
check "F2 after a missed call: 示闲" status_has "示闲 00:"
check "API: READY at the end" wait_state READY

# ---- the screen stayed inside 80 columns throughout ----------------------
capture
wide=$(python3 -c '
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l) for l in sys.stdin.read().split("\n")))' <<<"$T_SCREEN")
if [ "$wide" -le 80 ]; then
	ok "no line wider than 80 columns"
else
	not_ok "no line wider than 80 columns ($wide)"
fi
finish
