// A queue-mode worker: a BullMQ Worker on the runs queue whose processor is the same executor
// embedded mode uses (runs/execute-run.ts), fed from Redis and reporting to Redis. It opens no
// SQLite file and writes nothing to disk; `npm run worker` starts one alone, `npm start` one
// in the API process (unless STEPWISE_WORKER=0).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Catalog } from '../../engine/index.js';
import { createRunExecutor } from '../runs/execute-run.js';
import { createCheckpointCodec } from '../services/checkpoint-codec.js';
import { createCipher } from '../services/cipher.js';
import { claimRun, createWorkflowCache, jobFromClaim } from './claim-run.js';
import { guardCatalog } from './guard-catalog.js';
import { parkingClock, parkingEngineSleep } from './parking.js';
import { sharedPacer } from './shared-pacer.js';
import type { ConnectorEnv } from '../../connectors/index.js';
import type { QueueSettings } from './queue-settings.js';
import { currentRun, type WorkerRun } from './run-context.js';
import { redisKeys, RUN_QUEUE } from './redis-keys.js';
import { createRedisRunSink } from './redis-run-sink.js';
import { redisStepState } from './redis-step-state.js';
import { remoteApi } from './remote-calls.js';
import { withScripts } from './redis-scripts.js';
import type { RunPackage } from './run-package.js';
import type { RunJob } from '../runs/run-source.js';
import type { RunInfo } from '../runs/run-sink.js';
import { createSealer, keyCheckOpens, makeKeyCheck } from './sealed.js';
import { asLogger, type Logger } from '../log/logger.js';

export interface RunJobData {
  runId: string;
  workflowId: string;
}

export interface RunWorker {
  id: string;
  /** Runs executing here now. */
  readonly active: number;
  /** Stop taking runs; wait up to `timeoutMs` for the active ones to end. */
  close(timeoutMs?: number): Promise<void>;
}

/** What a worker puts in its connectors' ConnectorEnv. */
export type WorkerConnectorEnv = Required<Pick<ConnectorEnv, 'clock' | 'pacer'>>;

/** A worker whose key does not open what the API sealed: it must not start. */
export class KeyMismatchError extends Error {}

/** How soon a run waiting for its workflow's concurrency slot looks again (also woken early). */
const SLOT_RECHECK_MS = 5_000;

export async function startRunWorker(options: {
  settings: QueueSettings;
  secretKey: Buffer;
  /**
   * The connectors. Given the worker's clock and pacer (which park long waits and share rate
   * limits through Redis), a catalog built with them in its ConnectorEnv; or a ready catalog.
   */
  catalog: Catalog | ((shared: WorkerConnectorEnv) => Catalog);
  maxRecords?: number;
  /** The longest one execution of a run may take (STEPWISE_RUN_TIMEOUT); default 24 h. */
  runTimeoutMs?: number;
  log?: Logger | ((message: string) => void);
  /** Refuse to start when the API's key check does not open with this key (default true). */
  checkKey?: boolean;
}): Promise<RunWorker> {
  const { settings } = options;
  const log = asLogger(options.log);
  const keys = redisKeys(settings.prefix);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const cipher = createCipher(options.secretKey);
  const sealer = createSealer(cipher);
  const codec = createCheckpointCodec(cipher);
  // BullMQ's workers block on Redis: ioredis must wait for it rather than give up a command.
  const redis = withScripts(
    new Redis(settings.redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true }),
  );
  redis.on('error', () => {});

  if (options.checkKey !== false) await checkKey(redis, keys.keyCheck, sealer);

  const slotLeaseMs = settings.lockMs * 3;
  const claimed = new Map<string, WorkerRun>();
  const workflows = createWorkflowCache(redis, keys);
  const queue = new Queue(RUN_QUEUE, { connection: redis, prefix: settings.prefix });
  queue.on('error', () => {});

  const clock = parkingClock(settings.parkAfterMs);
  const catalog =
    typeof options.catalog === 'function'
      ? options.catalog({ clock, pacer: sharedPacer(redis, keys, clock) })
      : options.catalog;
  const sink = createRedisRunSink({
    redis,
    keys,
    claimed: (runId) => claimed.get(runId),
    encodeCheckpoint: (checkpoint, sensitive) => codec.write(checkpoint, sensitive),
    onCancel: (run) => run.stop(),
    onSlotFreed: (runId) => {
      Job.fromId(queue, runId)
        .then((job) => job?.promote())
        .catch(() => {});
    },
    log,
  });
  const jobs = new Map<string, RunJob>();
  // Cancel requests and call answers arrive on this connection (subscriber mode).
  const subscriber = redis.duplicate();
  subscriber.on('error', () => {});
  const api = await remoteApi({
    redis,
    subscriber,
    prefix: settings.prefix,
    workerId: id,
    sealer,
  });
  const executor = createRunExecutor({
    calls: api.calls,
    source: { load: (runId) => jobs.get(runId) ?? null },
    sink,
    catalog: guardCatalog(catalog, { markInFlight: sink.markInFlight }),
    maxRecords: options.maxRecords,
    runTimeoutMs: options.runTimeoutMs,
    sleep: parkingEngineSleep(settings.parkAfterMs),
    log,
  });

  async function processJob(job: Job<RunJobData>, token?: string): Promise<void> {
    const { runId, workflowId } = job.data;
    const owner = token ?? `${id}:${randomUUID()}`;
    const claim = await claimRun(redis, keys, runId, owner, workflowId, slotLeaseMs);
    if (claim.kind === 'unknown') {
      log.warn({ runId }, `run ${runId}: nothing to execute (not published, or already finished)`);
      return;
    }
    if (claim.kind === 'done') return;
    if (claim.kind === 'wait') {
      await job.moveToDelayed(Date.now() + SLOT_RECHECK_MS, token);
      throw new DelayedError();
    }
    const run: WorkerRun = {
      runId,
      token: owner,
      workflowId,
      inflightBefore: claim.inflight,
      parks: claim.parks,
      safeOp: false,
      lost: false,
      stop: () => executor.cancel(runId),
    };
    claimed.set(runId, run);
    try {
      let pkg: RunPackage;
      try {
        pkg = sealer.open<RunPackage>(claim.sealedPackage, `run:${runId}`);
      } catch {
        // Only the run's id is needed to report its end.
        await sink.finishUnstarted(run, { id: runId } as RunInfo, {
          status: 'failed',
          error: {
            code: 'INTERNAL',
            message:
              "The run was handed to a worker whose STEPWISE_SECRET_KEY is not the server's, so it could not read it. Give every worker the server's key, then retry the run.",
            stepId: null,
          },
          stepCount: claim.seq,
          recordsOmitted: 0,
        });
        return;
      }
      if (claim.cancelled) {
        await sink.finishUnstarted(run, pkg.run, {
          status: 'cancelled',
          error: { code: 'CANCELLED', message: 'The run was cancelled', stepId: null },
          stepCount: Math.max(pkg.lastSeq, claim.seq),
          recordsOmitted: 0,
        });
        return;
      }
      if (claim.resumes > settings.maxResumes) {
        const steps = [...claim.inflight.keys()];
        await sink.finishUnstarted(run, pkg.run, {
          status: 'failed',
          error: {
            code: 'NOT_RESUMED',
            message: `The run's worker stopped ${claim.resumes} times while running it (killed, or out of memory)${steps.length ? `, last at ${steps.join(', ')}` : ''}; it is not resumed again so that it cannot take down more workers. Look at what the run does at that point, then retry it.`,
            stepId: claim.inflight.values().next().value ?? null,
          },
          stepCount: Math.max(pkg.lastSeq, claim.seq),
          recordsOmitted: 0,
        });
        return;
      }
      jobs.set(
        runId,
        jobFromClaim({
          claim,
          pkg,
          workflow: await workflows(claim.workflowId, claim.version),
          readCheckpoint: codec.read,
          isEncrypted: codec.isEncrypted,
          stateFor: (stepId) =>
            redisStepState({
              redis,
              keys,
              sealer,
              workflowId,
              stepId,
              report: (report) => sink.report(runId, report),
            }),
          // Kept by the API in SQLite, atomically: the same values as embedded mode sees.
          storage: api.storageFor({ runId, workflowId }),
        }),
      );
      await currentRun.run(run, () => executor.execute(runId));
    } finally {
      jobs.delete(runId);
      claimed.delete(runId);
    }
    if (run.park && !run.lost) {
      await job.moveToDelayed(run.park.until, token);
      throw new DelayedError();
    }
  }

  const worker = new Worker<RunJobData>(RUN_QUEUE, processJob, {
    connection: redis,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockMs,
    stalledInterval: Math.max(1000, Math.floor(settings.lockMs / 2)),
    // Resumes are counted per run (STEPWISE_MAX_RESUMES), with a message naming the step.
    maxStalledCount: 1_000_000,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 1000 },
    name: id,
  });
  worker.on('error', (err) => log.error(`worker: ${err.message}`));
  worker.on('lockRenewalFailed', (ids) => {
    for (const runId of ids) {
      const run = claimed.get(runId);
      if (!run || run.lost) continue;
      log.warn(
        { event: 'run.taken-over', runId },
        `run ${runId}: this worker lost its claim (Redis was unreachable too long); stopping it here`,
      );
      run.lost = true;
      run.stop();
    }
  });

  // Cancel reaches the worker executing the run at once; a worker that missed the message
  // hears of it at its next write.
  subscriber.on('message', (channel: string, runId: string) => {
    if (channel === keys.cancelChannel) claimed.get(runId)?.stop();
  });
  await subscriber.subscribe(keys.cancelChannel);

  // Seen by /api/health, and the concurrency slots of runs executing here kept.
  const beat = async () => {
    const now = Date.now();
    const renew = [...claimed.values()];
    await Promise.all([
      redis.zadd(keys.workers, now, id),
      renew.length
        ? redis.swRenewSlots(
            renew.length,
            ...renew.map((r) => keys.slots(r.workflowId)),
            slotLeaseMs,
            ...renew.map((r) => r.runId),
          )
        : undefined,
    ]);
  };
  const heartbeat = setInterval(
    () => beat().catch(() => {}),
    Math.min(5_000, Math.floor(settings.lockMs / 2)),
  );
  heartbeat.unref();
  beat().catch(() => {});

  return {
    id,
    get active() {
      return claimed.size;
    },
    async close(timeoutMs = 15_000) {
      clearInterval(heartbeat);
      // Active runs finish first; past the timeout (or with Redis away) they are left, and
      // another worker resumes them after their last completed step.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      if ((await Promise.race([worker.close(), late])) === 'late') {
        for (const run of claimed.values()) run.lost = true;
        await Promise.race([worker.close(true), new Promise((r) => setTimeout(r, 2000))]);
      }
      clearTimeout(timer);
      await queue.close();
      if (redis.status === 'ready') await redis.zrem(keys.workers, id).catch(() => {});
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}

async function checkKey(
  redis: Redis,
  key: string,
  sealer: ReturnType<typeof createSealer>,
): Promise<void> {
  const existing = await redis.get(key);
  if (existing === null) {
    // No API process has started on this Redis yet: the first one to come sets the check.
    await redis.set(key, makeKeyCheck(sealer), 'NX');
    return checkKey(redis, key, sealer);
  }
  if (!keyCheckOpens(sealer, existing))
    throw new KeyMismatchError(
      'STEPWISE_SECRET_KEY is not the key the Stepwise server uses with this Redis (its key check does not open with it). Give every worker the same STEPWISE_SECRET_KEY as the server.',
    );
}
