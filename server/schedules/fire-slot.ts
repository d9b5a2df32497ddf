// Fire one slot of one workflow: claim it in schedule_fires, start the run, record the outcome.
// Shared by both modes, so the claim makes every slot fire once whichever process gets there.
import type { SchedulerDeps, ScheduleTriggerOutput } from './types.js';
import type { ScheduleStore } from '../db/schedules-repo.js';

export type FireOutcome = 'started' | 'failed' | 'taken' | 'skipped';

export async function fireSlot(
  deps: SchedulerDeps,
  store: ScheduleStore,
  workflowId: string,
  dueAt: number,
  now: () => number,
): Promise<FireOutcome> {
  const wf = deps.getScheduled(workflowId);
  // Switched off or deleted since the slot was planned: the slot lapses.
  if (!wf || !wf.enabled) return 'skipped';
  if (!store.claim(workflowId, dueAt, now())) return 'taken';
  store.prune(workflowId);
  const firedAt = now();
  const trigger: ScheduleTriggerOutput = {
    type: 'schedule',
    dueAt: new Date(dueAt).toISOString(),
    firedAt: new Date(firedAt).toISOString(),
  };
  try {
    const runId = await deps.startRun(workflowId, trigger);
    store.markStarted(workflowId, dueAt, firedAt, runId);
    return 'started';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    store.markFailed(workflowId, dueAt, firedAt, message);
    (deps.log ?? console.warn)(
      `Scheduled run of workflow ${workflowId} due ${trigger.dueAt} could not start: ${message}`,
    );
    return 'failed';
  }
}
