// Starts Stepwise in one process: store, secret key, connectors, run queue, scheduler, HTTP.
// main.ts calls it with the environment's settings; tests and benches call it directly.
import type { Server } from 'node:http';
import { setEngineLimits } from '../engine/index.js';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog, envFromProcess } from '../connectors/index.js';
import { createApp } from './app.js';
import { answerClientErrors } from './http/client-error.js';
import { httpServerFor } from './http/http-server.js';
import { preparePrivateDir } from './data-dir.js';
import type { ServerConfig } from './config.js';
import { openStore } from './db/store.js';
import type { Scheduler } from './schedules/index.js';
import {
  createConnectorDirectory,
  type ConnectorDirectory,
} from './services/connector-directory.js';
import { createServices, type Services } from './services/index.js';
import { loadSecretKey } from './services/secret-key.js';
import { createKeyCheck } from './services/key-check.js';
import { newOwner } from './runs/leases/owner.js';
import { registerProcess } from './runs/leases/register-process.js';
import { DEFAULT_RUN_SETTINGS } from './runs/run-settings.js';
import { filesRouter } from './files/files.routes.js';
import { removeTempFiles } from './files/remove-temp-files.js';
import { ROOT_DIR } from './root-dir.js';
import { publicUrlFrom, startNotifications } from './notify/index.js';
import { startQueueMode } from './queue/queue-mode.js';
import { inProcessWorker, readQueueSettings } from './queue/queue-settings.js';
import { asLogger, loggerFromEnv, type Logger } from './log/logger.js';
import { logSecrets } from './log/log-secrets.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { folderSize } from './metrics/folder-size.js';
import { metricsSettings } from './metrics/metrics-settings.js';
import { embeddedState, queueModeState } from './status/server-state.js';
import { meteredCatalog } from './metrics/metered-catalog.js';
import type { Catalog } from '../engine/index.js';

const ROOT = ROOT_DIR;

export interface RunningServer {
  url: string;
  server: Server;
  services: Services;
  /** Stop taking requests and runs; wait for active runs up to `timeoutMs` (the rest resume at next start). */
  close(timeoutMs?: number): Promise<void>;
}

export interface StartOptions extends ServerConfig {
  env?: NodeJS.ProcessEnv;
  /** Default: every connector Stepwise ships, with the environment's base URLs. */
  connectors?: ConnectorDirectory;
  editorDir?: string | null;
  /**
   * The logger (server/log). Default: one from the environment (STEPWISE_LOG_LEVEL, pretty at a
   * terminal). A function gets the problems only, as text lines (tests silence or read them).
   */
  log?: Logger | ((message: string) => void);
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Listen on `port`, or fail with a message that says why (the port in use, no permission)
 * rather than a stack trace. Express 5's app.listen hands a listen error to its callback.
 */
function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = httpServerFor(app);
    answerClientErrors(server);
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new Error(
            `port ${port} on ${host} is already in use (another Stepwise, or another program, listens at ${where}): stop it, or set PORT to a free port`,
          ),
        );
      else if (err.code === 'EACCES')
        reject(
          new Error(`no permission to listen at ${where}: use a port above 1023, or set PORT`),
        );
      else if (err.code === 'EADDRNOTAVAIL')
        reject(
          new Error(`${host} is not an address of this machine: set HOST to one (e.g. 127.0.0.1)`),
        );
      else reject(err);
    });
    server.listen(port, host, () => resolve(server));
  });
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const logger = options.log === undefined ? loggerFromEnv(env) : asLogger(options.log);
  // The parts that still take message lines (the scheduler, queue mode, notifications).
  const log = (message: string) => logger.warn(message);
  const version = packageVersion();
  const mode = options.redisUrl ? 'queue' : 'embedded';
  const metricsSet = metricsSettings(env);
  // Settings that are secrets are scrubbed from every log line like a run's secrets.
  for (const secret of [
    metricsSet.token,
    env.STEPWISE_SECRET_KEY?.trim(),
    redisPassword(options.redisUrl),
  ])
    if (secret) logSecrets.add(secret);
  const metrics: Metrics | undefined = metricsSet.enabled
    ? createMetrics({ role: 'server', version, mode })
    : undefined;
  // Process-wide: one server per process (tests that start several share the defaults).
  if (options.engineLimits) setEngineLimits(options.engineLimits);
  preparePrivateDir(options.dataDir);
  const store = openStore(join(options.dataDir, 'stepwise.db'), { backgroundCheckpoints: true });
  // One process per data folder, unless queue mode shares it (then each run still has one owner).
  const runSettings = { ...DEFAULT_RUN_SETTINGS, ...options.runs };
  const owner = newOwner();
  let key: Buffer;
  try {
    registerProcess(store, {
      owner,
      dataDir: options.dataDir,
      // Queue mode: several API processes may share one file (each run is owned in Redis).
      share: options.redisUrl !== undefined,
      leaseMs: runSettings.leaseMs,
      now: Date.now(),
    });
    // The key must be the one the stored data was encrypted with (never a new one silently).
    const keyCheck = createKeyCheck(store.db);
    const loaded = loadSecretKey(env, options.dataDir, {
      missing: keyCheck.needsKey() ? keyCheck.missing : undefined,
    });
    keyCheck.verify(loaded.key, loaded.source);
    key = loaded.key;
  } catch (err) {
    store.leases.forget(owner.id);
    await store.close();
    throw err;
  }
  const connectors =
    options.connectors ??
    createConnectorDirectory({
      ...envFromProcess(options.dataDir),
      ...(metrics ? { onHttpCall: metrics.httpCall } : {}),
    });
  const metered = (catalog: Catalog) => (metrics ? meteredCatalog(catalog, metrics) : catalog);
  const services = createServices({
    store,
    connectors,
    secretKey: key,
    concurrency: options.concurrency,
    maxRecords: options.maxRecords,
    userConcurrency: options.userConcurrency,
    runTimeoutMs: options.runTimeoutMs,
    runSettings,
    owner,
    log: logger,
    metrics,
  });
  // REDIS_URL: runs go to BullMQ workers (server/queue/), one of them in this process unless
  // STEPWISE_WORKER=0.
  const queueMode = options.redisUrl
    ? await startQueueMode({
        services,
        settings: {
          ...readQueueSettings(env, options.redisUrl, options.concurrency),
          ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
        },
        secretKey: key,
        // The in-process worker's steps and HTTP calls count in this process's /metrics.
        workerCatalog: !inProcessWorker(env)
          ? undefined
          : options.connectors
            ? services.connectors.catalog
            : (shared) =>
                metered(
                  createCatalog({
                    ...envFromProcess(options.dataDir),
                    ...shared,
                    ...(metrics ? { onHttpCall: metrics.httpCall } : {}),
                  }),
                ),
        maxRecords: options.maxRecords,
        runTimeoutMs: options.runTimeoutMs,
        log: logger,
      })
    : undefined;

  if (queueMode?.worker)
    logger.info(
      { event: 'worker.started', workerId: queueMode.worker.id, inProcess: true },
      `Queue mode: a worker runs in this process too (${queueMode.worker.id}; STEPWISE_WORKER=0 to leave runs to separate workers)`,
    );

  // The scheduler module loads BullMQ (a quarter of the start-up time) even in embedded mode:
  // load it after the server listens. /api/schedules requests wait for it; scheduler.start()
  // reads every workflow afresh, so no change made in the meantime is missed.
  const schedulerCreated: Promise<Scheduler> = import('./schedules/index.js').then(
    ({ createScheduler }) =>
      createScheduler({
        db: store.db,
        mode: options.redisUrl ? 'queue' : 'embedded',
        redisUrl: options.redisUrl,
        queuePrefix: options.queuePrefix,
        listScheduled: () => services.workflows.scheduled(),
        getScheduled: (id) => services.workflows.scheduled(id)[0] ?? null,
        startRun: async (workflowId, trigger) => {
          const { id } = await services.runs.start({
            workflowId,
            triggerType: 'schedule',
            triggerOutput: trigger,
            startedBy: null,
          });
          scheduleFired(logger, metrics, workflowId, id, trigger);
          return id;
        },
        runStatuses: (ids) => services.runs.statuses(ids),
        log,
      }),
  );
  let listening: () => void = () => {};
  const listeningNow = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const schedulerReady = Promise.all([schedulerCreated, listeningNow]).then(async ([scheduler]) => {
    await scheduler.start();
    return scheduler;
  });
  schedulerReady.catch((err: unknown) =>
    log(`scheduler: could not start: ${err instanceof Error ? err.message : String(err)}`),
  );
  services.workflowListeners.add((id) => {
    schedulerReady
      .then((scheduler) => scheduler.workflowChanged(id))
      .catch((err: unknown) =>
        log(
          `scheduler: could not update workflow ${id}: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  });

  // What GET /api/status and the /metrics gauges read.
  const stateFields = { version, mode, dataBytes: folderSize(options.dataDir) } as const;
  const state = queueMode
    ? queueModeState(services, queueMode, stateFields)
    : embeddedState(services, stateFields);
  const app = createApp({
    services,
    // REDIS_URL set is queue mode (API.md): schedules fire and runs execute through BullMQ.
    mode,
    health: queueMode?.health,
    version,
    metrics,
    metricsToken: metricsSet.token,
    state,
    bodyLimit: options.bodyLimit,
    maxJsonDepth: options.maxJsonDepth,
    streams: options.streams,
    webhookReplyTimeoutMs: options.webhookReplyTimeoutMs,
    webhookRatePerMinute: options.webhookRatePerMinute,
    trustProxy: options.trustProxy,
    publicUrl: env.STEPWISE_PUBLIC_URL?.trim() || undefined,
    editorDir: options.editorDir === undefined ? join(ROOT, 'editor', 'dist') : options.editorDir,
    schedulesRouter: (req, res, next) => {
      schedulerReady.then((scheduler) => scheduler.router(req, res, next), next);
    },
    rawBodyRouters: [
      { path: '/api/files', router: filesRouter({ filesDir: join(options.dataDir, 'files') }) },
    ],
    log: logger,
  });

  const removed = await removeTempFiles(join(options.dataDir, 'files'));
  if (removed) log(`Removed ${removed} unfinished upload(s) left by the last shutdown`);

  let server: Server;
  try {
    server = await listen(app, options.port, options.host);
  } catch (err) {
    schedulerReady.then((scheduler) => scheduler.stop()).catch(() => undefined);
    await services.queue.stop(0);
    await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  const stopNotifications = startNotifications({
    services,
    publicUrl: publicUrlFrom(env, `http://${host}:${port}`),
    log,
  });
  listening();
  // Queue mode hands unfinished runs to the workers once it drains (queue-mode.ts).
  if (!queueMode) {
    const resumed = services.runs.recover();
    if (resumed.length)
      logger.info(
        { event: 'runs.resumed', count: resumed.length },
        `Resuming ${resumed.length} run(s) interrupted by the last shutdown`,
      );
  }
  services.runs.startUpkeep();

  return {
    url: `http://${host}:${port}`,
    server,
    services,
    async close(timeoutMs = 10_000) {
      server.closeIdleConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await schedulerReady.then(
        (scheduler) => scheduler.stop(),
        () => undefined,
      );
      services.runs.stopParking();
      await services.queue.stop(timeoutMs);
      await queueMode?.close();
      if (queueMode?.worker)
        logger.info(
          { event: 'worker.stopped', workerId: queueMode.worker.id, inProcess: true },
          'The worker in this process stopped',
        );
      // Runs still executing resume at the next start; stopped on purpose, they do not count
      // towards the crash-loop guard (docs/operations.md).
      store.batch.flush();
      store.runs.handBackRunning();
      services.runs.stopUpkeep();
      // Runs still active after the wait keep this owner: the next start takes them over at once.
      store.leases.forget(owner.id);
      stopNotifications();
      server.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}

/** A schedule fired: a log line, and how late it was for stepwise_schedule_lateness_seconds. */
function scheduleFired(
  logger: Logger,
  metrics: Metrics | undefined,
  workflowId: string,
  runId: string,
  trigger: unknown,
): void {
  const { dueAt, firedAt } = (trigger ?? {}) as { dueAt?: string; firedAt?: string };
  const late = dueAt && firedAt ? (Date.parse(firedAt) - Date.parse(dueAt)) / 1000 : undefined;
  if (late !== undefined && Number.isFinite(late)) metrics?.scheduleFired(late);
  logger.info(
    { event: 'schedule.fired', workflowId, runId, dueAt, firedAt, lateSeconds: late },
    `Schedule of workflow ${workflowId} due ${dueAt} fired: run ${runId}`,
  );
}

function redisPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}
