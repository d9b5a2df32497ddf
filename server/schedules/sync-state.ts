// Keep a workflow's row in schedule_state in line with its saved trigger. Shared by both modes.
import type { ScheduledWorkflow } from './types.js';
import { canonicalJson, type ScheduleStore, type ScheduleStateRow } from '../db/schedules-repo.js';
import {
  nextFireTime,
  ScheduleError,
  scheduleProblems,
  type ScheduleMathOptions,
} from './schedule-math.js';

export type SyncOutcome = 'removed' | 'unchanged' | 'changed';

function firstSlot(
  wf: ScheduledWorkflow,
  now: number,
  math: ScheduleMathOptions,
): { nextDueAt: number | null; problem: string | null } {
  try {
    const next = nextFireTime(wf.schedule, new Date(now), math);
    return next
      ? { nextDueAt: next.getTime(), problem: null }
      : { nextDueAt: null, problem: 'This schedule never fires.' };
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    return { nextDueAt: null, problem: describeProblems(wf, now, math, err) };
  }
}

/** Every reason the schedule cannot fire (a bad cron and a bad timezone both), one line. */
export function describeProblems(
  wf: ScheduledWorkflow,
  now: number,
  math: ScheduleMathOptions,
  first: ScheduleError,
): string {
  const all = scheduleProblems(wf.schedule, math, new Date(now));
  return (all.length > 0 ? all : [first]).map((p) => `${p.path}: ${p.message}`).join(' ');
}

/**
 * A new or changed schedule, or one switched back on, starts at its next slot after `now`
 * (nothing is caught up). An unchanged one keeps its stored slot, so a slot missed while the
 * server was down is still seen as due. A switched-off one keeps its schedule but no slot.
 */
export function syncState(
  store: ScheduleStore,
  workflowId: string,
  wf: ScheduledWorkflow | null,
  now: number,
  math: ScheduleMathOptions,
): { outcome: SyncOutcome; row: ScheduleStateRow | null } {
  if (!wf) {
    const had = store.get(workflowId) !== null;
    store.remove(workflowId);
    return { outcome: had ? 'removed' : 'unchanged', row: null };
  }
  const existing = store.get(workflowId);
  const sameSchedule = existing?.scheduleJson === canonicalJson(wf.schedule);
  if (existing && sameSchedule && existing.enabled === wf.enabled)
    return { outcome: 'unchanged', row: existing };
  const slot = wf.enabled ? firstSlot(wf, now, math) : { nextDueAt: null, problem: null };
  store.put({ workflowId, schedule: wf.schedule, enabled: wf.enabled, ...slot }, now);
  return { outcome: 'changed', row: store.get(workflowId) };
}
