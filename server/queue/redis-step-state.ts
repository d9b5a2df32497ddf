// Connectors' per-step state (sync cursors) for a worker: read from and written to Redis,
// sealed, and reported through the events stream so the API keeps SQLite's copy current (and
// can seed Redis again from it).
import type { StepStateStore } from '../../engine/index.js';
import type { RedisKeys } from './redis-keys.js';
import type { RunReport } from './run-reports.js';
import type { Sealer } from './sealed.js';
import type { Redis } from 'ioredis';

export const stateAad = (workflowId: string, stepId: string, key: string): string =>
  `state:${workflowId}:${stepId}:${key}`;

export function redisStepState(deps: {
  redis: Redis;
  keys: RedisKeys;
  sealer: Sealer;
  workflowId: string;
  stepId: string;
  /** Hands the change to the run's writer, which sends it with its next write. */
  report(report: RunReport): void;
}): StepStateStore {
  const { redis, keys, sealer, workflowId, stepId } = deps;
  const hash = keys.stepState(workflowId, stepId);
  return {
    async get(key) {
      const text = await redis.hget(hash, key);
      return text === null ? undefined : sealer.open(text, stateAad(workflowId, stepId, key));
    },
    async set(key, value) {
      const sealed = sealer.seal(value ?? null, stateAad(workflowId, stepId, key));
      await redis.hset(hash, key, sealed);
      deps.report({ t: 'state', workflowId, stepId, key, value: sealed });
    },
  };
}
