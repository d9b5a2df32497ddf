// The schedule trigger, the one entry point the server wires in: embedded mode runs an
// in-process timer over SQLite; queue mode (REDIS_URL set) uses BullMQ job schedulers.
// Both fire at the instants computed by schedule-math.ts and record fires in SQLite.
import { createEmbeddedScheduler } from './embedded-scheduler.js';
import type { Scheduler, SchedulerDeps } from './types.js';

export type {
  ScheduledWorkflow,
  SchedulerDeps,
  Scheduler,
  ScheduleTriggerOutput,
  RunStatusName,
} from './types.js';
export { nextFireTime, nextFireTimes, ScheduleError } from './schedule-math.js';

/** Queue mode loads BullMQ only when it is used: embedded start-up does not pay for it. */
export async function createScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  if (deps.mode !== 'queue') return createEmbeddedScheduler(deps);
  const { createQueueScheduler } = await import('./queue-scheduler.js');
  return createQueueScheduler(deps);
}
