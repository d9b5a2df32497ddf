// What a worker reports about a run through the events stream, for the API process to drain
// into SQLite. One stream entry holds a run's reports since its last write, in order; the
// checkpoint (the latest one, in the store's own text form) rides in its own field and is
// applied after the entry's records, so a stored checkpoint never runs ahead of its records.
import type { DebugRecord, RunResponse } from '../../engine/index.js';
import type { RunOutcome, RunParked } from '../runs/run-sink.js';

export type RunReport =
  | { t: 'started'; at: string }
  | { t: 'step-start'; stepId: string; place: string; startedAt: string }
  | { t: 'record'; record: DebugRecord }
  /** A connector's per-step state (sync cursors), sealed. */
  | { t: 'state'; workflowId: string; stepId: string; key: string; value: string }
  /** A respond step answered (a webhook waiting with "reply": "respond-step" hears it). */
  | { t: 'respond'; response: RunResponse }
  /** Parked: until a time (a delay, a long 429) as a delayed job, or until a called run ends. */
  | { t: 'park'; parked: RunParked }
  | { t: 'finish'; outcome: RunOutcome };

export interface StreamEntry {
  /** The stream id. */
  id: string;
  runId: string;
  reports: RunReport[];
  checkpoint?: string;
}

/** Parse XREAD(GROUP)'s fields array. */
export function parseEntry(id: string, fields: string[]): StreamEntry | null {
  let runId: string | undefined;
  let reports: RunReport[] = [];
  let checkpoint: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1];
    if (fields[i] === 'run') runId = value;
    else if (fields[i] === 'r') reports = JSON.parse(value) as RunReport[];
    else if (fields[i] === 'c') checkpoint = value;
  }
  return runId ? { id, runId, reports, checkpoint } : null;
}
