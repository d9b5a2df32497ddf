// Retention: finished runs older than the window (STEPWISE_RETENTION_DAYS, failed runs
// STEPWISE_RETENTION_FAILED_DAYS) are deleted with their records, checkpoint and stored
// outputs. One call deletes one small batch in its own short transaction, so that requests
// and runs never wait long for it; the upkeep calls it again while there is more to do.
import type { RunCore } from './run-core.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per transaction. */
export const PRUNE_BATCH = 500;

export interface RetentionWindow {
  retentionDays: number;
  retentionFailedDays: number;
}

/** Delete one batch; answers how many rows went (0: nothing is past the window). */
export function pruneRuns(core: RunCore, window: RetentionWindow): number {
  const now = core.now();
  const cutoff = new Date(now - window.retentionDays * DAY_MS).toISOString();
  const failedCutoff = new Date(now - window.retentionFailedDays * DAY_MS).toISOString();
  const repo = core.store.retention;
  const runId = repo.oldestExpired(cutoff, failedCutoff);
  if (runId === undefined) return 0;
  return core.store.db.transaction(() => {
    // Records and outputs first, a batch at a time; the run row goes with the last of them.
    let deleted = repo.deleteRecords(runId, PRUNE_BATCH);
    if (deleted < PRUNE_BATCH) deleted += repo.deleteOutputs(runId, PRUNE_BATCH - deleted);
    if (deleted < PRUNE_BATCH) deleted += repo.deleteRun(runId);
    return Math.max(deleted, 1);
  })();
}
