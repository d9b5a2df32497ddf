// The Lua scripts queue mode runs in Redis. Each is one atomic step, so what a worker reports
// and the run's state in Redis never disagree, and a worker that has lost a run (another
// worker claimed it after this one stalled) can no longer write anything for it.
import type { Redis } from 'ioredis';

// Milliseconds from Redis's own clock: every worker and API process counts in one time.
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Publish a run (API): create its hash only if it does not exist (a run being executed keeps
 * its state), and store its workflow version. Returns 1 when created.
 * KEYS: run, workflow. ARGV: workflow JSON ('': already there), its ttl in seconds, then the
 * run's field/value pairs. Returns { created (1 or 0), version stored (1 or 0) }.
 */
const PUBLISH = `
if ARGV[1] ~= '' then redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2]) end
local version = redis.call('EXISTS', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, version} end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
return {1, version}`;

/**
 * Claim a run for one execution (worker): take a slot of the workflow's concurrency, become
 * its owner, count a resume when the last owner stopped while it was running.
 * KEYS: run, inflight, slots, slot waiters, events. ARGV: owner token, run id, slot lease ms,
 * the "started" report (JSON).
 * Returns { 'unknown' } | { 'done' } | { 'wait' } | { 'ok', pkg, ckpt, seq, cancel, resumes,
 * parks, workflowId, version, place1, step1, place2, step2, ... }.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'done' then return {'done'} end
local cancel = redis.call('HGET', KEYS[1], 'cancel') or ''
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit') or '0') or 0
${NOW}
if limit > 0 and cancel ~= '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if not redis.call('ZSCORE', KEYS[3], ARGV[2]) and redis.call('ZCARD', KEYS[3]) >= limit then
    redis.call('ZADD', KEYS[4], 'NX', now, ARGV[2])
    return {'wait'}
  end
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('ZREM', KEYS[4], ARGV[2])
end
local resumes = tonumber(redis.call('HGET', KEYS[1], 'resumes') or '0')
if status == 'running' then resumes = redis.call('HINCRBY', KEYS[1], 'resumes', 1) end
-- Running from here: a worker that dies now counts as a resume (the crash-loop guard).
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'status', 'running')
redis.call('XADD', KEYS[5], '*', 'run', ARGV[2], 'r', ARGV[4])
local out = {'ok', redis.call('HGET', KEYS[1], 'pkg') or '', redis.call('HGET', KEYS[1], 'ckpt') or '',
  redis.call('HGET', KEYS[1], 'seq') or '0', cancel, tostring(resumes),
  redis.call('HGET', KEYS[1], 'parks') or '0', redis.call('HGET', KEYS[1], 'wf') or '',
  redis.call('HGET', KEYS[1], 'v') or '0'}
local inflight = redis.call('HGETALL', KEYS[2])
for i = 1, #inflight do out[#out + 1] = inflight[i] end
return out`;

/**
 * A worker's reports for one run (worker): checked against the owner, applied to the run's
 * state and appended to the events stream in one step.
 * KEYS: run, inflight, events, slots, slot waiters.
 * ARGV: owner token, run id, reports JSON, checkpoint text or '', control JSON
 *   { seq?, status?, sensitive?, set?: [place, stepId], del?: [place...], park?: true, release?: true }.
 * Returns { 'lost' } | { 'ok', cancel ('1' or ''), next waiting run id or '' }.
 */
const WRITE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return {'lost'} end
local c = cjson.decode(ARGV[5])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'ckpt', ARGV[4]) end
if c.seq then redis.call('HSET', KEYS[1], 'seq', c.seq) end
if c.status then redis.call('HSET', KEYS[1], 'status', c.status) end
if c.sensitive then redis.call('HSET', KEYS[1], 'sensitive', '1') end
if c.del then for _, place in ipairs(c.del) do redis.call('HDEL', KEYS[2], place) end end
if c.set then redis.call('HSET', KEYS[2], c.set[1], c.set[2]) end
if c.park then redis.call('HINCRBY', KEYS[1], 'parks', 1) end
local nextRun = ''
if c.release then
  redis.call('ZREM', KEYS[4], ARGV[2])
  local waiting = redis.call('ZPOPMIN', KEYS[5], 1)
  if waiting[1] then nextRun = waiting[1] end
end
if ARGV[3] ~= '[]' or ARGV[4] ~= '' then
  if ARGV[4] ~= '' then
    redis.call('XADD', KEYS[3], '*', 'run', ARGV[2], 'r', ARGV[3], 'c', ARGV[4])
  else
    redis.call('XADD', KEYS[3], '*', 'run', ARGV[2], 'r', ARGV[3])
  end
end
local cancel = redis.call('HGET', KEYS[1], 'cancel') or ''
return {'ok', cancel, nextRun}`;

/**
 * Shared rate limit (worker): one more call with this credential if fewer than `limit` were
 * made in the last `window` ms by anyone, else how long until one fits. A sliding log, not a
 * token bucket: "100 a minute" then holds for every 60-second window, as the service counts.
 * KEYS: pace. ARGV: limit, window ms, a unique member. Returns 0 (go) or the ms to wait.
 */
const PACE = `
${NOW}
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

/** Renew the slot leases of runs this worker executes. KEYS: slots... ARGV: lease ms, run ids (one per key). */
const RENEW_SLOTS = `
${NOW}
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 'XX', now + tonumber(ARGV[1]), ARGV[i + 1]) end
return #KEYS`;

/** Ask for a run's cancellation (API). KEYS: run. Returns 1 when the run is known. */
const REQUEST_CANCEL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'cancel', '1')
return 1`;

export interface QueueScripts {
  swPublish(run: string, workflow: string, ...args: (string | number)[]): Promise<[number, number]>;
  swClaim(
    run: string,
    inflight: string,
    slots: string,
    waiters: string,
    events: string,
    token: string,
    runId: string,
    leaseMs: number,
    started: string,
  ): Promise<string[]>;
  swWrite(
    run: string,
    inflight: string,
    events: string,
    slots: string,
    waiters: string,
    token: string,
    runId: string,
    reports: string,
    checkpoint: string,
    control: string,
  ): Promise<string[]>;
  swPace(key: string, limit: number, windowMs: number, member: string): Promise<number>;
  swRenewSlots(numKeys: number, ...args: (string | number)[]): Promise<number>;
  swRequestCancel(run: string): Promise<number>;
}

export type ScriptedRedis = Redis & QueueScripts;

/** Define the scripts on a connection (ioredis sends EVALSHA and falls back to EVAL). */
export function withScripts(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.swClaim === 'function') return r;
  redis.defineCommand('swPublish', { numberOfKeys: 2, lua: PUBLISH });
  redis.defineCommand('swClaim', { numberOfKeys: 5, lua: CLAIM });
  redis.defineCommand('swWrite', { numberOfKeys: 5, lua: WRITE });
  redis.defineCommand('swPace', { numberOfKeys: 1, lua: PACE });
  redis.defineCommand('swRenewSlots', { lua: RENEW_SLOTS });
  redis.defineCommand('swRequestCancel', { numberOfKeys: 1, lua: REQUEST_CANCEL });
  return r;
}
