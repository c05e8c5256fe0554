-- SPDX-License-Identifier: GPL-3.0-or-later
-- bench/stats_gen.sql - a year of history for bench/stats.sh, written
-- straight into a STOPPED server's database with the sqlite3 CLI:
--   sqlite3 DB -cmd ".parameter set @now EPOCH" \
--     -cmd ".parameter set @tickets N" -cmd ".parameter set @calls N" \
--     -cmd ".parameter set @agents N" < bench/stats_gen.sql
-- The load agents load-0001.. must exist (bench/sse_load.py mkagents).
--
-- Tickets: @tickets spread evenly over 365 days before @now, categories
-- (level 3) and towns in turn; everything older than 20 days is archived
-- or closed; newer ones are open in a realistic mix (handling, to sign,
-- returns, pending extensions, supervised, some past their deadline and
-- already marked overdue, so the deadline timer has no backlog at start).
-- Calls: @calls over the last 48 days (about 20,000 a day at 1 million:
-- 300 seats x 69 calls), 5 % abandoned, answered by the load agents.
-- Agent states: the @agents load agents logged in (READY or NOT_READY).
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE c3 AS
  SELECT code, row_number() OVER (ORDER BY code) - 1 AS k
  FROM categories WHERE length(code) = 6;
CREATE TEMP TABLE tw AS
  SELECT code, row_number() OVER (ORDER BY seq) - 1 AS k
  FROM units WHERE kind IN ('TOWN', 'STREET', 'PARK');
WITH RECURSIVE seq(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < @tickets),
t AS (
  SELECT i, @now - 365 * 86400 + (i * 365 * 86400) / @tickets - (i % 613)
           AS at
  FROM seq)
INSERT INTO tickets (ticket_no, channel, desk, appeal_type, title, content,
  category_code, urgency, town_code, caller_kind, state, created_by,
  created_at, updated_at, version, deadline, lead_unit_code, handling_mode,
  supervised, requested_deadline, overdue)
SELECT printf('BM%014d', i),
  CASE i % 10 WHEN 0 THEN 'WEB' WHEN 1 THEN 'WECHAT' WHEN 2 THEN 'APP'
    WHEN 3 THEN 'PROVINCE' ELSE 'PHONE' END,
  'GENERAL',
  CASE i % 7 WHEN 0 THEN 'CONSULT' WHEN 1 THEN 'HELP' WHEN 2 THEN 'COMPLAINT'
    WHEN 3 THEN 'REPORT' WHEN 4 THEN 'SUGGESTION' WHEN 5 THEN 'CONSULT'
    ELSE 'COMPLAINT' END,
  '压测工单', '压测生成的历史工单。',
  (SELECT code FROM c3 WHERE k = (i * 7) % (SELECT count(*) FROM c3)),
  'NORMAL',
  (SELECT code FROM tw WHERE k = (i * 3) % (SELECT count(*) FROM tw)),
  'PERSON',
  CASE WHEN at < @now - 20 * 86400 THEN
         CASE WHEN i % 3 = 0 THEN 'CLOSED_DIRECT' ELSE 'ARCHIVED' END
       ELSE CASE i % 10 WHEN 0 THEN 'CLOSED_DIRECT' WHEN 1 THEN 'CLOSED_DIRECT'
         WHEN 2 THEN 'PENDING_SIGN' WHEN 3 THEN 'RETURN_REQUESTED'
         WHEN 4 THEN 'REPLIED' WHEN 5 THEN 'PENDING_VISIT'
         ELSE 'HANDLING' END END,
  printf('load-%04d', 1 + i % @agents),
  at, at, 1,
  CASE WHEN at >= @now - 20 * 86400 AND i % 10 NOT IN (0, 1)
       THEN at + 10 * 86400 END,
  (SELECT code FROM tw WHERE k = (i * 3) % (SELECT count(*) FROM tw)),
  CASE WHEN i % 3 = 0 AND at < @now - 20 * 86400 THEN 'DIRECT'
       WHEN at >= @now - 20 * 86400 AND i % 10 IN (0, 1) THEN 'DIRECT'
       ELSE 'TRANSFER' END,
  CASE WHEN at >= @now - 20 * 86400 AND i % 97 = 0 THEN 1 ELSE 0 END,
  CASE WHEN at >= @now - 20 * 86400 AND i % 10 >= 6 AND i % 89 = 0
       THEN at + 20 * 86400 END,
  -- past the deadline: already marked, as the deadline timer would have
  CASE WHEN at >= @now - 20 * 86400 AND i % 10 NOT IN (0, 1)
       AND at + 10 * 86400 < @now THEN 1 ELSE 0 END
FROM t;
WITH RECURSIVE seq(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < @calls),
c AS (
  SELECT i, @now - 48 * 86400 + (i * 48 * 86400) / @calls AS at FROM seq)
INSERT INTO calls (caller, channel, desk, state, agent, training, posted_by,
  offered_at, ringing_at, answered_at, ended_at, wrapped_at, state_since_ms,
  wait_ms, ring_ms, talk_ms, hold_ms, acw_ms, ring_attempts, disposition)
SELECT printf('139%08d', i % 99999991),
  'PHONE', 'GENERAL',
  CASE WHEN i % 20 = 0 THEN 'ABANDONED' ELSE 'ENDED' END,
  CASE WHEN i % 20 = 0 THEN NULL ELSE printf('load-%04d', 1 + i % @agents)
  END,
  0, 'demo-cti', at,
  CASE WHEN i % 20 = 0 THEN NULL ELSE at + i % 25 END,
  CASE WHEN i % 20 = 0 THEN NULL ELSE at + i % 25 + 3 END,
  at + 200, at + 230, at * 1000 + 230000,
  (i % 25) * 1000 + (i % 997), 3000,
  CASE WHEN i % 20 = 0 THEN 0 ELSE 60000 + (i % 240) * 1000 END,
  CASE WHEN i % 20 = 0 THEN 0 ELSE (i % 5) * 1000 END,
  CASE WHEN i % 20 = 0 THEN 0 ELSE 20000 + (i % 40) * 1000 END,
  CASE WHEN i % 20 = 0 THEN 0 ELSE 1 END,
  CASE WHEN i % 20 = 0 THEN NULL ELSE 'DIRECT_ANSWER' END
FROM c;
WITH RECURSIVE seq(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < @agents)
INSERT OR REPLACE INTO agent_states (agent, state, reason, since, since_ms,
  idle_since_ms)
SELECT printf('load-%04d', i),
  CASE WHEN i % 5 = 0 THEN 'NOT_READY' ELSE 'READY' END,
  CASE WHEN i % 5 = 0 THEN 'BREAK' END,
  @now - i * 7, (@now - i * 7) * 1000,
  CASE WHEN i % 5 = 0 THEN NULL ELSE (@now - i * 7) * 1000 END
FROM seq;
COMMIT;
