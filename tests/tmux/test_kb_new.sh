#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: a new knowledge-base article written and published from the
# client (issue #5 §3, the editor; the kbedit key context).
#
# demo-supervisor logs in; F12 and M-n (kb-new) open the editor on an
# empty article.  Every field is typed, with Home and End as tmux sends
# them (ESC [ 1 ~, ESC [ 4 ~) and Up inside the multi-line answer; M-p
# before the first save says to save first; M-s creates the draft (POST
# /v1/kb/articles): through the API it is a draft with exactly the typed
# fields, and an agent's search does not find it.  M-p publishes it:
# through the API it is published and demo-agent's search finds it, also
# in the client's pane.  A rebinding in the kbedit context (C-s kb-save,
# M-s unbound) is obeyed and shown in the editor's hint.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

ROWS=30
# a word the seed does not have, so searches find only this article
WORD=鹦鹉脚环
T_BODY=宠物${WORD}登记
T_WANT=【测试】${T_BODY}流程

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
enc() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"
}

# a category code the server knows: the one of a seed article
SEED=$(api GET "/v1/kb/search?q=$(enc 公积金)&limit=1" | json items 0 id) ||
	bail "GET /v1/kb/search"
CAT=$(api GET "/v1/kb/articles/$SEED" | json category_code)
[ -n "$CAT" ] || bail "the seed article $SEED has a category_code"
N0=$(api GET "/v1/kb/search?q=$(enc "$WORD")&limit=5" | json items | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
if [ "$N0" = 0 ]; then
	ok "the seed has no article for $WORD"
else
	bail "the seed already has $N0 articles for $WORD"
fi

# ---- demo-supervisor writes a new article ------------------------------------
client_start -- --server "$URL" --user demo-supervisor
wait_for 密码 >/dev/null || bail "the login form"
type demo
send Enter
wait_for "$SUP_NAME" >/dev/null || bail "log in as demo-supervisor"
settle >/dev/null 2>&1
resize 100 "$ROWS"
send F12
check "F12 opens the pane" wait_for "搜索:"
send M-n
check "M-n opens the editor on a new article" wait_for "知识库 | 新文章"
check "the hint names the kbedit keys" wait_for "M-s 保存   M-p 发布   M-r 送审   M-x 过期"
check "the title field is empty" wait_re "标题: *$"
# the editor names what a new article lacks; nothing is sent
send M-s
check "an empty new article: 必须填写 标题" wait_for "新文章必须填写: 标题"
# Home and End as tmux sends them (ESC [ 1 ~ / ESC [ 4 ~)
type "$T_BODY"
send Home
type 【测试】
send End
type 流程
check "Home and End in the title: '$T_WANT'" wait_for "标题: $T_WANT"
send Tab
type 养的鹦鹉怎么办理脚环登记？
send Tab
type 您好，鹦鹉脚环登记请携带身份证
send Enter
type 到所在区的服务点办理
# Home goes to the start of the line, Up to the line above, End to its end
send Home
type 并
send Up
send End
type 和免疫证明
check "Enter, Home, Up and End in the answer" wait_for "并到所在区的服务点办理"
send Tab
type 地点：各区野生动物保护站
send Tab
type "${WORD}, 啾啾笼 ,"
send Tab
send M-s
check "no category code: 必须填写 分类代码" wait_for "新文章必须填写: 分类代码"
type "$CAT"
send M-p
check "M-p before the first save: save first" wait_for "新文章请先保存"
send M-s
check "M-s creates the draft" wait_re "文章 [0-9]+ 已创建 \(草稿, 版本 1\)"
ID=$(screen | grep -oE "文章 [0-9]+ 已创建" | grep -oE "[0-9]+" | head -1)
check "the title bar shows the article $ID as a draft" wait_re "知识库 \| 编辑 \| $ID draft v1"
art=$(api GET "/v1/kb/articles/$ID") || bail "GET /v1/kb/articles/$ID"
got=$(python3 -c '
import json, sys
a = json.loads(sys.argv[1])
print("|".join([a["status"], a["title"], a["question"], a["answer"],
                a["sms_guide"], ",".join(a["keywords"]), a["category_code"],
                str(a["version"])]))
' "$art")
want="draft|$T_WANT|养的鹦鹉怎么办理脚环登记？|您好，鹦鹉脚环登记请携带身份证和免疫证明
并到所在区的服务点办理|地点：各区野生动物保护站|$WORD,啾啾笼|$CAT|1"
if [ "$got" = "$want" ]; then
	ok "API: a draft with every typed field"
else
	not_ok "API: the new article is '$got', expected '$want'"
fi

api_login "$AGENT_USER" "$AGENT_PASS" || bail "API login as $AGENT_USER"
AGENT_TOKEN=$API_TOKEN
n=$(api GET "/v1/kb/search?q=$(enc "$WORD")&limit=5" | json items | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
if [ "$n" = 0 ]; then
	ok "API: an agent's search does not find the draft"
else
	not_ok "API: an agent's search finds $n articles for the draft"
fi

send M-r
check "M-r submits the draft for review" wait_re "文章 $ID 状态: review \(版本 [0-9]+\)"
ST=$(API_TOKEN=$SUP_TOKEN api GET "/v1/kb/articles/$ID" | json status)
if [ "$ST" = review ]; then
	ok "API: the article is in review"
else
	not_ok "API: status after M-r is '$ST'"
fi
send M-p
check "M-p publishes" wait_re "文章 $ID 状态: published \(版本 [0-9]+\)"
ST=$(API_TOKEN=$SUP_TOKEN api GET "/v1/kb/articles/$ID" | json status)
if [ "$ST" = published ]; then
	ok "API: the article is published"
else
	not_ok "API: status after M-p is '$ST'"
fi
hit=$(API_TOKEN=$AGENT_TOKEN api GET "/v1/kb/search?q=$(enc "$WORD")&limit=5" | json items 0 id)
if [ "$hit" = "$ID" ]; then
	ok "API: an agent's search for $WORD finds article $ID first"
else
	not_ok "API: an agent's search for $WORD gives '$hit', not $ID"
fi
hit=$(API_TOKEN=$AGENT_TOKEN api GET "/v1/kb/search?q=$(enc 啾啾笼)&limit=5" | json items 0 id)
if [ "$hit" = "$ID" ]; then
	ok "API: the keyword 啾啾笼 finds it too"
else
	not_ok "API: a search for 啾啾笼 gives '$hit', not $ID"
fi

# ---- the kbedit context obeys rebinding ----------------------------------------
# Each Escape waits for the screen it leads to, named by its own hint
# line (the editor also shows 【办事指南】, as a field heading).
READER_HINT="Esc 返回列表"
LIST_HINT="Esc 关闭"
send Escape
check "Esc returns to the reader of the new article" wait_for "$READER_HINT"
check "the reader shows its title" wait_for "$T_WANT"
send Escape
check "Esc from the reader: the pane's list" wait_for "$LIST_HINT"
send Escape
check "Esc from the pane's list closes the pane" wait_gone "搜索:"
send :
type "bind kbedit C-s kb-save"
send Enter
send :
type "unbind kbedit M-s"
send Enter
send F12
wait_for "搜索:" >/dev/null
type "$WORD"
wait_for "$T_WANT" >/dev/null
send Enter
wait_for "$READER_HINT" >/dev/null
send e
check "e opens the editor again" wait_for "知识库 | 编辑 | $ID published"
check "the hint shows the new key" wait_for "C-s 保存"
refute "the hint no longer names M-s" "M-s 保存"
send End
type 乙
send M-s
check "M-s is unbound in the editor now" wait_for "按键未绑定: M-s"
send C-s
check "C-s saves" wait_re "文章 $ID 已保存 \(版本 [0-9]+\)"
T2=$(API_TOKEN=$SUP_TOKEN api GET "/v1/kb/articles/$ID" | json title)
if [ "$T2" = "${T_WANT}乙" ]; then
	ok "API: saved through the rebound key"
else
	not_ok "API: title after C-s is '$T2'"
fi
# the key help opened from the editor starts with the editor's keys
send F1
check "F1 in the editor: help starts with the kbedit section" wait_re "知识库编辑器 \(kbedit\)"
if screen | sed -n 1,8p | grep -q "知识库编辑器 (kbedit)"; then
	ok "the kbedit section is at the top"
else
	not_ok "the kbedit section is not at the top"
fi
check "help lists C-s kb-save" wait_re "C-s +kb-save"
send Escape
check "Esc closes the help" wait_gone "知识库编辑器 (kbedit)"
check "back in the editor" wait_for "C-s 保存"
send Escape
check "Esc from the saved editor: the reader" wait_for "$READER_HINT"
send Escape
check "Esc from the reader: the pane's list" wait_for "$LIST_HINT"
send Escape
check "Esc closes the pane" wait_gone "搜索:"
# :kb-new from the ticket list opens the pane and the editor at once
send :
type kb-new
send Enter
check ":kb-new from the list opens the editor" wait_for "知识库 | 新文章"
send Escape
check "Esc from an unsaved new article returns to the pane's list" wait_for "搜索:"
send Escape
wait_gone "搜索:" >/dev/null

# ---- demo-agent finds it in the pane -------------------------------------------
client_login || bail "log in as $AGENT_USER"
resize 100 "$ROWS"
send F12
wait_for "搜索:" >/dev/null
type "$WORD"
check "demo-agent: the pane finds the published article" wait_for "${T_WANT}乙"
send M-n
check "demo-agent: M-n says 无权编辑" wait_for "无权编辑"
refute "demo-agent: no editor" "新文章"
finish
