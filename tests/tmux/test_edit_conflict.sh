#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: editing a ticket with If-Match, and the conflict screen on 412
# (issue #4 §5, "on 412 the agent sees both versions and chooses").
#
# A ticket is created through the API and opened in the client.  e opens
# ":edit "; "address" then brings the current address into the command
# line.  Behind the client's back the address is changed through the API.
# The client's edit is refused with 412: the conflict screen shows the
# server's address and the agent's side by side.  m (keep mine) sends the
# edit again with the new ETag: the API shows the agent's address and the
# version went up by exactly one.  A second round takes the server's
# version with t: nothing is written.  Also: the list's search finds the
# ticket by number, by phone and by text.
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

A0=东城街道主山社区一巷
THEIRS=东城街道主山社区三巷8号
MINE=东城街道主山社区五巷12号
PHONE=13911112222

server_start || bail "hotlined starts"
# a ticket another agent took: the list's search looks through everyone's
api_login demo-agent2 demo || bail "API login as demo-agent2"
other='{"channel":"PHONE","appeal_type":"CONSULT","title":"咨询独生子女父母奖励办理","content":"来电咨询奖励金申领。","category_code":"0101","town_code":"DONGCHENG"}'
OTHER=$(api POST /v1/tickets "$other" | json ticket_no) || bail "create demo-agent2's ticket"
api_login || bail "API login"
body=$(printf '{"channel":"WEB","appeal_type":"COMPLAINT","title":"楼道堆放杂物堵塞消防通道","content":"网友反映楼道长期堆放杂物。","category_code":"0401","town_code":"DONGCHENG","address":"%s","caller_phone":"%s","caller_name":"钱女士"}' "$A0" "$PHONE")
NO=$(api POST /v1/tickets "$body" | json ticket_no) || bail "create a ticket"
ok "ticket $NO created"

client_login || bail "log in as $AGENT_USER"
# ---- the list's search: by number, by phone, by text -----------------------
for q in "$NO" "$PHONE" 消防通道; do
	send /
	type "$q"
	send Enter
	check "search '$q' finds only $NO" wait_re "筛选: $q \| 共 1 条"
	check "search '$q' shows $NO" wait_for "$NO"
	send Escape
	wait_gone "筛选: $q" >/dev/null 2>&1
done
send /
type 独生子女
send Enter
check "the search finds another agent's ticket" wait_re "全部工单 \| 筛选: 独生子女 \| 共 1 条"
check "... $OTHER is listed" wait_for "$OTHER"
send Escape
check "Esc goes back to my tickets" wait_for "我的工单 | 共 "

type ":ticket $NO"
send Enter
check "the ticket opens" wait_for "$A0"
V0=$(api GET "/v1/tickets/$NO" | json version)
send e
check "e opens the command line with edit" wait_for ":edit"
type "address"
send Enter
check "the current address is typed in" wait_for "edit address $A0"
# someone changes the address meanwhile
curl -fsS --noproxy '*' -m 10 -X PATCH -H "Authorization: Bearer $API_TOKEN" \
	-H "If-Match: \"$V0\"" -H 'Content-Type: application/json' \
	-d "{\"address\":\"$THEIRS\"}" "$URL/v1/tickets/$NO" >/dev/null ||
	bail "PATCH through the API"
V1=$(api GET "/v1/tickets/$NO" | json version)
send C-u
type "edit address $MINE"
send Enter
check "412 opens the conflict screen" wait_for "冲突: 工单已被他人修改"
check "it shows the server's value" wait_for "$THEIRS"
check "it shows the agent's value" wait_for "$MINE"
check "it names the server's version" wait_for "服务器上的 (版本 $V1)"
send m
check "keep mine saves" wait_re "工单 $NO 已保存 \(版本 [0-9]+\)"
t=$(api GET "/v1/tickets/$NO")
if [ "$(json address <<<"$t")" = "$MINE" ]; then
	ok "API: the address is mine"
else
	not_ok "API: the address is $(json address <<<"$t")"
fi
V2=$(json version <<<"$t")
if [ "$V2" = $((V1 + 1)) ]; then
	ok "API: the version went up by one ($V1 -> $V2)"
else
	not_ok "API: version $V1 -> $V2"
fi
check "the detail shows my address" wait_for "$MINE"

# ---- take theirs -------------------------------------------------------------
curl -fsS --noproxy '*' -m 10 -X PATCH -H "Authorization: Bearer $API_TOKEN" \
	-H "If-Match: \"$V2\"" -H 'Content-Type: application/json' \
	-d '{"caller_name":"钱先生"}' "$URL/v1/tickets/$NO" >/dev/null ||
	bail "PATCH through the API"
V3=$(api GET "/v1/tickets/$NO" | json version)
type ":edit caller_name 钱女士（业主）"
send Enter
check "the second conflict shows the server's name" wait_for "钱先生"
send t
check "take theirs drops my edit" wait_for "已放弃我的修改"
t=$(api GET "/v1/tickets/$NO")
if [ "$(json caller_name <<<"$t")" = 钱先生 ] && [ "$(json version <<<"$t")" = "$V3" ]; then
	ok "API: take theirs wrote nothing"
else
	not_ok "API: $(json caller_name <<<"$t") version $(json version <<<"$t")"
fi
check "the detail shows the server's name" wait_for "钱先生"
finish
