-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: POST /v1/tickets, a new Idempotency-Key on every request.
-- Usage: wrk ... -s bench/post_ticket.lua URL -- TOKEN RUN_ID [BODY]
-- Keys are "bench-<run>-<thread>-<counter>", so no two requests of a run
-- (or of two runs) share one and every request creates a ticket.

local threads = {}
local next_id = 0

function setup(thread)
	next_id = next_id + 1
	thread:set("tid", next_id)
	table.insert(threads, thread)
end

local token, run, counter, me
-- The minimal valid create body (server/tkrec.h: channel, appeal_type,
-- title, content and category_code are required; 1401 办事指南咨询 has no
-- required form fields).  bench/server.sh passes the same body as args[3].
local body = '{"channel":"PHONE","desk":"GENERAL","appeal_type":"CONSULT",' ..
	'"title":"压测：咨询办事指南","content":"基准测试生成的工单。",' ..
	'"category_code":"1401","caller_phone":"13800000000"}'

function init(args)
	token = args[1] or ""
	run = args[2] or tostring(os.time())
	body = args[3] or body
	counter = 0
	me = tid or 0 -- the global set by setup() in this thread's state
	wrk.method = "POST"
	wrk.body = body
	wrk.headers["Content-Type"] = "application/json"
	wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
	counter = counter + 1
	wrk.headers["Idempotency-Key"] =
		string.format("bench-%s-%d-%d", run, me, counter)
	return wrk.format()
end

-- Count replies other than 201 (a global, so done() can read it from each
-- thread) and show the first one, which usually says what is wrong.
non201 = 0
function response(status, headers, body)
	if status ~= 201 then
		non201 = non201 + 1
		if non201 == 1 then
			io.stderr:write(string.format("first non-201 reply: %d %s\n",
				status, string.sub(body or "", 1, 300)))
		end
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, thread in ipairs(threads) do
		n = n + (thread:get("non201") or 0)
	end
	io.write(string.format("non-201 replies: %d\n", n))
end
