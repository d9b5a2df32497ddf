// The deletes of retention (server/runs/prune-runs.ts), each bounded by a row count.
import type { Db } from './open-db.js';

export function createRetentionRepo(db: Db) {
  const s = {
    // finished_at is ISO text, which sorts as time; the partial index holds finished runs only.
    oldestDone: db
      .prepare(
        "SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ? AND status != 'failed' ORDER BY finished_at LIMIT 1",
      )
      .pluck(),
    oldestFailed: db
      .prepare(
        "SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ? AND status = 'failed' ORDER BY finished_at LIMIT 1",
      )
      .pluck(),
    records: db.prepare(
      'DELETE FROM run_records WHERE run_id = ? AND seq IN (SELECT seq FROM run_records WHERE run_id = ? ORDER BY seq LIMIT ?)',
    ),
    outputs: db.prepare(
      'DELETE FROM run_outputs WHERE rowid IN (SELECT rowid FROM run_outputs WHERE run_id = ? LIMIT ?)',
    ),
    checkpoint: db.prepare('DELETE FROM run_checkpoints WHERE run_id = ?'),
    run: db.prepare('DELETE FROM runs WHERE id = ?'),
  };
  return {
    oldestExpired: (cutoff: string, failedCutoff: string) =>
      (s.oldestDone.get(cutoff) ?? s.oldestFailed.get(failedCutoff)) as string | undefined,
    deleteRecords: (runId: string, limit: number) => s.records.run(runId, runId, limit).changes,
    deleteOutputs: (runId: string, limit: number) => s.outputs.run(runId, limit).changes,
    deleteRun: (runId: string) => s.checkpoint.run(runId).changes + s.run.run(runId).changes,
  };
}
