// Command (at start): runs left "queued" or "running" by a killed process are queued again and
// resume from their last committed checkpoint (the executor fails them if they cannot).
import type { RunCore } from './run-core.js';

export function recoverRuns(core: RunCore, enqueue: (runId: string) => void): string[] {
  const ids = core.store.runs.unfinished().map((r) => r.id);
  for (const runId of ids) enqueue(runId);
  return ids;
}
