// Queue mode's settings (docs/server.md): read once by `npm start` and by `npm run worker`.
export interface QueueSettings {
  redisUrl: string;
  /** Key prefix, so several installations can share one Redis (STEPWISE_QUEUE_PREFIX). */
  prefix: string;
  /** Runs one worker executes at the same time (STEPWISE_WORKER_CONCURRENCY). */
  concurrency: number;
  /**
   * How long a worker's claim on a run (the BullMQ job lock) holds without renewal. A killed
   * worker's runs go to another worker at most this long plus one stall check (half of it) later.
   */
  lockMs: number;
  /** A run whose worker stopped this many times while running it is failed (a crash loop). */
  maxResumes: number;
  /** A 429 whose Retry-After is longer than this parks the run instead of sleeping in a worker. */
  parkAfterMs: number;
}

export const DEFAULT_QUEUE_PREFIX = 'stepwise';

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number from ${min}, not "${env[name]}"`);
  return value;
}

export function readQueueSettings(
  env: NodeJS.ProcessEnv,
  redisUrl: string,
  concurrencyDefault = 8,
): QueueSettings {
  return {
    redisUrl,
    prefix: env.STEPWISE_QUEUE_PREFIX?.trim() || DEFAULT_QUEUE_PREFIX,
    concurrency: whole(env, 'STEPWISE_WORKER_CONCURRENCY', concurrencyDefault, 1),
    lockMs: whole(env, 'STEPWISE_WORKER_LOCK_SECONDS', 10, 2) * 1000,
    maxResumes: whole(env, 'STEPWISE_MAX_RESUMES', 3, 1),
    parkAfterMs: whole(env, 'STEPWISE_PARK_AFTER_SECONDS', 5, 1) * 1000,
  };
}

/** `npm start` runs a worker in its own process unless STEPWISE_WORKER=0. */
export function inProcessWorker(env: NodeJS.ProcessEnv): boolean {
  const value = env.STEPWISE_WORKER?.trim().toLowerCase();
  return !(value === '0' || value === 'false' || value === 'no' || value === 'off');
}
