// Store a run's end, then tell live listeners and waiters. `known` is the row as the caller
// last read it: the answer is built from it rather than read back, as this is on every run's path.
import { toRunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';
import type { RunInfo, RunOutcome } from './run-sink.js';

export async function finishRun(
  core: RunCore,
  runId: string,
  outcome: RunOutcome,
  known?: RunInfo,
  /** More to write in the same commit (dropping a succeeded run's checkpoint). */
  alsoWrite?: () => void,
): Promise<void> {
  const { store, events, workflows } = core;
  const finishedAt = core.iso();
  const errorText = outcome.error ? JSON.stringify(outcome.error) : null;
  const { status, stepCount, recordsOmitted } = outcome;
  await store.batch.write(() => {
    store.runs.finish({
      id: runId,
      status,
      finishedAt,
      error: errorText,
      stepCount,
      recordsOmitted,
      response: outcome.response ? JSON.stringify(outcome.response) : null,
    });
    // The storage connector's `run` values end with the run, in the same commit.
    store.storage.clearRun(runId);
    alsoWrite?.();
  });
  const row: RunInfo = known
    ? { ...known, status, finishedAt, error: errorText, stepCount, recordsOmitted }
    : core.rows.get(runId);
  const run = toRunJson(row);
  if (events.listenerCount('run') > 0) events.emit('run', run);
  if (events.listenerCount('finished') > 0) {
    const wf = store.workflows.byId(row.workflowId);
    const document = workflows.document(row.workflowId, row.workflowVersion) ?? null;
    if (wf)
      events.emit('finished', {
        run,
        workflow: { id: wf.id, name: wf.name, document, ownerId: wf.ownerId },
      });
  }
  core.waiters.notify(run);
  // A run started by a call step: the caller parked waiting for it goes on now.
  if (row.calledBy) for (const caller of store.runs.callersOf(runId)) core.waits.wake(caller);
}
