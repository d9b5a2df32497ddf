// The scheduler's contract with the server: what start-server.ts hands the scheduler and what
// it gets back (docs/schedules.md "For developers" describes both modes).
import type { Router } from 'express';
import type { Database } from 'better-sqlite3';
import type { Schedule } from '../../engine/index.js';
import type { ScheduleMathOptions } from './schedule-math.js';

export interface ScheduledWorkflow {
  workflowId: string;
  name: string;
  ownerId: string;
  schedule: Schedule;
  enabled: boolean;
}

export type RunStatusName = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface SchedulerDeps {
  /** The server's SQLite handle; our tables come from migrations 010-019. */
  db: Database;
  mode: 'embedded' | 'queue';
  redisUrl?: string;
  /** Every non-deleted workflow whose latest version has a schedule trigger. */
  listScheduled(): ScheduledWorkflow[];
  getScheduled(workflowId: string): ScheduledWorkflow | null;
  /** Queues a run as the workflow's owner; returns the run id. */
  startRun(workflowId: string, trigger: unknown): Promise<string>;
  runStatuses(runIds: string[]): Record<string, RunStatusName>;
  /** Controllable clock for tests. */
  now?: () => number;
  /** Queue mode: BullMQ key prefix (tests use a random one so runs never meet). Default "stepwise". */
  queuePrefix?: string;
  /** Embedded mode: false leaves the timer off, so a test drives the scheduler with runDueSchedules(). */
  autoTick?: boolean;
  /** Test-only schedule maths options (a cron with seconds for short slots). */
  math?: ScheduleMathOptions;
  /** Where the scheduler reports a run it could not start. Default console.warn. */
  log?: (message: string) => void;
}

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  workflowChanged(workflowId: string): Promise<void>;
  router: Router;
}

/** What the schedule trigger hands to a run as `$.trigger`. */
export interface ScheduleTriggerOutput {
  type: 'schedule';
  dueAt: string;
  firedAt: string;
}
