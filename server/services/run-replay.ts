// "Replay this step" and "validate this workflow": the two calls that use a run's recorded
// data without changing any run.
import { type DebugRecord, isStepError, parseWorkflow, type Trigger } from '../../engine/index.js';
import { scheduleProblems } from '../schedules/schedule-math.js';
import type { Store } from '../db/store.js';
import type { RunRow } from '../db/runs-repo.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { AuthenticationService } from './authentication-service.js';
import type { ConnectorDirectory } from './connector-directory.js';
import { engine } from './engine.js';
import { toRecord } from './run-json.js';
import { createSecretScrubber } from './scrub.js';
import type { WorkflowService } from './workflow-service.js';

export interface ReplayDeps {
  store: Store;
  workflows: WorkflowService;
  auths: AuthenticationService;
  connectors: ConnectorDirectory;
}

/** Which record to replay: by `seq`, by `place` (one loop iteration), else the step's last one. */
export interface RecordPick {
  seq?: number;
  place?: string;
}

export async function replayRecord(
  deps: ReplayDeps,
  run: RunRow,
  stepId: string,
  pick: RecordPick,
): Promise<DebugRecord> {
  const { store, workflows, auths, connectors } = deps;
  const stored =
    pick.seq !== undefined
      ? store.runs.recordBySeq(run.id, pick.seq)
      : pick.place !== undefined
        ? store.runs.recordByPlace(run.id, pick.place)
        : store.runs.lastRecordOf(run.id, stepId);
  if (!stored || stored.stepId !== stepId) {
    const what =
      pick.seq !== undefined
        ? `Record ${pick.seq} of step "${stepId}"`
        : pick.place !== undefined
          ? `Step "${stepId}" at "${pick.place}"`
          : `Step "${stepId}"`;
    throw notFound(`${what} in run`, run.id);
  }
  const wfRow = workflows.row(run.workflowId);
  const workflow = workflows.document(run.workflowId, run.workflowVersion);
  if (!workflow) throw notFound(`Version ${run.workflowVersion} of workflow`, run.workflowId);
  const record = toRecord(stored);
  // No input was ever worked out (its mapping failed): there is nothing to send again.
  if (record.input === null && record.status === 'error') {
    throw invalid(
      'This step cannot be replayed: its input was never worked out in that run, because its mapping failed. Fix the mapping and run the workflow again.',
      [{ path: 'input', message: record.error?.message ?? 'No input was recorded' }],
    );
  }
  // A value past the record size bound was stored as a marker; replaying would send the marker.
  const cut = findTruncated(record.input);
  if (cut.length) {
    throw invalid(
      'This step cannot be replayed: its recorded input was too large to store whole',
      cut.map((p) => ({
        path: `input${p ? '.' + p : ''}`,
        message: 'This value was cut in the record',
      })),
    );
  }
  // The stored input has secrets redacted; replaying with "[redacted]" would send that text.
  const redacted = findRedacted(record.input);
  if (redacted.length) {
    throw invalid(
      'This step cannot be replayed: some of its recorded input was secret and is not stored',
      redacted.map((p) => ({
        path: `input${p ? '.' + p : ''}`,
        message: 'This value was redacted in the record',
      })),
    );
  }
  const scrubber = createSecretScrubber();
  const replayed = await Promise.resolve()
    .then(() =>
      engine.replayStep({
        workflow,
        runId: run.id,
        workflowId: run.workflowId,
        workflowVersion: run.workflowVersion,
        stepId,
        input: record.input,
        place: record.place,
        seq: store.runs.maxSeq(run.id) + 1,
        catalog: connectors.catalog,
        // The authentication is resolved again (it is not in the record), as the workflow's owner.
        resolveAuth: async (authId, ctx) => {
          const auth = auths.resolve(authId, ctx, wfRow.ownerId);
          scrubber.add(auth, connectors.catalog.secretAuthFields(auth.connector));
          return auth;
        },
        stateFor: (sid) => store.stepState.storeFor(run.workflowId, sid),
        storage: store.storage.forReplay({ runId: run.id, workflowId: run.workflowId }),
        onSecret: (value) => scrubber.addValue(value),
      }),
    )
    .catch((err: unknown) => {
      if (!isStepError(err)) throw err;
      throw new ApiError(err.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION', err.message);
    });
  return scrubber.scrubRecord(replayed);
}

/** The engine's validateWorkflow with each step's last recorded output and the stored authentications. */
export function validateVersion(
  deps: ReplayDeps,
  workflowId: string,
  version?: number,
): { path: string; message: string; stepId?: string }[] {
  const { store, workflows, connectors } = deps;
  const wf = workflows.row(workflowId);
  // Secret inputs in plain text: validation checks them like any other input.
  const plain = workflows.plainDocument(wf.id, version ?? wf.latestVersion);
  if (!plain) throw notFound(`Version ${version} of workflow`, workflowId);
  return engine.validate(
    plain,
    connectors.catalog,
    store.runs.lastOutputs(wf.id),
    (authId) => store.authentications.byId(authId) !== undefined,
    {
      // Call steps: a call to this workflow itself, or to one that is missing or not callable.
      workflowId: wf.id,
      workflowTrigger: (id) => {
        const target = store.workflows.byId(id);
        return target ? ({ type: target.triggerType } as Trigger) : null;
      },
    },
  );
}

/**
 * validate's questions to the services (a sync mapping's Salesforce fields, via describe), with
 * the authentications resolved as for a run of the workflow's owner. A step whose
 * authentication cannot be used adds nothing here: the checks above already name it.
 */
export async function serviceValidation(
  deps: ReplayDeps,
  workflowId: string,
  version?: number,
): Promise<{ path: string; message: string; stepId?: string }[]> {
  const { store, workflows, auths, connectors } = deps;
  const wf = workflows.row(workflowId);
  const stored = store.workflows.version(wf.id, version ?? wf.latestVersion);
  if (!stored) return [];
  return engine.checkWithServices(
    JSON.parse(stored.document),
    connectors.catalog,
    async (id, ctx) => auths.resolve(id, ctx, wf.ownerId),
  );
}

/** Why a saved schedule trigger cannot fire (unknown timezone, invalid cron), at `trigger.schedule.*`. */
export function scheduleValidation(
  deps: ReplayDeps,
  workflowId: string,
  version?: number,
): { path: string; message: string }[] {
  const wf = deps.workflows.row(workflowId);
  const stored = deps.store.workflows.version(wf.id, version ?? wf.latestVersion);
  if (!stored) return [];
  const parsed = parseWorkflow(JSON.parse(stored.document));
  if (!parsed.ok || parsed.workflow.trigger.type !== 'schedule') return [];
  return scheduleProblems(parsed.workflow.trigger.schedule).map((p) => ({
    path: `trigger.${p.path}`,
    message: p.message,
  }));
}

const REDACTED = '[redacted]';

/** Dotted paths of values cut by the record size bound (engine/records/truncate.ts's marker). */
function findTruncated(value: unknown, path = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => findTruncated(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object') {
    if ((value as { $truncated?: unknown }).$truncated === true) return [path];
    return Object.entries(value).flatMap(([k, v]) => findTruncated(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** Dotted paths of redacted values inside a recorded input. */
function findRedacted(value: unknown, path = ''): string[] {
  if (value === REDACTED) return [path];
  if (Array.isArray(value))
    return value.flatMap((v, i) => findRedacted(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => findRedacted(v, path ? `${path}.${k}` : k));
  return [];
}
