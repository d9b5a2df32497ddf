// Per-credential rate limits shared by every worker (Totango: 100 calls a minute a token):
// each call first takes a place in a sliding one-minute log kept in Redis (redis-scripts.ts,
// PACE), so however many workers run, the service never sees more than its limit in any
// minute. Why not BullMQ's rate limiter: it limits jobs (whole runs) taken off the queue, not
// the calls a run makes, and open-source BullMQ has one limit per queue, not one per key
// (per-group limits are BullMQ Pro). Why a log rather than a token bucket: a bucket of 100
// refilled over a minute lets up to 200 calls through in one 60-second window.
import { randomUUID } from 'node:crypto';
import type { ConnectorEnv } from '../../connectors/index.js';
import type { RedisKeys } from './redis-keys.js';
import type { ScriptedRedis } from './redis-scripts.js';

// A second more than the service's minute: a call takes its place here a few ms before the
// service sees it, and that delay varies; without the margin, the 101st call of a busy minute
// can reach the service a hair less than a minute after the 1st did.
const WINDOW_MS = 61_000;

export function sharedPacer(
  redis: ScriptedRedis,
  keys: RedisKeys,
  clock: NonNullable<ConnectorEnv['clock']>,
): NonNullable<ConnectorEnv['pacer']> {
  return async (key, perMinute, signal) => {
    let waited = 0;
    for (;;) {
      const wait = Number(await redis.swPace(keys.pace(key), perMinute, WINDOW_MS, randomUUID()));
      if (wait <= 0) return waited;
      waited += wait;
      // Through the connectors' clock: in a worker a long wait parks a run that may park.
      await clock.sleep(wait, signal);
    }
  };
}
