// How many live run streams (SSE) may be open: per person and in all. Each open stream holds
// a connection, a listener and a little memory; 500 of them on one live run made every
// request wait over 30 s. Past a bound a new stream is a 429 saying which bound.
import { ApiError } from '../errors.js';

export interface StreamLimitOptions {
  /** STEPWISE_MAX_STREAMS_PER_USER, default 10. */
  perUser?: number;
  /** STEPWISE_MAX_STREAMS, default 200. */
  total?: number;
}

export interface StreamLimits {
  /** Take a place for `userId`'s stream; answers the function that gives it back. Throws a 429. */
  open(userId: string): () => void;
  /** Streams open now. */
  readonly count: number;
}

export const DEFAULT_STREAMS_PER_USER = 10;
export const DEFAULT_STREAMS_TOTAL = 200;

export function createStreamLimits(options: StreamLimitOptions = {}): StreamLimits {
  const perUser = options.perUser ?? DEFAULT_STREAMS_PER_USER;
  const total = options.total ?? DEFAULT_STREAMS_TOTAL;
  const byUser = new Map<string, number>();
  let all = 0;
  return {
    open(userId) {
      const mine = byUser.get(userId) ?? 0;
      if (mine >= perUser)
        throw new ApiError(
          'RATE_LIMITED',
          `You have ${mine} live run views open, the most one person may have (the setting STEPWISE_MAX_STREAMS_PER_USER): close one (another tab or window) and try again`,
          undefined,
          { 'Retry-After': '5' },
        );
      if (all >= total)
        throw new ApiError(
          'RATE_LIMITED',
          `The server has ${all} live run views open, the most it serves at once (the setting STEPWISE_MAX_STREAMS): try again in a moment`,
          undefined,
          { 'Retry-After': '5' },
        );
      byUser.set(userId, mine + 1);
      all++;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        all--;
        const left = (byUser.get(userId) ?? 1) - 1;
        if (left > 0) byUser.set(userId, left);
        else byUser.delete(userId);
      };
    },
    get count() {
      return all;
    },
  };
}
