// Queries the routes call: one run, its records, a workflow's run history, statuses, and
// waiting for a run to end.
import type { DebugRecord, RunStatus } from '../../engine/index.js';
import { invalid } from '../errors.js';
import { toRecord, toRunJson, type RunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';

/** Resolves with the finished run, or null when it has not finished within `timeoutMs`. */
export function waitForRun(core: RunCore, id: string, timeoutMs: number): Promise<RunJson | null> {
  // A run just started is still in memory: no need to ask SQLite whether it has ended.
  const row = core.rows.fresh.get(id) ?? core.rows.peek(id);
  if (isFinished(row.status)) return Promise.resolve(toRunJson(row));
  return core.waiters.wait(id, timeoutMs);
}

export function runRecords(
  core: RunCore,
  id: string,
  after: number,
  limit: number,
): { records: DebugRecord[]; nextAfter: number | null } {
  core.rows.peek(id);
  // One extra row tells whether there is a next page without a COUNT query.
  const rows = core.store.runs.page(id, after, limit + 1);
  const records = rows.slice(0, limit).map(toRecord);
  return { records, nextAfter: rows.length > limit ? records[records.length - 1].seq : null };
}

export function runHistory(
  core: RunCore,
  q: { workflowId: string; status?: RunStatus; before?: string; limit: number },
): { runs: RunJson[]; nextBefore: string | null } {
  core.workflows.row(q.workflowId);
  const rows = core.store.runs.history({ ...q, limit: q.limit + 1 });
  if (rows === null)
    throw invalid('Unknown run in "before"', [
      { path: 'before', message: `There is no run "${q.before}"` },
    ]);
  const runs = rows.slice(0, q.limit).map((r) => toRunJson(r));
  return { runs, nextBefore: rows.length > q.limit ? runs[runs.length - 1].id : null };
}

export function runStatuses(core: RunCore, ids: string[]): Record<string, RunStatus> {
  const out: Record<string, RunStatus> = {};
  for (const runId of ids) {
    const row = core.store.runs.byIdLight(runId);
    if (row) out[runId] = row.status;
  }
  return out;
}
