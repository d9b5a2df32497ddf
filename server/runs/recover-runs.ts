// Command (at start): take over the runs no live process owns (left "queued" or "running" by a
// process that was killed, or whose lease ran out), and queue them: they resume from their last
// committed checkpoint (the executor fails them if they cannot).
//
// The crash-loop guard: a run in flight during two unclean stops in a row (two executions
// began, neither ended) may be what stops the process. It is failed rather than resumed a
// third time, so the server starts; its error names the last step it recorded.
import { finishRun } from './finish-run.js';
import { ownerAlive } from './leases/owner.js';
import type { RunCore } from './run-core.js';

/** Executions begun and not ended cleanly at which a run is no longer resumed. */
export const NOT_RESUMED_AFTER = 2;

export function recoverRuns(core: RunCore, enqueue: (runId: string) => void): string[] {
  const { store, owner } = core;
  const now = core.now();
  const rows = store.leases.unfinished();
  const taken: string[] = [];
  for (const row of rows) {
    if (row.owner === owner.id) continue;
    if (row.owner !== null && ownerAlive(row, owner, core.leaseMs, now)) continue;
    // Compare-and-set on the owner read above: of two processes starting at once, one wins.
    if (!store.leases.claim(row.id, owner.id, row.owner)) continue;
    if (store.runs.inFlight(row.id) >= NOT_RESUMED_AFTER) {
      void notResumed(core, row.id);
      continue;
    }
    taken.push(row.id);
    enqueue(row.id);
  }
  return taken;
}

async function notResumed(core: RunCore, runId: string): Promise<void> {
  const place = core.store.runs.lastPlace(runId);
  const message = `The run stopped the server twice; not resumed. Both times the server stopped unexpectedly while this run was executing, ${place ? `after its step "${place}"` : 'before its first step ended'}, so the step after it may be what stops the server. Look at that step (a very large answer, a loop that never ends), then retry the run.`;
  core.log.error({ event: 'run.not-resumed', runId }, `run ${runId}: ${message}`);
  try {
    await finishRun(core, runId, {
      status: 'failed',
      // No step is marked failed: the last recorded one ended well, the one after it is a guess.
      error: { code: 'NOT_RESUMED', message, stepId: null },
      stepCount: core.store.runs.maxSeq(runId),
      recordsOmitted: 0,
    });
  } catch (err) {
    core.log.error(
      { runId },
      `run ${runId}: could not be marked failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
