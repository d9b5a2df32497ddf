// What the SQLite side of runs shares: the store, live events, rows, waiters, the checkpoint
// codec, the clock and the log. Built once by createRunService.
import type { Store } from '../db/store.js';
import type { Cipher } from '../services/cipher.js';
import { createCheckpointCodec } from '../services/checkpoint-codec.js';
import type { RunEvents } from '../services/run-events.js';
import type { WorkflowService } from '../services/workflow-service.js';
import { createRunRows, type RunRows } from './run-rows.js';
import { createRunWaiters, type RunWaiters } from './run-waiters.js';
import type { StoredState } from './checkpoint-store.js';
import { newOwner, type Owner } from './leases/owner.js';
import { asLogger, type Logger } from '../log/logger.js';

export interface RunCore {
  store: Store;
  workflows: WorkflowService;
  events: RunEvents;
  rows: RunRows;
  waiters: RunWaiters;
  checkpoints: ReturnType<typeof createCheckpointCodec>;
  cipher: Cipher;
  /** This process as the owner of the runs it queues and executes. */
  owner: Owner;
  /** How long an owner's claim holds without a heartbeat. */
  leaseMs: number;
  /** What a resumed run's stored checkpoint holds: set by the source, taken by the sink. */
  storedStates: Map<string, StoredState>;
  now: () => number;
  iso: () => string;
  log: Logger;
  /**
   * Waiting runs: wake one (queued again, resumes from its checkpoint) and tell the parking lot
   * of a new resume time. Set by createRunService once its queue and parking lot exist.
   */
  waits: { wake(runId: string): void; parkedUntil(runId: string, resumeAt: string): void };
}

export function createRunCore(deps: {
  store: Store;
  workflows: WorkflowService;
  events: RunEvents;
  cipher: Cipher;
  now?: () => number;
  log?: Logger | ((message: string) => void);
  owner?: Owner;
  leaseMs?: number;
}): RunCore {
  const now = deps.now ?? Date.now;
  return {
    store: deps.store,
    workflows: deps.workflows,
    events: deps.events,
    rows: createRunRows(deps.store),
    waiters: createRunWaiters(),
    checkpoints: createCheckpointCodec(deps.cipher),
    cipher: deps.cipher,
    storedStates: new Map(),
    owner: deps.owner ?? newOwner(),
    leaseMs: deps.leaseMs ?? 30_000,
    now,
    iso: () => new Date(now()).toISOString(),
    log: asLogger(deps.log),
    waits: { wake: () => {}, parkedUntil: () => {} },
  };
}
