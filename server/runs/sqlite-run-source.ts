// The embedded mode's RunSource: the run row, its workflow version, its checkpoint and its
// authentications, read from this process's store.
import { parseWorkflow, type Checkpoint, type RunError } from '../../engine/index.js';
import type { RunRow } from '../db/runs-repo.js';
import type { AuthenticationService } from '../services/authentication-service.js';
import type { RunCore } from './run-core.js';
import { readCheckpoint, UnreadableState } from './checkpoint-store.js';
import { isFinished } from './run-rows.js';
import type { RunSource } from './run-source.js';

export function createSqliteRunSource(core: RunCore, auths: AuthenticationService): RunSource {
  const { store, workflows } = core;
  return {
    load(runId) {
      const row = core.rows.find(runId);
      if (!row || isFinished(row.status)) return null;
      const { checkpoint: text, ...run } = row;
      const base = {
        run,
        trigger: row.triggerOutput === null ? {} : JSON.parse(row.triggerOutput),
        // Only a resumed run or a retry has records already.
        lastSeq: text ? store.runs.maxSeq(runId) : 0,
        sensitive: core.checkpoints.isEncrypted(text),
        resolveAuth: () => {
          throw new Error('not loaded');
        },
        stateFor: (stepId: string) => store.stepState.storeFor(row.workflowId, stepId),
        storage: store.storage.forRun({ runId, workflowId: row.workflowId }),
      };
      const workflow = workflows.document(row.workflowId, row.workflowVersion);
      const wfRow = store.workflows.byId(row.workflowId);
      if (!workflow || !wfRow)
        return {
          ...base,
          lastSeq: store.runs.maxSeq(runId),
          problem: unreadableVersion(core, row),
        };
      let resumeFrom: Checkpoint | undefined;
      if (text) {
        try {
          const stored = readCheckpoint(core, runId, text);
          resumeFrom = stored.checkpoint;
          core.storedStates.set(runId, stored.state);
        } catch (err) {
          if (!(err instanceof UnreadableState)) throw err;
          return {
            ...base,
            lastSeq: store.runs.maxSeq(runId),
            problem: { code: 'INTERNAL', message: err.message, stepId: null },
          };
        }
      }
      return {
        ...base,
        workflow,
        resumeFrom,
        // Scheduled and webhook runs act as the workflow's owner; so do manual ones (API.md).
        resolveAuth: (authId, ctx) => auths.resolve(authId, ctx, wfRow.ownerId),
      };
    },
  };
}

/**
 * Why a run's version cannot be run. A version saved before a rule was added to the document
 * check (such as unique step ids) no longer parses: say which problems, so it can be fixed.
 */
function unreadableVersion(core: RunCore, row: RunRow): RunError {
  const stored = core.store.workflows.version(row.workflowId, row.workflowVersion);
  let parsed: ReturnType<typeof parseWorkflow> | undefined;
  try {
    parsed = stored ? parseWorkflow(JSON.parse(stored.document)) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && !parsed.ok) {
    const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    return {
      code: 'INPUT_INVALID',
      message: `Version ${row.workflowVersion} of this workflow does not pass the document check (${problems}); fix it and save a new version`,
      stepId: null,
    };
  }
  return {
    code: 'INTERNAL',
    message: `Version ${row.workflowVersion} of this workflow can no longer be read, so the run cannot go on`,
    stepId: null,
  };
}
