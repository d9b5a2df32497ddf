// A fixed-window counter in memory: enough for login attempts in one process.
export interface RateLimiter {
  /** How many ms until `key` may try again, or 0 when it may try now. */
  blockedFor(key: string): number;
  hit(key: string): void;
  reset(key: string): void;
}

export function createRateLimiter(
  max: number,
  windowMs: number,
  now: () => number = Date.now,
): RateLimiter {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const entry = hits.get(key);
    if (entry && entry.resetAt <= now()) {
      hits.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    blockedFor(key) {
      const entry = current(key);
      return entry && entry.count >= max ? entry.resetAt - now() : 0;
    },
    hit(key) {
      const entry = current(key);
      if (entry) entry.count += 1;
      else hits.set(key, { count: 1, resetAt: now() + windowMs });
      // Bound memory under a flood of distinct keys: drop the oldest entries.
      if (hits.size > 10_000) hits.delete(hits.keys().next().value as string);
    },
    reset(key) {
      hits.delete(key);
    },
  };
}
