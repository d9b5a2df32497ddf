// The settings main.ts reads from the environment (API.md "Settings").
import { resolve } from 'node:path';
import { engineLimitsFromEnv, type EngineLimits } from '../engine/index.js';
import { readRunSettings, type RunSettings } from './runs/run-settings.js';

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
  /** Behind a reverse proxy: which proxies' X-Forwarded-* headers to believe (see parseTrustProxy). */
  trustProxy?: TrustProxy;
  /** Bounds on mappings and loops (STEPWISE_MAPPING_MAX_PATH_LENGTH, …_MAX_WORK, STEPWISE_MAX_ITERATIONS). */
  engineLimits?: EngineLimits;
  /** Deepest nesting of a JSON body (STEPWISE_MAX_JSON_DEPTH, default 64). */
  maxJsonDepth?: number;
  /** Runs one person may have executing at once (STEPWISE_USER_CONCURRENCY). */
  userConcurrency?: number;
  /** The longest one execution of a run may take (STEPWISE_RUN_TIMEOUT, default 24 h). */
  runTimeoutMs?: number;
  /** Webhook calls a minute per workflow (STEPWISE_WEBHOOK_RATE_LIMIT, default 300). */
  webhookRatePerMinute?: number;
  /** Live run streams (STEPWISE_MAX_STREAMS_PER_USER, STEPWISE_MAX_STREAMS). */
  streams?: { perUser?: number; total?: number };
  /** How long a webhook with "reply": "respond-step" waits for the run's answer (STEPWISE_WEBHOOK_REPLY_TIMEOUT_MS, 30 s). */
  webhookReplyTimeoutMs?: number;
  /** Loop size limit, run leases, retention (server/runs/run-settings.ts). */
  runs?: RunSettings;
}

/** A number of proxy hops in front of Stepwise, or the proxies' addresses/subnets. */
export type TrustProxy = number | string[];

/**
 * STEPWISE_TRUST_PROXY: a hop count ("1": one proxy in front, its X-Forwarded-For's last entry
 * is the client) or a comma-separated list of proxy addresses or subnets ("10.0.0.5,
 * 172.16.0.0/12", or express's names "loopback", "uniquelocal"). "true"/"all" is refused:
 * trusting every hop lets any client name its own address and escape the login limits.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const text = value?.trim();
  if (!text || text === '0' || text === 'false') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === 'all' || text === '*')
    throw new Error(
      `STEPWISE_TRUST_PROXY must be a number of proxy hops (e.g. 1) or a list of proxy addresses (e.g. 10.0.0.5,172.16.0.0/12), not "${text}": trusting every hop lets any client choose its own address`,
    );
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of list) {
    if (!named.has(entry) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))
      throw new Error(
        `STEPWISE_TRUST_PROXY: "${entry}" is not an IP address or subnet (give proxy addresses such as 10.0.0.5 or 10.0.0.0/8, or a number of hops)`,
      );
  }
  return list;
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
  const replyTimeout = env.STEPWISE_WEBHOOK_REPLY_TIMEOUT_MS
    ? Number(env.STEPWISE_WEBHOOK_REPLY_TIMEOUT_MS)
    : undefined;
  if (replyTimeout !== undefined && (!Number.isInteger(replyTimeout) || replyTimeout < 1))
    throw new Error(
      `STEPWISE_WEBHOOK_REPLY_TIMEOUT_MS must be a whole number of milliseconds from 1, not "${env.STEPWISE_WEBHOOK_REPLY_TIMEOUT_MS}"`,
    );
  return {
    port,
    webhookReplyTimeoutMs: replyTimeout,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.STEPWISE_DATA_DIR || './data'),
    redisUrl: env.REDIS_URL || undefined,
    queuePrefix: env.STEPWISE_QUEUE_PREFIX || undefined,
    concurrency,
    bodyLimit: bodyLimit(env.STEPWISE_BODY_LIMIT),
    maxRecords,
    trustProxy: parseTrustProxy(env.STEPWISE_TRUST_PROXY),
    engineLimits: engineLimitsFromEnv(env),
    maxJsonDepth: wholeNumber(env, 'STEPWISE_MAX_JSON_DEPTH'),
    webhookRatePerMinute: wholeNumber(env, 'STEPWISE_WEBHOOK_RATE_LIMIT'),
    userConcurrency: wholeNumber(env, 'STEPWISE_USER_CONCURRENCY'),
    runTimeoutMs: duration(env, 'STEPWISE_RUN_TIMEOUT'),
    streams: {
      perUser: wholeNumber(env, 'STEPWISE_MAX_STREAMS_PER_USER'),
      total: wholeNumber(env, 'STEPWISE_MAX_STREAMS'),
    },
    runs: readRunSettings(env),
  };
}

/** A whole-number setting from 1, or undefined when unset; throws naming a bad one. */
export function wholeNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number from 1, not "${text}"`);
  return value;
}

/** A duration setting: "24h", "90m", "45s", "500ms", or plain seconds; undefined when unset. */
export function duration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?$/i.exec(text);
  const unit = (match?.[2] ?? 's').toLowerCase();
  const scale: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    min: 60_000,
    h: 3_600_000,
    d: 86_400_000,
  };
  const ms = match ? Math.round(Number(match[1]) * scale[unit]) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 1)
    throw new Error(`${name} must be a duration such as 24h, 90m or 3600 (seconds), not "${text}"`);
  return ms;
}

/**
 * STEPWISE_BODY_LIMIT, checked at start: body-parser would otherwise stop the start with
 * 'option limit "banana" is invalid', which does not name the setting.
 */
function bodyLimit(text: string | undefined): string {
  if (!text) return '1mb';
  // What body-parser's size parser (the bytes package) reads: a number with an optional unit.
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(text);
  if (!match || Number(match[1]) <= 0)
    throw new Error(`STEPWISE_BODY_LIMIT must be a size such as 1mb or 1048576, not "${text}"`);
  return text;
}
