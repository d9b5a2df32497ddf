// GET /api/runs: runs across workflows, newest first, with the same cursor paging as a
// workflow's own history (one extra row tells whether there is a next page).
import type { RunSearch } from '../db/runs-repo.js';
import { invalid } from '../errors.js';
import type { RunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';

export function listRuns(
  core: RunCore,
  q: RunSearch,
): { runs: RunJson[]; nextBefore: string | null } {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    throw invalid('The time range is empty', [
      { path: 'to', message: '"to" must be later than "from"' },
    ]);
  const rows = core.store.runs.search({ ...q, limit: q.limit + 1 });
  if (rows === null)
    throw invalid('Unknown run in "before"', [
      { path: 'before', message: `There is no run "${q.before}"` },
    ]);
  const runs = rows.slice(0, q.limit).map((r) => core.rows.json(r));
  return { runs, nextBefore: rows.length > q.limit ? runs[runs.length - 1].id : null };
}
