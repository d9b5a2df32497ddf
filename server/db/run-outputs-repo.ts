// The outputs a run's checkpoint refers to (run_outputs), written once each: a step's output
// while it is in scope, and chunks of a collecting loop's results.
import type { Db } from './open-db.js';

/** JSON text, or an encrypted blob. */
export type StoredValue = string | Buffer;

export function createRunOutputsRepo(db: Db) {
  const s = {
    put: db.prepare(
      'INSERT INTO run_outputs (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    ),
    get: db.prepare('SELECT value FROM run_outputs WHERE run_id = ? AND key = ?').pluck(),
    remove: db.prepare('DELETE FROM run_outputs WHERE run_id = ? AND key = ?'),
    // Keys from `prefix` up to (not including) the next prefix: `results:loop-1:` .. `results:loop-1;`.
    removeRange: db.prepare('DELETE FROM run_outputs WHERE run_id = ? AND key >= ? AND key < ?'),
    range: db.prepare(
      'SELECT key, value FROM run_outputs WHERE run_id = ? AND key >= ? AND key < ? ORDER BY key',
    ),
    removeRun: db.prepare('DELETE FROM run_outputs WHERE run_id = ?'),
    copyRun: db.prepare(
      'INSERT INTO run_outputs (run_id, key, value) SELECT ?, key, value FROM run_outputs WHERE run_id = ?',
    ),
  };
  const end = (prefix: string) =>
    prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return {
    put(runId: string, key: string, value: StoredValue): void {
      s.put.run(runId, key, value);
    },
    get: (runId: string, key: string) => s.get.get(runId, key) as StoredValue | undefined,
    remove(runId: string, key: string): void {
      s.remove.run(runId, key);
    },
    removePrefix(runId: string, prefix: string): void {
      s.removeRange.run(runId, prefix, end(prefix));
    },
    withPrefix: (runId: string, prefix: string) =>
      s.range.all(runId, prefix, end(prefix)) as { key: string; value: StoredValue }[],
    removeRun(runId: string): void {
      s.removeRun.run(runId);
    },
    /** A retry from the failed step starts with its source run's outputs. */
    copyRun(fromRunId: string, toRunId: string): void {
      s.copyRun.run(toRunId, fromRunId);
    },
  };
}
export type RunOutputsRepo = ReturnType<typeof createRunOutputsRepo>;
