// What the status page (GET /api/status) and the /metrics gauges read about the server now:
// the run queue, the data folder, the workers (queue mode), the last retention pass. Embedded
// mode reads the in-process queue; queue mode replaces `queue` and adds `workersSeen`.
import { waitingRunCount } from '../db/run-counts.js';
import type { Services } from '../services/index.js';
import type { RetentionState } from '../services/run-service.js';
import type { QueueMode } from '../queue/queue-mode.js';

export interface QueueState {
  /** Runs queued and not executing yet (null: Redis does not answer). */
  depth: number | null;
  /** Runs executing now (null: Redis does not answer). */
  running: number | null;
  /** Runs parked by a delay or a call step. */
  waiting: number;
}

export interface ServerState {
  mode: 'embedded' | 'queue';
  version: string;
  /** When this process started (ms since epoch). */
  startedAt: number;
  queue(): Promise<QueueState>;
  /** Bytes in the data folder; absent where there is no data folder (a bare test app). */
  dataBytes?(): Promise<number>;
  /** Queue mode: workers seen in the last 30 s. */
  workersSeen?(): number;
  /** Queue mode: whether Redis answers. */
  redis?(): 'up' | 'down';
  /** The retention clean-up (STEPWISE_RETENTION_DAYS): its window and its last pass. */
  retention?(): RetentionState;
}

/** Embedded mode: the in-process queue and the waiting runs in SQLite. */
export function embeddedState(
  services: Services,
  fields: Pick<ServerState, 'version'> & Partial<ServerState>,
): ServerState {
  return {
    mode: 'embedded',
    startedAt: Date.now(),
    async queue() {
      return {
        depth: services.queue.waiting,
        running: services.queue.active,
        waiting: waitingRunCount(services.store.db),
      };
    },
    retention: () => services.runs.retention(),
    ...fields,
  };
}

/** Queue mode: runs queued and executing are counted in Redis (BullMQ), workers by their heartbeat. */
export function queueModeState(
  services: Services,
  queueMode: Pick<QueueMode, 'counts' | 'health'>,
  fields: Pick<ServerState, 'version'> & Partial<ServerState>,
): ServerState {
  return {
    ...embeddedState(services, fields),
    mode: 'queue',
    async queue() {
      const waiting = waitingRunCount(services.store.db);
      try {
        const { queued, active } = await queueMode.counts();
        return { depth: queued, running: active, waiting };
      } catch {
        return { depth: null, running: null, waiting };
      }
    },
    workersSeen: () => queueMode.health().workers,
    redis: () => queueMode.health().redis,
  };
}
