// `npm run worker`: a queue-mode worker alone, on this machine or another. It needs REDIS_URL
// and the server's STEPWISE_SECRET_KEY; it opens no SQLite file and writes nothing to disk
// (docs/operations.md, "Queue mode"). Stopped cleanly on SIGTERM/SIGINT: runs in flight are
// left to another worker, which resumes them after their last completed step. It logs like
// the server (JSON lines, STEPWISE_LOG_LEVEL) and, with STEPWISE_WORKER_METRICS_PORT, answers
// GET /metrics for its own steps and HTTP calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog, envFromProcess } from '../connectors/index.js';
import { engineLimitsFromEnv, setEngineLimits } from '../engine/index.js';
import { duration } from './config.js';
import { createLogger, flushLogger, loggerFromEnv, type Logger } from './log/logger.js';
import { logSecrets } from './log/log-secrets.js';
import { meteredCatalog } from './metrics/metered-catalog.js';
import { createMetrics } from './metrics/metrics.js';
import { metricsSettings } from './metrics/metrics-settings.js';
import { serveWorkerMetrics, workerMetricsPort } from './metrics/worker-metrics-server.js';
import { readQueueSettings } from './queue/queue-settings.js';
import { KeyMismatchError, startRunWorker } from './queue/run-worker.js';
import { ROOT_DIR } from './root-dir.js';
import { parseSecretKey } from './services/secret-key.js';

const env = process.env;
let logger: Logger;
try {
  logger = loggerFromEnv(env, 'stepwise-worker');
} catch (err) {
  createLogger({ name: 'stepwise-worker' }).fatal(
    `Stepwise worker could not start: ${(err as Error).message}`,
  );
  process.exit(1);
}

function fail(message: string): never {
  logger.fatal({ event: 'worker.failed' }, `Stepwise worker could not start: ${message}`);
  flushLogger(logger);
  process.exit(1);
}

/** The URL without its password, for the log. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the Redis URL';
  }
}

const redisUrl = env.REDIS_URL?.trim();
if (!redisUrl)
  fail('REDIS_URL is not set. A worker takes runs from the Redis the server uses (queue mode).');
const keyText = env.STEPWISE_SECRET_KEY?.trim();
if (!keyText)
  fail(
    "STEPWISE_SECRET_KEY is not set. A worker needs the server's key to read the authentications its runs use (copy it from the server's setting or its data folder's secret.key).",
  );

try {
  const secretKey = parseSecretKey(keyText, 'STEPWISE_SECRET_KEY');
  const settings = readQueueSettings(env, redisUrl, Number(env.STEPWISE_CONCURRENCY || 8));
  const maxRecords = env.STEPWISE_MAX_RECORDS ? Number(env.STEPWISE_MAX_RECORDS) : undefined;
  const metricsSet = metricsSettings(env);
  const metricsPort = workerMetricsPort(env);
  // Settings that are secrets are scrubbed from every log line like a run's secrets.
  const redisPassword = decodeURIComponent(new URL(redisUrl).password);
  for (const secret of [keyText, metricsSet.token, redisPassword])
    if (secret) logSecrets.add(secret);
  const version = (
    JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const metrics = metricsSet.enabled
    ? createMetrics({ role: 'worker', version, mode: 'queue' })
    : undefined;
  // The same bounds as the server: mappings, loops, a run's time (docs/server.md).
  setEngineLimits(engineLimitsFromEnv(env));
  // A connector setting its connector refuses stops the start here, as it does the server's.
  try {
    envFromProcess();
  } catch (err) {
    fail((err as Error).message);
  }
  const worker = await startRunWorker({
    settings,
    secretKey,
    catalog: (shared) => {
      const catalog = createCatalog({
        ...envFromProcess(),
        ...shared,
        ...(metrics ? { onHttpCall: metrics.httpCall } : {}),
      });
      return metrics ? meteredCatalog(catalog, metrics) : catalog;
    },
    maxRecords,
    runTimeoutMs: duration(env, 'STEPWISE_RUN_TIMEOUT'),
    log: logger,
  });
  if (metrics) metrics.sources.runs = () => ({ running: worker.active });
  const metricsServer =
    metrics && metricsPort !== undefined
      ? await serveWorkerMetrics({ port: metricsPort, metrics, token: metricsSet.token })
      : undefined;
  logger.info(
    {
      event: 'worker.started',
      workerId: worker.id,
      concurrency: settings.concurrency,
      prefix: settings.prefix,
      metricsPort: metricsServer?.port,
    },
    `Stepwise worker ${worker.id} is running: up to ${settings.concurrency} runs at a time from ${shown(redisUrl)} (prefix ${settings.prefix})${metricsServer ? `; metrics on port ${metricsServer.port}` : ''}`,
  );
  flushLogger(logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { event: 'worker.stopping', workerId: worker.id, signal },
      `${signal}: finishing active runs, then stopping`,
    );
    Promise.all([worker.close(), metricsServer?.close()]).then(
      () => {
        logger.info({ event: 'worker.stopped', workerId: worker.id }, 'Stepwise worker stopped');
        flushLogger(logger);
        process.exit(0);
      },
      (err: unknown) => {
        logger.error(
          { event: 'worker.stopped', workerId: worker.id, err },
          `Stepwise worker did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
        );
        flushLogger(logger);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  fail(err instanceof KeyMismatchError || err instanceof Error ? err.message : String(err));
}
