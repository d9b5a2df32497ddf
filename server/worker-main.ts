// `npm run worker`: a queue-mode worker alone, on this machine or another. It needs REDIS_URL
// and the server's STEPWISE_SECRET_KEY; it opens no SQLite file and writes nothing to disk
// (docs/operations.md, "Queue mode"). Stopped cleanly on SIGTERM/SIGINT: runs in flight are
// left to another worker, which resumes them after their last completed step.
import { createCatalog, envFromProcess } from '../connectors/index.js';
import { engineLimitsFromEnv, setEngineLimits } from '../engine/index.js';
import { duration } from './config.js';
import { readQueueSettings } from './queue/queue-settings.js';
import { KeyMismatchError, startRunWorker } from './queue/run-worker.js';
import { parseSecretKey } from './services/secret-key.js';

function fail(message: string): never {
  console.error(`Stepwise worker could not start: ${message}`);
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

const env = process.env;
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
  // The same bounds as the server: mappings, loops, a run's time (docs/server.md).
  setEngineLimits(engineLimitsFromEnv(env));
  const worker = await startRunWorker({
    settings,
    secretKey,
    catalog: (shared) => createCatalog({ ...envFromProcess(), ...shared }),
    maxRecords,
    runTimeoutMs: duration(env, 'STEPWISE_RUN_TIMEOUT'),
  });
  console.log(
    `Stepwise worker ${worker.id} is running: up to ${settings.concurrency} runs at a time from ${shown(redisUrl)} (prefix ${settings.prefix})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing active runs, then stopping`);
    worker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  fail(err instanceof KeyMismatchError || err instanceof Error ? err.message : String(err));
}
