// A checkpoint taken apart for a store that writes only what changed (the server's run
// outputs): a small position (where the run is, its counters, which outputs are in scope and
// how many results each collecting loop has), the outputs themselves, and each collecting
// loop's results. The parts share data with the running loop: compare them by identity (an
// output that is the same object as last time is already stored), and treat them as read-only.
import type { CursorEntry, EngineCheckpoint } from './context.js';
import type { Checkpoint } from './types.js';

/** The part that changes after every step; small whatever the data. */
export interface CheckpointPosition {
  version: 1;
  /** Where the run is, outermost first; a loop's entry has `resultsCount`, never its results. */
  at: CursorEntry[];
  seq: number;
  recordsOmitted: number;
  /** Step ids whose outputs are in scope (`$.steps`), stored beside the position. */
  outputs: string[];
}

export interface CheckpointParts {
  position: CheckpointPosition;
  /** Outputs in scope by step id. */
  outputs: Record<string, unknown>;
  /**
   * Collected results by loop id. Only ever appended to while the loop runs: the first
   * `resultsCount` items (in the loop's `at` entry) are the checkpoint's.
   */
  results: Record<string, unknown[]>;
}

/** Take a checkpoint written by this engine apart. Cheap: nothing is copied but the cursor. */
export function splitCheckpoint(checkpoint: Checkpoint): CheckpointParts {
  const c = checkpoint as EngineCheckpoint;
  const results: Record<string, unknown[]> = {};
  const at = c.at.map((entry): CursorEntry => {
    if (entry.kind !== 'loop' || entry.results === undefined) return entry;
    results[entry.id] = entry.results;
    const { results: _kept, ...rest } = entry;
    return { ...rest, resultsCount: entry.resultsCount ?? entry.results.length };
  });
  return {
    position: {
      version: 1,
      at,
      seq: c.seq,
      recordsOmitted: c.recordsOmitted,
      outputs: Object.keys(c.steps),
    },
    outputs: c.steps,
    results,
  };
}

/** Put the parts back together; `results` needs each loop's first `resultsCount` items at least. */
export function joinCheckpoint(parts: CheckpointParts): Checkpoint {
  const at = parts.position.at.map((entry): CursorEntry => {
    if (entry.kind !== 'loop' || entry.resultsCount === undefined) return entry;
    return { ...entry, results: (parts.results[entry.id] ?? []).slice(0, entry.resultsCount) };
  });
  const steps: Record<string, unknown> = {};
  for (const id of parts.position.outputs) steps[id] = parts.outputs[id];
  const checkpoint: EngineCheckpoint = {
    version: 1,
    at,
    steps,
    seq: parts.position.seq,
    recordsOmitted: parts.position.recordsOmitted,
  };
  return checkpoint;
}
