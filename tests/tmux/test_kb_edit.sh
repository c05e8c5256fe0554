#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the knowledge-base editor (issue #5 §3, last bullet).
#
# demo-supervisor logs in; F12, a search, Enter opens the top article, e
# opens the editor; a Chinese suffix typed at the end of the title and M-s
# save it: through the API the title changed and the version went up.
# Then the article is changed through the API behind the editor's back;
# M-s in the editor says 已被他人修改 and reloads (the API version is
# kept).  Esc returns to the reader with the new title.  Finally
# demo-agent in a second client run gets 无权编辑 for e.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

ROWS=24
Q=社保
SUFFIX=（编辑测试甲）

server_start || bail "hotlined starts"
api_login demo-supervisor demo || bail "API login as demo-supervisor"
SUP_TOKEN=$API_TOKEN
SUP_NAME=$(awk -F '\t' '$1 == "demo-supervisor" { print $2 }' data/agents.tsv)

json() {
	python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
' "$@"
}

ENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$Q")
ID=$(api GET "/v1/kb/search?q=$ENC&limit=5" | json items 0 id) ||
	bail "GET /v1/kb/search"
art=$(api GET "/v1/kb/articles/$ID") || bail "GET /v1/kb/articles/$ID"
TITLE=$(json title <<<"$art")
V0=$(json version <<<"$art")
[ -n "$TITLE" ] && [ -n "$V0" ] || bail "the seed has an article for $Q"
ok "article $ID '$TITLE' version $V0"

# ---- demo-supervisor edits -------------------------------------------------
client_start -- --server "$URL" --user demo-supervisor
wait_for 密码 >/dev/null || bail "the login form"
type demo
send Enter
wait_for "$SUP_NAME" >/dev/null || bail "log in as demo-supervisor"
settle >/dev/null 2>&1
resize 80 "$ROWS"
send F12
check "F12 opens the pane" wait_for "搜索:"
type "$Q"
check "the search shows '$TITLE'" wait_for "$TITLE"
send Enter
check "Enter opens the reader" wait_for "【办事指南】"
send e
check "e opens the editor" wait_for "M-s 保存"
check "the editor shows the title field" wait_for "标题: $TITLE"
type "$SUFFIX"
check "the suffix is typed into the title" wait_for "$TITLE$SUFFIX"
send M-s
check "M-s saves: 已保存" wait_re "文章 $ID 已保存 \(版本 [0-9]+\)"
art=$(api GET "/v1/kb/articles/$ID")
T1=$(json title <<<"$art")
V1=$(json version <<<"$art")
if [ "$T1" = "$TITLE$SUFFIX" ]; then
	ok "API: the title is '$T1'"
else
	not_ok "API: the title is '$T1', not '$TITLE$SUFFIX'"
fi
if [ -n "$V1" ] && ((V1 > V0)); then
	ok "API: the version went up ($V0 -> $V1)"
else
	not_ok "API: version $V0 -> '$V1'"
fi

# someone else saves: the editor's version is stale
art=$(curl -fsS --noproxy '*' -m 10 -X PATCH \
	-H "Authorization: Bearer $SUP_TOKEN" -H "If-Match: \"$V1\"" \
	-H 'Content-Type: application/json' \
	-d '{"keywords":["编辑冲突测试"]}' "$URL/v1/kb/articles/$ID") ||
	bail "PATCH through the API"
V2=$(json version <<<"$art")
type 乙
send M-s
check "a stale save says 已被他人修改" wait_for "已被他人修改"
check "the editor reloads the other save (keywords)" wait_for "编辑冲突测试"
T2=$(api GET "/v1/kb/articles/$ID" | json title)
V3=$(api GET "/v1/kb/articles/$ID" | json version)
if [ "$T2" = "$TITLE$SUFFIX" ] && [ "$V3" = "$V2" ]; then
	ok "API: the stale save changed nothing (version $V3)"
else
	not_ok "API: after the stale save: '$T2' version $V3 (expected $V2)"
fi
# M-x expires the article (the last step of its life: agents no longer see it)
send M-x
check "M-x expires: the message shows the new status" wait_re "文章 $ID 状态: expired"
ST=$(api GET "/v1/kb/articles/$ID?status=all" | json status)
if [ "$ST" = expired ]; then
	ok "API: the article is expired"
else
	not_ok "API: status after M-x is '$ST' (expected expired)"
fi
send Escape
# the reader's own hint: the editor also shows 【办事指南】, as a heading
check "Esc returns to the reader" wait_for "Esc 返回列表"
check "the reader shows the new title" wait_for "$TITLE$SUFFIX"
send Escape
check "Esc from the reader: the pane's list" wait_for "Esc 关闭"
send Escape
check "Esc closes the pane" wait_gone "搜索:"

# ---- demo-agent may not edit -------------------------------------------------
client_login || bail "log in as $AGENT_USER"
resize 80 "$ROWS"
send F12
wait_for "搜索:" >/dev/null
type "$Q"
# the edited article is expired now: wait for the new top result
TOP=$(API_TOKEN=$SUP_TOKEN api GET "/v1/kb/search?q=$ENC&limit=1" | json items 0 title)
wait_for "${TOP:0:6}" >/dev/null
send Enter
check "demo-agent: the reader opens" wait_for "【办事指南】"
send e
check "demo-agent: e says 无权编辑" wait_for "无权编辑"
refute "demo-agent: no editor" "M-s 保存"
finish
