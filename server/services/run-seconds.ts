// How long a run took, in seconds, from its stored times: the run log and the run counters
// both report it.
import type { RunJson } from './run-json.js';

/** Seconds from start (or creation, for a run that never started) to end; null while it runs. */
export function runSeconds(run: RunJson): number | null {
  if (!run.finishedAt) return null;
  return (Date.parse(run.finishedAt) - Date.parse(run.startedAt ?? run.createdAt)) / 1000;
}
