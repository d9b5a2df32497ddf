// What a worker knows about one run while it executes it, reachable from anywhere inside that
// run (a connector's HTTP retry, the engine's backoff) through AsyncLocalStorage: the run is
// the async context the job processor starts it in.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkerRun {
  runId: string;
  /** The BullMQ job token of this execution: the run's owner in Redis. */
  token: string;
  workflowId: string;
  /** Unsafe steps the previous owner had started and not finished, by place. */
  inflightBefore: Map<string, string>;
  /** Times the run was parked so far (a cap keeps a service that never relents from looping). */
  parks: number;
  /** The operation executing now may run again safely (no side effects, or idempotent). */
  safeOp: boolean;
  /** The connector step executed last (the one a long wait cuts short). */
  stepId?: string;
  /**
   * Set when the run parks until a time: it comes back as a delayed job at `until`. `cut`: a
   * step was cut short (a long 429 or backoff) and runs again from the last checkpoint; its
   * records are dropped. Not cut: a delay step parked at its own checkpoint.
   */
  park?: { until: number; reason: string; cut: boolean };
  /** Another worker owns the run now: write nothing more and stop. */
  lost: boolean;
  /** Stop the engine at its next safe point. */
  stop(): void;
}

export const currentRun = new AsyncLocalStorage<WorkerRun>();
