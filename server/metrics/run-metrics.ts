// Run counters from the live run events (stored changes, in both modes): a run created counts
// as started (by trigger type), an ended run as finished (by status and trigger) with its
// duration, each stored debug record as written.
import type { RunEvents } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';
import { runSeconds } from '../services/run-seconds.js';
import type { Metrics } from './metrics.js';

export function countRuns(events: RunEvents, metrics: Metrics): () => void {
  const onRun = (run: RunJson) => {
    switch (run.status) {
      case 'queued':
        // A new run; a waiting run woken is queued again, but it has started before.
        if (run.startedAt === null) metrics.runStarted(run.trigger.type);
        break;
      case 'succeeded':
      case 'failed':
      case 'cancelled': {
        metrics.runFinished(run.status, run.trigger.type, runSeconds(run));
        break;
      }
    }
  };
  const onStep = () => metrics.recordsWritten(1);
  events.on('run', onRun);
  events.on('step', onStep);
  return () => {
    events.off('run', onRun);
    events.off('step', onStep);
  };
}
