// The settings main.ts reads from the environment (API.md "Settings").
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  redisUrl: string | undefined;
  /** Queue mode: BullMQ key prefix, so several installations can share one Redis. */
  queuePrefix?: string;
  concurrency: number;
  bodyLimit: string;
  /** At most this many debug records per run (WORKFLOW-FORMAT.md; the engine's default, 10,000, when unset). */
  maxRecords?: number;
  /** Behind a reverse proxy: take the client address and https from X-Forwarded-* headers. */
  trustProxy?: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const concurrency = Number(env.STEPWISE_CONCURRENCY ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(
      `STEPWISE_CONCURRENCY must be a whole number from 1, not "${env.STEPWISE_CONCURRENCY}"`,
    );
  const maxRecords = env.STEPWISE_MAX_RECORDS ? Number(env.STEPWISE_MAX_RECORDS) : undefined;
  if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 1)) {
    throw new Error(
      `STEPWISE_MAX_RECORDS must be a whole number from 1, not "${env.STEPWISE_MAX_RECORDS}"`,
    );
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.STEPWISE_DATA_DIR || './data'),
    redisUrl: env.REDIS_URL || undefined,
    queuePrefix: env.STEPWISE_QUEUE_PREFIX || undefined,
    concurrency,
    bodyLimit: env.STEPWISE_BODY_LIMIT || '1mb',
    maxRecords,
    trustProxy: env.STEPWISE_TRUST_PROXY === '1' || env.STEPWISE_TRUST_PROXY === 'true',
  };
}
