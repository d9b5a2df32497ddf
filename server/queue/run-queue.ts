// The embedded run queue: first in, first out, at most `concurrency` runs at a time.
import type { StepStartEvent } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';

export interface RunQueue {
  /** Queue mode resolves once the run is in Redis, and rejects (503) when it cannot be. */
  enqueue(runId: string): void | Promise<void>;
  /** Take a run off the queue before it starts; false when it is not waiting. */
  remove(runId: string): boolean;
  /** Queue mode: throws ApiError UNAVAILABLE when a run could not be queued now (Redis down). */
  admit?(): void;
  /**
   * Queue mode: hand over a run just started. Rejects with ApiError UNAVAILABLE (503), after
   * ending the run, when it cannot be; `enqueue` (a woken or recovered run) only logs.
   */
  enqueueNew?(runId: string): Promise<void>;
  /** Queue mode: cancel the run wherever it is (waiting in Redis, or on any worker). */
  cancel?(runId: string): Promise<RunJson>;
  /** Queue mode: steps running now on a worker, not yet recorded. */
  runningSteps?(runId: string): StepStartEvent[];
  readonly waiting: number;
  readonly active: number;
  /** Stop starting runs; resolves when the active ones have ended (or after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export function createRunQueue(options: {
  concurrency: number;
  execute: (runId: string) => Promise<void>;
}): RunQueue {
  const waiting: string[] = [];
  const active = new Set<Promise<void>>();
  let stopped = false;

  function pump(): void {
    while (!stopped && active.size < options.concurrency && waiting.length > 0) {
      const runId = waiting.shift()!;
      const job: Promise<void> = options
        .execute(runId)
        // execute() records its own failures on the run; a throw here is a bug, logged not fatal.
        .catch((err: unknown) =>
          console.error(
            `run ${runId}: unexpected error in the queue:`,
            err instanceof Error ? err.message : err,
          ),
        )
        .finally(() => {
          active.delete(job);
          pump();
        });
      active.add(job);
    }
  }

  return {
    enqueue(runId) {
      waiting.push(runId);
      pump();
    },
    remove(runId) {
      const i = waiting.indexOf(runId);
      if (i < 0) return false;
      waiting.splice(i, 1);
      return true;
    },
    get waiting() {
      return waiting.length;
    },
    get active() {
      return active.size;
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...active]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
