// Wake a waiting run: back to "queued" (atomically, so a run woken by its resume time and by
// its called run's end at once is queued once), then onto the run queue; the executor resumes
// it from its checkpoint.
import { toRunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';

export function wakeRun(core: RunCore, enqueue: (runId: string) => void, runId: string): boolean {
  if (!core.store.runs.wake(runId, core.owner.id)) return false;
  const row = core.store.runs.byId(runId);
  if (row && core.events.listenerCount('run') > 0) core.events.emit('run', toRunJson(row));
  enqueue(runId);
  return true;
}
