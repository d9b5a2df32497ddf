// Per-authentication pacing (Totango: 100 calls a minute a token). A sliding window per key,
// shared by every client in this process, so parallel steps with one token stay under the limit.
import type { Clock } from './clock.js';

const windows = new Map<string, number[]>();

const WINDOW_MS = 60_000;

/** Wait until one more call fits in the last minute for `key`, then count it. */
export async function acquireSlot(
  key: string,
  perMinute: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<number> {
  let waited = 0;
  for (;;) {
    const now = clock.now();
    const recent = (windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length < perMinute) {
      recent.push(now);
      windows.set(key, recent);
      return waited;
    }
    const wait = recent[0] + WINDOW_MS - now;
    windows.set(key, recent);
    waited += wait;
    await clock.sleep(wait, signal);
  }
}

/** Forget all counted calls (tests). */
export function resetPacing(): void {
  windows.clear();
}
