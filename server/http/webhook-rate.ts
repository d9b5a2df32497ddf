// Webhook calls per workflow: a token bucket of `perMinute` calls, refilled evenly over a
// minute. A sender past it gets 429 with Retry-After (the seconds until the next call is
// accepted) before its body is read; 300 posts of 900 KB used to start 300 runs in 8 s.
import { ApiError } from '../errors.js';

export const DEFAULT_WEBHOOK_RATE = 300;

export interface WebhookRate {
  /** Take one call for `workflowId`; throws a 429 when its bucket is empty. */
  take(workflowId: string): void;
}

export function createWebhookRate(
  perMinute = DEFAULT_WEBHOOK_RATE,
  now: () => number = Date.now,
): WebhookRate {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(workflowId) {
      const t = now();
      const bucket = buckets.get(workflowId) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.delete(workflowId);
      buckets.set(workflowId, bucket); // most recently used last: the oldest go first below
      if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new ApiError(
        'RATE_LIMITED',
        `This webhook was called more than ${perMinute} times in a minute, the most one workflow accepts (the setting STEPWISE_WEBHOOK_RATE_LIMIT): try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
        undefined,
        { 'Retry-After': String(seconds) },
      );
    },
  };
}
