// The schedule trigger: one entry point the server wires in (see /work/briefs/schedules.md).
// This is the interface stub; the implementation follows in later commits.
import { Router } from 'express';
import type { Database } from 'better-sqlite3';
import type { Schedule } from '../../engine/model/workflow.schema.js';

export interface ScheduledWorkflow { workflowId: string; name: string; ownerId: string; schedule: Schedule; enabled: boolean }

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
  runStatuses(runIds: string[]): Record<string, 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'>;
  /** Controllable clock for tests. */
  now?: () => number;
}

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  workflowChanged(workflowId: string): Promise<void>;
  router: Router;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  void deps;
  return {
    async start() {},
    async stop() {},
    async workflowChanged() {},
    router: Router(),
  };
}
