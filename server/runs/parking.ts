// The parking lot: runs parked by a delay wait here for their resume time. They hold no
// worker, no concurrency slot and no in-memory timer that matters: the time is in the runs
// table (`resume_at`), and the one timer armed here is only ever "look again at the earliest
// resume time", rebuilt from the table at start. So a restart, or a server that was down at
// the time, wakes them as soon as it looks. Queue mode can implement RunParking with a BullMQ
// delayed job per run instead; the executor and the sink do not change.
import type { Store } from '../db/store.js';
import type { Logger } from '../log/logger.js';

export interface RunParking {
  /** A run was parked until `resumeAt` (ISO): wake it then, also after a restart. */
  parkedUntil(runId: string, resumeAt: string): void;
  /** Start watching: wakes what is already due, and arms for the rest (at server start). */
  start(): void;
  stop(): void;
}

/** A timer is never armed further ahead than this: long delays are looked at again hourly. */
const MAX_TIMER_MS = 3600_000;

export function createEmbeddedParking(deps: {
  store: Store;
  now: () => number;
  /** Wake a due run (it is queued again and resumes from its checkpoint). */
  wake: (runId: string) => void;
  log: Logger;
}): RunParking {
  const { store, now, wake } = deps;
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Number.POSITIVE_INFINITY;
  let running = false;

  function arm(at: number): void {
    if (!running || at >= armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = at;
    timer = setTimeout(tick, Math.max(0, Math.min(at - now(), MAX_TIMER_MS)));
    // Waiting for a resume time must not keep a process alive on its own.
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    if (!running) return;
    try {
      for (const runId of store.runs.due(new Date(now()).toISOString())) wake(runId);
      const next = store.runs.nextResumeAt();
      if (next) arm(Date.parse(next));
    } catch (err) {
      deps.log.error(
        `parked runs: could not wake the due ones (${err instanceof Error ? err.message : String(err)}); trying again in a minute`,
      );
      arm(now() + 60_000);
    }
  }

  return {
    parkedUntil(_runId, resumeAt) {
      arm(Date.parse(resumeAt));
    },
    start() {
      running = true;
      tick();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedFor = Number.POSITIVE_INFINITY;
    },
  };
}
