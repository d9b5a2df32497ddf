import type { OnError } from '../model/workflow.schema.js';

const MAX_DELAY_MS = 5 * 60_000;

/**
 * Wait before retry number `retry` (1 = first retry). A Retry-After from the service wins;
 * otherwise exponential (or fixed) from `delayMs`, with "equal jitter" (half fixed, half
 * random) so that many runs failing together do not retry in lockstep.
 */
export function backoffDelay(
  policy: Pick<OnError, 'backoff' | 'delayMs'>,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, MAX_DELAY_MS);
  const base = policy.delayMs ?? 1000;
  const full = policy.backoff === 'fixed' ? base : base * 2 ** (retry - 1);
  const capped = Math.min(full, MAX_DELAY_MS);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Real timer that stops early (rejecting) when the signal aborts. */
export function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
