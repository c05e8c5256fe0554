#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the online queue of other channels (issue #4 extras).
#
# The demo seed has items from 人民网, 省平台, 微信, 网站 and App.  demo-agent
# presses O in the ticket list: the queue shows them, oldest first, with
# their channels and subjects.  Enter on the second row claims it: the
# message line says 已认领 #2 (the stand-in of intake_open_item) and the
# API shows the item claimed by demo-agent.  Then a second client, logged
# in as demo-agent2, opens the queue and presses Enter on the same item:
# the message names demo-agent (already claimed), and the item stays
# demo-agent's.
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
finish
