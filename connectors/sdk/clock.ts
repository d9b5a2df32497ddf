// Time for the HTTP client's retries and pacing. The real clock sleeps; tests hand in a
// stepping clock so a Retry-After of 30 s is asserted without waiting 30 s.
import { StepError } from '../../engine/errors/step-error.js';

export interface Clock {
  now(): number;
  /** Wait `ms`, or reject when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof StepError) return reason;
  return new StepError('CANCELLED', 'The step was stopped while it waited to call the service.', {
    cause: reason,
  });
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal!));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock whose sleep returns at once and moves time forward; `sleeps` lists every wait asked for. */
export function steppingClock(start = 1_700_000_000_000): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw abortError(signal);
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
  };
}
