// Command: put a new run on the queue.
import type { RunRow } from '../db/runs-repo.js';
import { newTimeOrderedId } from '../db/ids.js';
import { toRunJson, type RunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';

export interface StartRun {
  workflowId: string;
  triggerType: string;
  triggerOutput: unknown;
  startedBy: string | null;
  /** Default: the latest version. */
  version?: number;
  retryOf?: string;
  checkpoint?: string | null;
  /** Records to carry over from the run being retried (the steps the checkpoint reuses). */
  copyRecords?: { runId: string; upToSeq: number };
  /** Started by a call step: who called, the call's key (one run per key) and the chain's depth. */
  call?: {
    calledBy: { runId: string; workflowId: string; stepId: string };
    key: string;
    depth: number;
  };
}

/**
 * Queue a run. Resolves once the run is committed, so a 202 never names a run that a crash
 * could lose. With `durable: false` (?wait=1, whose caller learns of a crash as a broken
 * connection) it resolves at once, and the insert shares the first step's commit.
 */
export async function startRun(
  core: RunCore,
  enqueue: (runId: string) => void | Promise<void>,
  input: StartRun,
  options: { durable?: boolean } = {},
): Promise<RunJson> {
  const { store, events, rows } = core;
  const wf = core.workflows.row(input.workflowId);
  const id = newTimeOrderedId('run', core.now());
  const insert = {
    id,
    workflowId: wf.id,
    workflowVersion: input.version ?? wf.latestVersion,
    triggerType: input.triggerType,
    triggerOutput: JSON.stringify(input.triggerOutput ?? {}),
    startedBy: input.startedBy,
    retryOf: input.retryOf ?? null,
    createdAt: core.iso(),
    checkpoint: input.checkpoint ?? null,
    calledBy: input.call ? JSON.stringify(input.call.calledBy) : null,
    callKey: input.call?.key ?? null,
    callDepth: input.call?.depth ?? 0,
    // Queued here, so this process executes it: another one leaves it alone while we live.
    leaseOwner: core.owner.id,
  };
  const copy = input.copyRecords;
  const { callKey: _key, ...known } = insert;
  const row: RunRow = {
    ...known,
    status: 'queued',
    startedAt: null,
    finishedAt: null,
    error: null,
    stepCount: 0,
    recordsOmitted: 0,
    resumeAt: null,
    waitingFor: null,
    response: null,
  };
  rows.fresh.set(id, row);
  const committed = store.batch
    .write(() => {
      store.runs.insert(insert);
      // The checkpoint names its source run's stored outputs: the retry gets its own copy.
      if (insert.checkpoint !== null && insert.retryOf !== null)
        store.runOutputs.copyRun(insert.retryOf, id);
      if (copy) store.runs.copyRecords(store.runs.recordsUpTo(copy.runId, copy.upToSeq), id);
    })
    .finally(() => rows.fresh.delete(id));
  if (options.durable === false)
    committed.catch((err: unknown) =>
      core.log.error(
        { runId: id },
        `run ${id}: could not store the run: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  else await committed;
  const run = toRunJson(row);
  if (events.listenerCount('run') > 0) events.emit('run', run);
  // Queue mode: the 202 waits until the run is in Redis (a failure there answers 503).
  await enqueue(id);
  return run;
}
