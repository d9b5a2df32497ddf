// The embedded run queue: first in, first out, at most `concurrency` runs at a time, and at
// most `perOwner` of them for one person (the one who started the run, or the workflow's
// owner for a webhook or a schedule). Eight forever-loops of one person used to hold every
// slot while everyone else's runs queued: a run whose owner holds their share waits, and the
// next run of someone else goes first.
import type { StepStartEvent } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';
import { asLogger, type Logger } from '../log/logger.js';

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

export interface RunQueueOptions {
  concurrency: number;
  execute: (runId: string) => Promise<void>;
  /** Runs one owner may have executing at once (STEPWISE_USER_CONCURRENCY). Default: see defaultShare. */
  perOwner?: number;
  /** Whose run it is, for the share; null counts as one shared owner. Asked once, at enqueue. */
  ownerOf?: (runId: string) => string | null;
  /**
   * The run's workflow and its `settings.concurrency` (null: no cap): at most that many of its
   * runs execute at once, the others wait their turn. Asked once, at enqueue.
   */
  workflowLimitOf?: (runId: string) => { workflowId: string; limit: number } | null;
  /** Where a run that threw past its executor is reported (a bug, not the run's failure). */
  log?: Logger;
}

/** Three quarters of the slots (at least one): one person can never hold them all. */
export function defaultShare(concurrency: number): number {
  return Math.max(1, Math.floor((concurrency * 3) / 4));
}

export function createRunQueue(options: RunQueueOptions): RunQueue {
  const waiting: {
    runId: string;
    owner: string;
    workflow: { workflowId: string; limit: number } | null;
  }[] = [];
  const active = new Set<Promise<void>>();
  const activeBy = new Map<string, number>();
  const activeOfWorkflow = new Map<string, number>();
  const perOwner = options.perOwner ?? defaultShare(options.concurrency);
  let stopped = false;

  /** The first waiting run whose owner is under their share and workflow under its cap. */
  function next(): number {
    for (let i = 0; i < waiting.length; i++) {
      const { owner, workflow } = waiting[i];
      if ((activeBy.get(owner) ?? 0) >= perOwner) continue;
      if (workflow && (activeOfWorkflow.get(workflow.workflowId) ?? 0) >= workflow.limit) continue;
      return i;
    }
    return -1;
  }

  const count = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n > 0) map.set(key, n);
    else map.delete(key);
  };

  function pump(): void {
    while (!stopped && active.size < options.concurrency && waiting.length > 0) {
      const at = next();
      if (at < 0) return;
      const [{ runId, owner, workflow }] = waiting.splice(at, 1);
      activeBy.set(owner, (activeBy.get(owner) ?? 0) + 1);
      if (workflow) count(activeOfWorkflow, workflow.workflowId, 1);
      const job: Promise<void> = options
        .execute(runId)
        // execute() records its own failures on the run; a throw here is a bug, logged not fatal.
        .catch((err: unknown) =>
          (options.log ?? asLogger(undefined)).error(
            { runId, err },
            `run ${runId}: unexpected error in the queue: ${err instanceof Error ? err.message : String(err)}`,
          ),
        )
        .finally(() => {
          active.delete(job);
          const left = (activeBy.get(owner) ?? 1) - 1;
          if (left > 0) activeBy.set(owner, left);
          else activeBy.delete(owner);
          if (workflow) count(activeOfWorkflow, workflow.workflowId, -1);
          pump();
        });
      active.add(job);
    }
  }

  function workflowLimitOf(runId: string): { workflowId: string; limit: number } | null {
    try {
      return options.workflowLimitOf?.(runId) ?? null;
    } catch {
      return null;
    }
  }

  function ownerOf(runId: string): string {
    try {
      return options.ownerOf?.(runId) ?? '';
    } catch {
      return '';
    }
  }

  return {
    enqueue(runId) {
      waiting.push({ runId, owner: ownerOf(runId), workflow: workflowLimitOf(runId) });
      pump();
    },
    remove(runId) {
      const i = waiting.findIndex((w) => w.runId === runId);
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
