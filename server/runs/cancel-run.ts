// Command: cancel a run. A queued or waiting one ends at once; a running one stops at the
// engine's next safe point, and the answer waits a little for that end state.
import { ApiError } from '../errors.js';
import type { RunQueue } from '../queue/run-queue.js';
import type { RunJson } from '../services/run-json.js';
import type { RunExecutor } from './execute-run.js';
import { finishRun } from './finish-run.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';
import { waitForRun } from './run-queries.js';

export async function cancelRun(
  core: RunCore,
  queue: RunQueue | undefined,
  executor: RunExecutor,
  id: string,
): Promise<RunJson> {
  const row = core.rows.get(id);
  if (isFinished(row.status))
    throw new ApiError(
      'CONFLICT',
      `This run has already ${row.status === 'cancelled' ? 'been cancelled' : row.status}`,
    );
  if (row.status === 'queued' && queue?.remove(id)) {
    await finishRun(core, id, {
      status: 'cancelled',
      error: {
        code: 'CANCELLED',
        message: 'The run was cancelled before it started',
        stepId: null,
      },
      stepCount: 0,
      recordsOmitted: 0,
    });
    return core.rows.json(core.rows.get(id));
  }
  // A parked run holds nothing to stop: it ends here (unless it was woken a moment ago, and is
  // queued or running: then as below).
  if (row.status === 'waiting') {
    const error = {
      code: 'CANCELLED',
      message: 'The run was cancelled while it waited',
      stepId: null,
    };
    if (core.store.runs.cancelWaiting(id, core.iso(), JSON.stringify(error))) {
      await finishRun(core, id, {
        status: 'cancelled',
        error,
        stepCount: core.store.runs.maxSeq(id),
        recordsOmitted: row.recordsOmitted,
      });
      return core.rows.json(core.rows.get(id));
    }
    return cancelRun(core, queue, executor, id);
  }
  executor.cancel(id);
  return (await waitForRun(core, id, 5000)) ?? core.rows.json(core.rows.get(id));
}
