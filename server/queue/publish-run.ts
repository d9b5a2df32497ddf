// The API process hands a run to the workers: everything the run needs goes into Redis (the
// package sealed with the shared key, the checkpoint it resumes from, the workflow version,
// the connectors' state), then a BullMQ job that carries ids only. Publishing an existing run
// changes nothing but makes sure its job exists: recovery may call it for every unfinished run.
import type { Queue } from 'bullmq';
import type { RunCore } from '../runs/run-core.js';
import type { RunSource } from '../runs/run-source.js';
import type { RedisKeys } from './redis-keys.js';
import type { ScriptedRedis } from './redis-scripts.js';
import { stateAad } from './redis-step-state.js';
import { packAuths, type RunPackage } from './run-package.js';
import type { RunJobData } from './run-worker.js';
import type { Sealer } from './sealed.js';

/** A workflow version stays in Redis this long after its last run was published. */
const WORKFLOW_TTL_SECONDS = 40 * 24 * 3600;
/** Refresh a version's copy in Redis this often (each API process). */
const WORKFLOW_REFRESH_MS = 3600_000;

export function createRunPublisher(deps: {
  core: RunCore;
  /** The SQLite RunSource: the same reading of a run as embedded mode's. */
  source: RunSource;
  redis: ScriptedRedis;
  keys: RedisKeys;
  sealer: Sealer;
  queue: Queue<RunJobData>;
}) {
  const { core, source, redis, keys, sealer, queue } = deps;
  const published = new Map<string, number>();
  const seeded = new Set<string>();

  /** Connectors' state kept in SQLite, copied to Redis where Redis has none (once per process). */
  async function seedState(workflowId: string): Promise<void> {
    if (seeded.has(workflowId)) return;
    const rows = core.store.stepState.all(workflowId);
    if (rows.length) {
      const multi = redis.multi();
      for (const row of rows)
        multi.hsetnx(
          keys.stepState(workflowId, row.stepId),
          row.key,
          sealer.seal(JSON.parse(row.value), stateAad(workflowId, row.stepId, row.key)),
        );
      await multi.exec();
    }
    seeded.add(workflowId);
  }

  return async function publish(runId: string): Promise<void> {
    const row = core.rows.find(runId);
    const job = row ? await source.load(runId) : null;
    // What the SQLite source keeps for the embedded sink, which never opens this run here.
    core.storedStates.delete(runId);
    if (!row || !job) return;
    const { workflowId, workflowVersion } = job.run;
    const versionKey = `${workflowId}:${workflowVersion}`;
    const due = (published.get(versionKey) ?? 0) + WORKFLOW_REFRESH_MS < Date.now();
    const pkg: RunPackage = {
      run: job.run,
      ...(job.problem ? { problem: job.problem } : {}),
      lastSeq: job.lastSeq,
      sensitive: job.sensitive,
      auths: await packAuths(job),
    };
    const fields: string[] = [
      'pkg',
      sealer.seal(pkg, `run:${runId}`),
      'status',
      'queued',
      'seq',
      String(job.lastSeq),
      'wf',
      workflowId,
      'v',
      String(workflowVersion),
      'limit',
      String(job.workflow?.settings?.concurrency ?? 0),
    ];
    // Whole, in the checkpoint's own text form: SQLite keeps it split (outputs stored apart).
    if (job.resumeFrom) fields.push('ckpt', core.checkpoints.write(job.resumeFrom, job.sensitive));
    if (job.workflow) await seedState(workflowId);
    const document = job.workflow ? JSON.stringify(job.workflow) : '';
    // Sent first on this connection, so Redis holds the run before the job below exists.
    const publishing = redis.swPublish(
      keys.run(runId),
      keys.workflow(workflowId, workflowVersion),
      due ? document : '',
      WORKFLOW_TTL_SECONDS,
      ...fields,
    );
    // The job id is the run id: adding it again while it exists is a no-op.
    const adding = queue.add(
      'run',
      { runId, workflowId },
      { jobId: runId, removeOnComplete: true, removeOnFail: 1000 },
    );
    const [[, stored]] = await Promise.all([publishing, adding]);
    // Redis lost the version (restarted without its data) since this process last sent it; a
    // worker that finds it missing looks again for a few seconds (claim-run.ts).
    if (!stored && document)
      await redis.set(
        keys.workflow(workflowId, workflowVersion),
        document,
        'EX',
        WORKFLOW_TTL_SECONDS,
      );
    if (due) published.set(versionKey, Date.now());
  };
}
