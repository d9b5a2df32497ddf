// How long a run took, in seconds, from its stored times. The run log and the run counters
// both ask, for every run that ends, of the same event object: worked out once for it.
import type { RunJson } from './run-json.js';

let lastRun: RunJson | undefined;
let lastSeconds: number | null = null;

/** Seconds from start (or creation, for a run that never started) to end; null while it runs. */
export function runSeconds(run: RunJson): number | null {
  if (run === lastRun) return lastSeconds;
  lastSeconds = run.finishedAt
    ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt ?? run.createdAt)) / 1000
    : null;
  lastRun = run;
  return lastSeconds;
}
