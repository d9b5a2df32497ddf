// Every Redis key queue mode uses besides BullMQ's own, under `<prefix>:sw:` (BullMQ's are
// under `<prefix>:stepwise-runs:`). docs/operations.md lists them.
export const RUN_QUEUE = 'stepwise-runs';

export function redisKeys(prefix: string) {
  const base = `${prefix}:sw`;
  return {
    /** A value sealed with the API's key: a worker with another key refuses to start. */
    keyCheck: `${base}:key-check`,
    /** Every report of every run, in order, for the API to drain into SQLite. */
    events: `${base}:events`,
    /** The drain's consumer group on `events`. */
    drainGroup: 'api',
    /** Held by the one API process that drains (renewed while it lives). */
    drainLock: `${base}:drain-lock`,
    /** Cancel requests: every worker listens. */
    cancelChannel: `${base}:cancel`,
    /** Workers by id, scored by when each was last seen (ms). */
    workers: `${base}:workers`,
    /** A run's package and state (hash): sealed package, checkpoint, seq, owner, status. */
    run: (runId: string) => `${base}:run:${runId}`,
    /** A run's steps started without a safe way to repeat them and not finished (place -> step id). */
    inflight: (runId: string) => `${base}:run:${runId}:inflight`,
    /** A workflow version's document (JSON; documents hold ids of authentications, never secrets). */
    workflow: (workflowId: string, version: number) => `${base}:wf:${workflowId}:${version}`,
    /** Connectors' per-step state (hash of sealed values). */
    stepState: (workflowId: string, stepId: string) => `${base}:state:${workflowId}:${stepId}`,
    /** Runs of a workflow holding one of its `concurrency` slots (zset: run id -> lease expiry). */
    slots: (workflowId: string) => `${base}:slots:${workflowId}`,
    /** Runs of a workflow waiting for a slot (zset: run id -> when they started waiting). */
    slotWaiters: (workflowId: string) => `${base}:slot-waiters:${workflowId}`,
    /** Calls made with one credential in the last minute (zset), for shared rate limits. */
    pace: (key: string) => `${base}:pace:${key}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
