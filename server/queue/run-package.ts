// What a worker needs to execute a run, as the API process publishes it to Redis (sealed
// with the shared key): the run, why it cannot run if so, and the authentications its steps
// name, each already resolved as the workflow's owner (or the StepError resolving gave).
// The job itself carries ids only.
import {
  eachStep,
  StepError,
  isStepError,
  type ResolvedAuth,
  type RunError,
  type StepErrorCode,
  type Workflow,
} from '../../engine/index.js';
import type { RunInfo } from '../runs/run-sink.js';
import type { RunJob } from '../runs/run-source.js';

export interface AuthUsage {
  authId: string;
  connector: string;
  stepId: string;
  service: string | null;
}

export type PackedAuth =
  | { auth: ResolvedAuth }
  | { error: { code: StepErrorCode; message: string; details: Record<string, unknown> } };

export interface RunPackage {
  run: RunInfo;
  problem?: RunError;
  /** Highest record seq stored when published (a retry from a step has some). */
  lastSeq: number;
  sensitive: boolean;
  /** By usageKey(). */
  auths: Record<string, PackedAuth>;
}

export const usageKey = (u: {
  authId: string;
  connector: string;
  stepId: string;
  service: string | null;
}): string => `${u.stepId}\u0000${u.authId}\u0000${u.connector}\u0000${u.service ?? ''}`;

/** Every (step, authentication) pair the engine will ask to resolve, as it will ask it. */
export function authUsages(workflow: Workflow): AuthUsage[] {
  const out: AuthUsage[] = [];
  eachStep(workflow.steps, (step) => {
    const s = step as { type?: string; id: string; connector?: string; auth?: unknown };
    if ((s.type !== undefined && s.type !== 'connector') || !s.connector) return;
    if (typeof s.auth === 'string')
      out.push({ authId: s.auth, connector: s.connector, stepId: s.id, service: null });
    else if (s.auth && typeof s.auth === 'object')
      for (const [service, authId] of Object.entries(s.auth as Record<string, unknown>))
        if (typeof authId === 'string')
          out.push({ authId, connector: service, stepId: s.id, service });
  });
  return out;
}

/** Resolve every usage now, in the API process that can read the authentications. */
export async function packAuths(job: RunJob): Promise<Record<string, PackedAuth>> {
  const auths: Record<string, PackedAuth> = {};
  if (!job.workflow) return auths;
  for (const usage of authUsages(job.workflow)) {
    const key = usageKey(usage);
    if (auths[key]) continue;
    try {
      auths[key] = {
        auth: await job.resolveAuth(usage.authId, {
          connector: usage.connector,
          stepId: usage.stepId,
          service: usage.service,
        }),
      };
    } catch (err) {
      const e = isStepError(err)
        ? err
        : new StepError('INTERNAL', err instanceof Error ? err.message : String(err));
      auths[key] = { error: { code: e.code, message: e.message, details: e.details } };
    }
  }
  return auths;
}

/** The worker's side of packAuths: the same answer, or the same StepError. */
export function unpackAuth(
  auths: Record<string, PackedAuth>,
  authId: string,
  ctx: { connector: string; stepId: string; service: string | null },
): ResolvedAuth {
  const packed = auths[usageKey({ authId, ...ctx })];
  if (!packed)
    throw new StepError(
      'AUTH_MISSING',
      `Step "${ctx.stepId}" names authentication "${authId}", which was not handed to this run`,
      { details: { authId } },
    );
  if ('error' in packed)
    throw new StepError(packed.error.code, packed.error.message, { details: packed.error.details });
  return packed.auth;
}
