// Embedded mode: an in-process timer over schedule_state. Each schedule's next slot lives in
// SQLite, so a restart knows what was missed; the claim in schedule_fires makes a slot fire
// once even when several processes share the file.
import { createScheduleStore, type ScheduleStore } from '../db/schedules-repo.js';
import { latestFireTime, nextFireTime } from './schedule-math.js';
import { syncState } from './sync-state.js';
import { fireSlot } from './fire-slot.js';
import { createSchedulesRouter } from './routes.js';
import type { Scheduler, SchedulerDeps } from './types.js';

/** The longest sleep, so a changed system clock or a sleeping laptop is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;

export interface EmbeddedScheduler extends Scheduler {
  /** Fire every schedule that is due at the clock's now; returns how many runs were started. */
  runDueSchedules(): Promise<number>;
}

export function createEmbeddedScheduler(
  deps: SchedulerDeps,
  store: ScheduleStore = createScheduleStore(deps.db),
): EmbeddedScheduler {
  const now = deps.now ?? Date.now;
  const math = deps.math ?? {};
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  // One pass at a time: the timer and an explicit call must not fire the same slot twice.
  let pass: Promise<number> = Promise.resolve(0);

  async function duePass(): Promise<number> {
    const at = now();
    let started = 0;
    for (const row of store.due(at)) {
      if (row.nextDueAt === null) continue;
      // One workflow's failure must not hold up the others' slots.
      try {
        // After downtime only the most recent missed slot runs (no burst of catch-up runs).
        const dueAt = latestFireTime(
          row.schedule,
          new Date(at),
          new Date(row.nextDueAt),
          math,
        ).getTime();
        const next =
          nextFireTime(row.schedule, new Date(Math.max(at, dueAt)), math)?.getTime() ?? null;
        // Another process sharing the file may have moved this slot on already; the claim
        // below still decides who fires it.
        store.advance(row.workflowId, row.nextDueAt, next, at);
        if ((await fireSlot(deps, store, row.workflowId, dueAt, now)) === 'started') started++;
      } catch (err) {
        (deps.log ?? console.warn)(
          `Schedule of workflow ${row.workflowId}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    return started;
  }

  function runDueSchedules(): Promise<number> {
    pass = pass.catch(() => 0).then(duePass);
    return pass;
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!running || deps.autoTick === false) return;
    const earliest = store.earliestDue();
    const delay =
      earliest === null ? MAX_SLEEP_MS : Math.min(Math.max(earliest - now(), 0), MAX_SLEEP_MS);
    timer = setTimeout(() => {
      runDueSchedules()
        .catch((err: unknown) =>
          (deps.log ?? console.warn)(
            `Scheduler pass failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        )
        .finally(arm);
    }, delay);
    timer.unref();
  }

  function syncAll(): void {
    const at = now();
    const listed = deps.listScheduled();
    const ids = new Set(listed.map((wf) => wf.workflowId));
    for (const wf of listed) syncState(store, wf.workflowId, wf, at, math);
    for (const row of store.all()) if (!ids.has(row.workflowId)) store.remove(row.workflowId);
  }

  return {
    router: createSchedulesRouter(deps, store),
    runDueSchedules,
    async start() {
      running = true;
      syncAll();
      await runDueSchedules();
      arm();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await pass.catch(() => 0);
    },
    async workflowChanged(workflowId: string) {
      syncState(store, workflowId, deps.getScheduled(workflowId), now(), math);
      arm();
    },
  };
}
