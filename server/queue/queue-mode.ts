// Queue mode in the API process (REDIS_URL set): runs go to BullMQ instead of the in-process
// queue, the workers' reports are drained into SQLite, cancel reaches any worker, and the
// health check says whether Redis answers and how many workers were seen. With
// STEPWISE_WORKER unset (or not 0) a worker also runs in this process.
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Catalog } from '../../engine/index.js';
import { ApiError } from '../errors.js';
import { createCallPort } from '../runs/call-port.js';
import { finishRun } from '../runs/finish-run.js';
import { isFinished } from '../runs/run-rows.js';
import { waitForRun } from '../runs/run-queries.js';
import { createSqliteRunSource } from '../runs/sqlite-run-source.js';
import { createCipher } from '../services/cipher.js';
import type { Services } from '../services/index.js';
import type { RunJson } from '../services/run-json.js';
import { createRunPublisher } from './publish-run.js';
import type { QueueSettings } from './queue-settings.js';
import { redisKeys, RUN_QUEUE } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';
import { serveApiRequests } from './remote-calls.js';
import { startRunDrain } from './run-drain.js';
import type { RunQueue } from './run-queue.js';
import {
  startRunWorker,
  type RunJobData,
  type RunWorker,
  type WorkerConnectorEnv,
} from './run-worker.js';
import { createSealer, makeKeyCheck } from './sealed.js';
import { asLogger, type Logger } from '../log/logger.js';

/** Workers count as present when seen this recently (API.md). */
const WORKERS_SEEN_MS = 30_000;

export interface QueueMode {
  /** For GET /api/health. */
  health(): { redis: 'up' | 'down'; workers: number };
  /**
   * For the status page and /metrics: runs waiting in Redis for a worker (or a concurrency
   * slot), and runs executing on workers now. Rejects while Redis does not answer.
   */
  counts(): Promise<{ queued: number; active: number }>;
  /** The worker in this process, when there is one. */
  worker: RunWorker | undefined;
  close(): Promise<void>;
}

export async function startQueueMode(options: {
  services: Services;
  settings: QueueSettings;
  secretKey: Buffer;
  /** The in-process worker's catalog (see startRunWorker); none: no worker in this process. */
  workerCatalog?: Catalog | ((shared: WorkerConnectorEnv) => Catalog);
  maxRecords?: number;
  runTimeoutMs?: number;
  log?: Logger | ((message: string) => void);
}): Promise<QueueMode> {
  const { services, settings } = options;
  const log = asLogger(options.log);
  const core = services.runs.core;
  const keys = redisKeys(settings.prefix);
  const sealer = createSealer(createCipher(options.secretKey));
  // Requests must not wait for Redis: with it down, commands fail at once (503), not queue up.
  const redis = withScripts(
    new Redis(settings.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
    }),
  );
  let redisWasDown = false;
  redis.on('error', (err) => {
    if (!redisWasDown) log.error({ event: 'redis.down' }, `Redis: ${err.message}`);
    redisWasDown = true;
  });
  const queue = new Queue<RunJobData>(RUN_QUEUE, { connection: redis, prefix: settings.prefix });
  queue.on('error', () => {});

  const publish = createRunPublisher({
    core,
    source: createSqliteRunSource(core, services.auths),
    redis,
    keys,
    sealer,
    queue,
  });

  const unavailable = () =>
    new ApiError(
      'UNAVAILABLE',
      'Runs cannot be started right now: the run queue (Redis) does not answer. Nothing was started; try again in a moment.',
    );

  /** A run just started: it is in Redis when this resolves, or ended and refused (503). */
  async function enqueueNew(runId: string): Promise<void> {
    try {
      await publish(runId);
    } catch (err) {
      // Stored but not handed over: end it, so that nothing stays queued that a client was
      // told (503) was not started, and that recovery would otherwise start later.
      log.error(
        { runId },
        `run ${runId}: could not be queued: ${err instanceof Error ? err.message : String(err)}`,
      );
      const row = core.rows.find(runId);
      if (row && !isFinished(row.status))
        await finishRun(core, runId, {
          status: 'failed',
          error: {
            code: 'UNAVAILABLE',
            message: 'The run could not be queued: Redis did not answer',
            stepId: null,
          },
          stepCount: 0,
          recordsOmitted: 0,
        });
      throw unavailable();
    }
  }

  /**
   * A woken or recovered run: it stays queued in SQLite when Redis does not answer, and is
   * handed over when Redis answers again (recover()).
   */
  let recoverDue = false;
  async function enqueue(runId: string): Promise<void> {
    try {
      await publish(runId);
    } catch (err) {
      recoverDue = true;
      log.warn(
        { runId },
        `run ${runId}: could not be handed to the workers yet (${err instanceof Error ? err.message : String(err)}); trying again when Redis answers`,
      );
    }
  }

  /**
   * Hand over again what Redis does not hold (it lost it, or this process died before handing
   * it over): unfinished runs are published where absent (the others are left as they are),
   * waiting runs that are due, or whose called run has ended, are woken. Run by the process
   * that drains, once it leads and whenever Redis comes back.
   */
  function recover(): void {
    if (redis.status !== 'ready') {
      recoverDue = true;
      return;
    }
    recoverDue = false;
    const ids = services.runs.recover();
    if (ids.length)
      log.info(
        { event: 'runs.resumed', count: ids.length },
        `Queue mode: ${ids.length} unfinished run(s) checked in Redis`,
      );
  }

  const drain = startRunDrain({
    core,
    redis: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }).on('error', () => {}),
    keys,
    sealer,
    log,
    onLead: recover,
  });

  async function cancel(runId: string): Promise<RunJson> {
    const row = core.rows.get(runId);
    if (isFinished(row.status))
      throw new ApiError(
        'CONFLICT',
        `This run has already ${row.status === 'cancelled' ? 'been cancelled' : row.status}`,
      );
    if (redis.status !== 'ready') throw unavailable();
    const job = await Job.fromId(queue, runId);
    const state = job ? await job.getState() : 'unknown';
    let here = false;
    if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
      // Queued, parked until a time, or waiting for a concurrency slot: no worker has it, so it
      // ends here. A worker that took it meanwhile holds its lock, and the removal fails.
      here = await job.remove().then(
        () => true,
        () => false,
      );
    } else if (!job || state === 'completed' || state === 'failed' || state === 'unknown') {
      // No job: waiting for a called run (or Redis lost it). Nothing executes it.
      here = true;
    }
    // Any worker that takes it from now on, or holds it, sees this.
    await redis.swRequestCancel(keys.run(runId));
    if (here) {
      const waiting = row.status === 'waiting';
      await finishRun(core, runId, {
        status: 'cancelled',
        error: {
          code: 'CANCELLED',
          message: waiting
            ? 'The run was cancelled while it waited'
            : row.status === 'queued'
              ? 'The run was cancelled before it started'
              : 'The run was cancelled',
          stepId: null,
        },
        stepCount: core.store.runs.maxSeq(runId),
        recordsOmitted: row.recordsOmitted,
      });
      const wf = row.workflowId;
      await redis
        .multi()
        .del(keys.run(runId), keys.inflight(runId))
        .zrem(keys.slots(wf), runId)
        .zrem(keys.slotWaiters(wf), runId)
        .exec();
      return core.rows.json(core.rows.get(runId));
    }
    // On a worker: every worker hears this at once; the one running it stops at its next safe
    // point, and its end comes back through the drain.
    await redis.publish(keys.cancelChannel, runId);
    return (await waitForRun(core, runId, 5000)) ?? core.rows.json(core.rows.get(runId));
  }

  let workers = 0;
  const countWorkers = async () => {
    const now = Date.now();
    await redis.zremrangebyscore(keys.workers, '-inf', now - 10 * WORKERS_SEEN_MS);
    workers = await redis.zcount(keys.workers, now - WORKERS_SEEN_MS, '+inf');
  };
  const counter = setInterval(() => countWorkers().catch(() => {}), 5_000);
  counter.unref();

  redis.on('ready', () => {
    // The key check workers test their key against; this process's key is the reference.
    redis.set(keys.keyCheck, makeKeyCheck(sealer)).catch(() => {});
    countWorkers().catch(() => {});
    if (redisWasDown) {
      redisWasDown = false;
      log.info({ event: 'redis.up' }, 'Redis answers again');
      // Redis may have come back without its data: hand over again what it lost.
      recoverDue = true;
    }
    if (recoverDue && drain.leading) recover();
  });

  // Call steps and the storage connector on workers: answered here, with the store.
  const calls = serveApiRequests({
    redis: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }).on('error', () => {}),
    prefix: settings.prefix,
    sealer,
    calls: createCallPort(core, (input) => services.runs.start(input)),
    storageFor: (ids) => core.store.storage.forRun(ids),
    log,
  });

  const runQueue: RunQueue = {
    enqueue,
    enqueueNew,
    remove: () => false,
    admit() {
      if (redis.status !== 'ready') throw unavailable();
    },
    cancel,
    runningSteps: (runId) => drain.runningSteps(runId),
    get waiting() {
      return 0;
    },
    get active() {
      return worker?.active ?? 0;
    },
    async stop() {},
  };
  services.runs.attachQueue(runQueue);

  const worker = options.workerCatalog
    ? await startRunWorker({
        settings,
        secretKey: options.secretKey,
        catalog: options.workerCatalog,
        maxRecords: options.maxRecords,
        runTimeoutMs: options.runTimeoutMs,
        log,
        // Same process, same key: nothing to check.
        checkKey: false,
      })
    : undefined;

  if (worker) countWorkers().catch(() => {});
  return {
    health: () => ({ redis: redis.status === 'ready' ? 'up' : 'down', workers }),
    async counts() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active');
      return { queued: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0 };
    },
    worker,
    async close() {
      clearInterval(counter);
      await worker?.close();
      await calls.stop();
      await drain.stop();
      await queue.close().catch(() => {});
      redis.disconnect();
    },
  };
}
