#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Black-box: the training results list and grade card (issue #7 §3).
#
# The trainer posts two graded results through the API, one for demo-agent
# (公积金提取咨询) and one for demo-agent2 (欠薪求助).  Logged in as the
# trainer, T in the ticket list opens 【培训】练习成绩: both are listed;
# :filter demo-agent2 leaves only that trainee's; Enter opens its grade
# card with each check (name, weight, ✓/✗, detail); Esc goes back.  55
# results of demo-agent3 come a page of 50 at a time: G (last) loads the
# rest from the server's cursor.  Then
# demo-agent opens the view and sees only its own result.
cd "$(dirname "$0")/../.." || exit 2
. tests/tmux/lib.sh

server_start || bail "hotlined starts"
api_login demo-trainer demo || bail "API login as the trainer"

post() { # TRAINEE SCENARIO TITLE SCORE PASSED CHECKS
	api POST /v1/training/results "$(printf '{"scenario":"%s","title":"%s","trainee":"%s","mode":"practice","score":%s,"max_score":100,"passed":%s,"duration_s":245,"started_at":"2026-11-28T20:18:50Z","checks":%s}' \
		"$2" "$3" "$1" "$4" "$5" "$6")" >/dev/null
}
post demo-agent gjj-withdraw 公积金提取咨询 90 true \
	'[{"name":"开场白","weight":10,"passed":true,"detail":"说了工号"}]' ||
	bail "post demo-agent's result"
post demo-agent2 wage-arrears 欠薪求助 40 false \
	'[{"name":"开场白","weight":10,"passed":true,"detail":"说了工号"},{"name":"承办单位","weight":30,"passed":false,"detail":"应转人社分局"}]' ||
	bail "post demo-agent2's result"
ok "API: two results posted by the trainer"

AGENT_USER=demo-trainer
AGENT_NAME=$(awk -F '\t' '$1 == "demo-trainer" { print $2 }' data/agents.tsv)
client_login || bail "log in as demo-trainer"
send T
check "T opens the training results" wait_for "【培训】练习成绩"
check "demo-agent's result is listed" wait_for "公积金提取咨询"
check "demo-agent2's result is listed" wait_for "欠薪求助"
check "score and per cent shown" wait_re "40/100 +40%"
check "the count says 2" wait_for "2 条"

send :
type "filter demo-agent2"
send Enter
check "filter: the title names the trainee" wait_for "练习成绩 | demo-agent2"
check "filter: the other trainee's result is gone" wait_gone "公积金提取咨询"
check "filter: demo-agent2's result stays" wait_for "欠薪求助"
send Enter
check "Enter opens the grade card" wait_for "成绩单 #"
check "the card shows a failed check with its detail" wait_re "✗ +30 承办单位 +应转人社分局"
check "the card shows a passed check" wait_re "✓ +10 开场白 +说了工号"
check "the card shows the score" wait_for "得分 40/100 (40%)"
send Escape
check "Esc returns to the list" wait_gone "成绩单 #"
check "the list is still filtered" wait_for "欠薪求助"
send Escape
check "Esc again closes the view" wait_for "我的工单"

# ---- paged from the server as the selection moves down ----------------------
n=0
for i in $(seq 1 55); do
	post demo-agent3 "noise-$i" "夜间施工噪音投诉 $i" 70 false '[]' && n=$((n + 1))
done
[ "$n" = 55 ] && ok "API: 55 results for demo-agent3" || not_ok "posted $n of 55"
send :
type "training-results demo-agent3"
send Enter
check "the first page holds 50 and says there is more" wait_for "50 条, 还有更多"
check "newest first" wait_for "夜间施工噪音投诉 55"
send G
check "moving to the end loads the next page" wait_for "55 条"
check "no more pages" wait_gone "还有更多"
send G
check "the oldest is reached" wait_for "夜间施工噪音投诉 1 "

AGENT_USER=demo-agent
AGENT_NAME=$(awk -F '\t' '$1 == "demo-agent" { print $2 }' data/agents.tsv)
client_login || bail "log in as demo-agent"
send :
type "training-results demo-agent2"
send Enter
check "an agent is told it sees only its own" wait_for "坐席只能查看自己的培训成绩"
check "an agent's view is its own" wait_for "练习成绩 | demo-agent"
check "an agent sees its own result" wait_for "公积金提取咨询"
check "an agent does not see another's" wait_gone "欠薪求助"
finish
