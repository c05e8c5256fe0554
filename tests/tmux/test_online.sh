#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the online queue of other channels (issue #4 extras).
#
# The demo seed has items from 人民网, 省平台, 微信, 网站 and App.  demo-agent
# presses O in the ticket list: the queue shows them, oldest first, with
# their channels and subjects.  Enter on the second row claims it: the
# message line says 已认领 #2, the intake form opens filled from the item
# (channel 省平台, the citizen's number as 联系电话, name, subject as title,
# the text as content) and the API shows the item claimed by demo-agent;
# Esc leaves the form (its draft stays).  Then a second client, logged in
# as demo-agent2, opens the queue and presses Enter on the same item: the
# message names demo-agent (already claimed), and the item stays
# demo-agent's.  Last, demo-agent again: :drafts reopens the item's form
# (the item's id rides in the draft), the agent picks the appeal type,
# the category (拖欠工资, by pinyin initials) and 转办, and fills what M-s
# points at (the town, the category's extra fields); submitted, via the
# API the item is done with that ticket's number, and the ticket's
# channel is the item's, with the item's text.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

json() {
	python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
' "$@"
}

server_start || bail "hotlined starts"
api_login || bail "API login"
S1=$(api GET "/v1/intake-items/1" | json subject) || bail "item 1"
S2=$(api GET "/v1/intake-items/2" | json subject) || bail "item 2"
C2=$(api GET "/v1/intake-items/2" | json content) || bail "item 2 content"
P2=$(api GET "/v1/intake-items/2" | json citizen_phone)
N2=$(api GET "/v1/intake-items/2" | json citizen_name)
CH2=$(api GET "/v1/intake-items/2" | json channel)
# the first line of the content, as the form shows its start
C2_HEAD=$(printf '%s\n' "$C2" | head -n 1 | cut -c1-12)
ok "seed: item 1 '$S1', item 2 '$S2'"

client_login || bail "log in as $AGENT_USER"
send O
check "O opens the online queue" wait_for "在线诉求队列"
check "the first item's subject is shown" wait_for "$S1"
check "the second item's subject is shown" wait_for "$S2"
check "channels shown by name (人民网)" wait_for "人民网"
check "channels shown by name (省平台)" wait_for "省平台"
check "the count of waiting items" wait_re "[0-9]+ 条待处理"
capture
l1=$(grep -n -F -- "$S1" <<<"$T_SCREEN" | head -1 | cut -d: -f1)
l2=$(grep -n -F -- "$S2" <<<"$T_SCREEN" | head -1 | cut -d: -f1)
if [ -n "$l1" ] && [ -n "$l2" ] && ((l1 < l2)); then
	ok "oldest first (row $l1 before row $l2)"
else
	not_ok "order: '$S1' at '$l1', '$S2' at '$l2'"
fi
send j
send Enter
check "Enter claims: 已认领 #2" wait_for "已认领 #2"
check "the intake form opens" wait_for "*诉求类型"
check "the form has the item's subject as title" wait_re "标题 +$S2"
check "the form has the item's text as content" wait_for "$C2_HEAD"
check "the form has the item's channel (省平台)" wait_re "来源渠道 +省平台"
check "the citizen's number as 联系电话" wait_re "联系电话 +$P2"
check "the citizen's name as 来电人姓名" wait_re "来电人姓名 +$N2"
send Escape
check "Esc leaves the form: the queue" wait_for "在线诉求队列"
check "the row says 我已认领" wait_for "我已认领"
it=$(api GET "/v1/intake-items/2")
if [ "$(json state <<<"$it")" = claimed ] &&
	[ "$(json claimed_by <<<"$it")" = demo-agent ]; then
	ok "API: item 2 is claimed by demo-agent"
else
	not_ok "API: item 2 is $(json state <<<"$it") by $(json claimed_by <<<"$it")"
fi

# ---- a second agent tries the same item ------------------------------------
AGENT_USER=demo-agent2
AGENT_NAME=$(awk -F '\t' '$1 == "demo-agent2" { print $2 }' data/agents.tsv)
client_login || bail "log in as demo-agent2"
send O
check "demo-agent2 sees the queue" wait_for "$S2"
check "the claimed row names demo-agent" wait_for "demo-agent "
send j
send Enter
check "the refused claim names the holder" wait_re "already claimed by demo-agent"
AGENT2_TOKEN=
api_login demo-agent2 demo && AGENT2_TOKEN=$API_TOKEN
it=$(api GET "/v1/intake-items/2")
if [ "$(json claimed_by <<<"$it")" = demo-agent ] && [ -n "$AGENT2_TOKEN" ]; then
	ok "API: item 2 is still demo-agent's"
else
	not_ok "API: item 2 claimed by $(json claimed_by <<<"$it")"
fi
send Escape
check "Esc returns to the ticket list" wait_for "我的工单"

# ---- demo-agent records item 2 as a ticket ---------------------------------
AGENT_USER=demo-agent
AGENT_NAME=$(awk -F '\t' '$1 == "demo-agent" { print $2 }' data/agents.tsv)
client_login || bail "log in as demo-agent again"
send :
type "drafts"
send Enter
check ":drafts lists the item's draft" wait_for "$S2"
settle
send Enter
check "the item's form comes back" wait_re "标题 +$S2"
check "with the channel" wait_re "来源渠道 +省平台"
# the focus is on the first empty field: 诉求类型
send Enter
wait_for "求助" >/dev/null
type qz
settle
send Enter
check "appeal type 求助 picked" wait_re "诉求类型 +求助"
send Tab Tab # title → content → category
send Enter
type tqgz
check "the category list filters by pinyin (tqgz)" wait_for "拖欠工资"
settle
send Enter
check "category 拖欠工资 chosen" wait_re "诉求分类 +.*拖欠工资"
# M-s: every missing field in turn gets the focus
send M-s
check "M-s: the handling mode is missing" wait_re "办理方式 +\[选择\]"
send Enter
type zb
settle
send Enter
check "转办 chosen" wait_re "办理方式 +转办"
send M-s
check "M-s: the town is required for 转办" wait_re "所属镇街 +\[选择\]"
send Enter
type 长安
settle
send Enter
check "town 长安镇" wait_re "所属镇街 +长安镇"
for v in "东莞市某五金制品厂" "长安镇沙头社区某路8号" "2026年8月至10月"; do
	send M-s
	settle
	type "$v"
	wait_for "$v" >/dev/null || not_ok "typed '$v' into the field M-s focused"
done
check "the category's extra fields are filled" wait_re "用人单位名称 +东莞市某五金制品厂"
send M-s
NO=
if wait_for "工单已受理" 15 && wait_re "工单编号: DG[0-9]{14}"; then
	NO=$(screen | grep -oE "DG[0-9]{14}" | head -n 1)
	ok "submitted: the closing panel with $NO"
else
	show_screen
	not_ok "submitted: no closing panel"
fi
it=$(api GET "/v1/intake-items/2")
if [ -n "$NO" ] && [ "$(json state <<<"$it")" = done ] &&
	[ "$(json ticket_no <<<"$it")" = "$NO" ]; then
	ok "API: item 2 is done with ticket $NO"
else
	not_ok "API: item 2 is $(json state <<<"$it") with '$(json ticket_no <<<"$it")', want done with '$NO'"
fi
if [ -n "$NO" ] && api GET "/v1/tickets/$NO" | python3 -c '
import json, sys
t = json.load(sys.stdin)
want = {"channel": sys.argv[1], "title": sys.argv[2], "content": sys.argv[3],
        "contact_phone": sys.argv[4], "caller_name": sys.argv[5],
        "category_code": "010101", "handling_mode": "TRANSFER"}
bad = [f"{k}={t.get(k)!r}" for k, v in want.items() if t.get(k) != v]
if bad:
    print("# " + "; ".join(bad))
sys.exit(1 if bad else 0)' "$CH2" "$S2" "$C2" "$P2" "$N2"; then
	ok "API: the ticket has the item's channel ($CH2), text, number and name"
else
	not_ok "API: ticket ${NO:-?} fields"
fi
ENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$S2")
n=$(api GET "/v1/tickets?q=$ENC&limit=200" | python3 -c '
import json, sys
print(sum(1 for x in json.load(sys.stdin)["items"] if x["title"] == sys.argv[1]))' "$S2")
[ "$n" = 1 ] && ok "exactly one ticket for item 2" || not_ok "tickets for item 2: $n"
finish
