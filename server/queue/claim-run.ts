// A worker takes a run for one execution: the CLAIM script (redis-scripts.ts) makes this job
// token the run's owner and hands back what the API published (sealed), its latest checkpoint,
// the last seq and the unsafe steps that were in flight; the workflow version comes from its
// own key, parsed once per worker.
import {
  parseWorkflow,
  type Checkpoint,
  type RunError,
  type Workflow,
} from '../../engine/index.js';
import type { Redis } from 'ioredis';
import type { RunJob } from '../runs/run-source.js';
import type { RedisKeys } from './redis-keys.js';
import type { ScriptedRedis } from './redis-scripts.js';
import { unpackAuth, type RunPackage } from './run-package.js';

export type Claim =
  | { kind: 'unknown' }
  | { kind: 'done' }
  | { kind: 'wait' }
  | {
      kind: 'ok';
      workflowId: string;
      version: number;
      checkpointText: string;
      seq: number;
      cancelled: boolean;
      resumes: number;
      parks: number;
      inflight: Map<string, string>;
      /** The package did not open: sealed with another key. */
      sealedPackage: string;
    };

export async function claimRun(
  redis: ScriptedRedis,
  keys: RedisKeys,
  runId: string,
  token: string,
  workflowId: string,
  slotLeaseMs: number,
): Promise<Claim> {
  const out = await redis.swClaim(
    keys.run(runId),
    keys.inflight(runId),
    keys.slots(workflowId),
    keys.slotWaiters(workflowId),
    keys.events,
    token,
    runId,
    slotLeaseMs,
    // The drain marks the run running (SQLite) from this report, sent with the claim.
    JSON.stringify([{ t: 'started', at: new Date().toISOString() }]),
  );
  if (out[0] === 'unknown' || out[0] === 'done' || out[0] === 'wait') return { kind: out[0] };
  const [, pkg, ckpt, seq, cancel, resumes, parks, wf, v, ...rest] = out;
  const inflight = new Map<string, string>();
  for (let i = 0; i + 1 < rest.length; i += 2) inflight.set(rest[i], rest[i + 1]);
  return {
    kind: 'ok',
    workflowId: wf,
    version: Number(v),
    checkpointText: ckpt,
    seq: Number(seq) || 0,
    cancelled: cancel === '1',
    resumes: Number(resumes) || 0,
    parks: Number(parks) || 0,
    inflight,
    sealedPackage: pkg,
  };
}

/** Parsed workflow versions: a version never changes once saved. */
export function createWorkflowCache(redis: Redis, keys: RedisKeys, max = 500) {
  const cache = new Map<string, Workflow | RunError>();
  return async (workflowId: string, version: number): Promise<Workflow | RunError> => {
    const id = `${workflowId}:${version}`;
    const hit = cache.get(id);
    if (hit) return hit;
    let text = await redis.get(keys.workflow(workflowId, version));
    // Published again a moment ago after Redis lost it: the API sends it right after the job.
    for (let i = 0; text === null && i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      text = await redis.get(keys.workflow(workflowId, version));
    }
    let value: Workflow | RunError;
    if (text === null) {
      // Not cached: the next run of this version may find it published again.
      return {
        code: 'INTERNAL',
        message: `Version ${version} of this workflow is not in Redis (it expired or Redis lost it), so the run cannot go on here`,
        stepId: null,
      };
    }
    const parsed = parseWorkflow(JSON.parse(text));
    value = parsed.ok
      ? parsed.workflow
      : {
          code: 'INPUT_INVALID',
          message: `Version ${version} of this workflow does not pass the document check (${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}); fix it and save a new version`,
          stepId: null,
        };
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(id, value);
    return value;
  };
}

export const isRunError = (v: Workflow | RunError): v is RunError =>
  typeof (v as RunError).code === 'string' && !('steps' in v);

/** The executor's RunJob, from a claim and the opened package. */
export function jobFromClaim(deps: {
  claim: Extract<Claim, { kind: 'ok' }>;
  pkg: RunPackage;
  workflow: Workflow | RunError;
  readCheckpoint(text: string): Checkpoint;
  isEncrypted(text: string): boolean;
  stateFor: RunJob['stateFor'];
  /** The storage connector's values, through the API process (remote-calls.ts). */
  storage: RunJob['storage'];
}): RunJob {
  const { claim, pkg, workflow } = deps;
  const base: RunJob = {
    run: pkg.run,
    trigger: pkg.run.triggerOutput === null ? {} : JSON.parse(pkg.run.triggerOutput),
    lastSeq: Math.max(pkg.lastSeq, claim.seq),
    sensitive: pkg.sensitive || deps.isEncrypted(claim.checkpointText),
    resolveAuth: (authId, ctx) => unpackAuth(pkg.auths, authId, ctx),
    stateFor: deps.stateFor,
    storage: deps.storage,
  };
  if (pkg.problem) return { ...base, problem: pkg.problem };
  if (isRunError(workflow)) return { ...base, problem: workflow };
  let resumeFrom: Checkpoint | undefined;
  try {
    resumeFrom = claim.checkpointText ? deps.readCheckpoint(claim.checkpointText) : undefined;
  } catch {
    return {
      ...base,
      problem: {
        code: 'INTERNAL',
        message:
          'The run was interrupted and its last checkpoint cannot be read, so it cannot resume',
        stepId: null,
      },
    };
  }
  return { ...base, workflow, resumeFrom };
}
