// Reading run rows, including runs whose insert is still waiting in the group commit (a run
// started with `durable: false` is visible at once to its own process).
import type { RunRow } from '../db/runs-repo.js';
import type { Store } from '../db/store.js';
import { notFound } from '../errors.js';
import { toRunJson, type RunJson } from '../services/run-json.js';

export const FINISHED = ['succeeded', 'failed', 'cancelled'] as const;
export const isFinished = (status: string): boolean =>
  (FINISHED as readonly string[]).includes(status);

export function createRunRows(store: Store) {
  const fresh = new Map<string, RunRow>();
  const find = (id: string): RunRow | undefined => fresh.get(id) ?? store.runs.byId(id);
  return {
    /** Runs inserted in this process whose insert has not committed yet. */
    fresh,
    find,
    get(id: string): RunRow {
      const row = store.runs.byId(id) ?? fresh.get(id);
      if (!row) throw notFound('Run', id);
      return row;
    },
    /** The row without its checkpoint (which can be megabytes): for answering status reads. */
    peek(id: string): RunRow {
      const row = store.runs.byIdLight(id) ?? fresh.get(id);
      if (!row) throw notFound('Run', id);
      return row;
    },
    /** The API shape; a running run's step count is the records stored so far. */
    json(row: RunRow): RunJson {
      return toRunJson(row, row.status === 'running' ? store.runs.maxSeq(row.id) : undefined);
    },
  };
}
export type RunRows = ReturnType<typeof createRunRows>;
