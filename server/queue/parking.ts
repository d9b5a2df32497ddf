// Parking instead of sleeping: in a worker, a wait longer than STEPWISE_PARK_AFTER_SECONDS
// (a 429's Retry-After, a shared rate limit's window, an error policy's backoff) does not hold
// a worker slot. The run stops where it is, its job goes back to BullMQ as a delayed job, and
// it resumes from its last completed step when the time comes. A step is only cut short this
// way when running it again is safe (no side effects or an idempotency key); otherwise it
// sleeps as it would in embedded mode.
import { StepError } from '../../engine/index.js';
import type { ConnectorEnv } from '../../connectors/index.js';
import { currentRun, type WorkerRun } from './run-context.js';

/** After this many parks a run sleeps like it would in embedded mode. */
export const MAX_PARKS = 50;

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = () => new StepError('CANCELLED', 'The wait was stopped because the run stopped.');

function park(run: WorkerRun, ms: number, reason: string): never {
  run.park = { until: Date.now() + ms, reason, cut: true };
  run.stop();
  throw new StepError('CANCELLED', `The run is parked for ${Math.ceil(ms / 1000)} s (${reason}).`);
}

function mayPark(run: WorkerRun | undefined, ms: number, parkAfterMs: number): run is WorkerRun {
  return run !== undefined && !run.lost && ms > parkAfterMs && run.parks < MAX_PARKS;
}

/**
 * The clock connectors get in a worker (ConnectorEnv.clock): their HTTP client sleeps through
 * it for a 429's Retry-After and for pacing. Inside an operation that is safe to run again, a
 * long sleep parks the run.
 */
export function parkingClock(parkAfterMs: number): NonNullable<ConnectorEnv['clock']> {
  return {
    now: () => Date.now(),
    sleep(ms, signal) {
      const run = currentRun.getStore();
      if (mayPark(run, ms, parkAfterMs) && run.safeOp) park(run, ms, 'the service asked to wait');
      return realSleep(ms, signal);
    },
  };
}

/**
 * The engine's sleep between a failed step's attempts (the step's error policy). The step runs
 * again after it anyway, so a long one always parks.
 */
export function parkingEngineSleep(parkAfterMs: number): Sleep {
  return (ms, signal) => {
    const run = currentRun.getStore();
    if (mayPark(run, ms, parkAfterMs)) park(run, ms, "waiting before the step's next attempt");
    return realSleep(ms, signal);
  };
}
