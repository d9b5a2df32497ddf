// How a run's checkpoint is stored so that a step costs the same whatever the data around it:
// the position (where the run is; small) is rewritten after each group commit, while outputs
// go to run_outputs once each and are then only referred to. Outputs are compared by identity:
// the CSV's rows read by the first step are the same object in every later checkpoint, so they
// are written (and, once the run uses an authentication, encrypted) once. A collecting loop's
// results are appended in chunks, never rewritten.
import {
  joinCheckpoint,
  splitCheckpoint,
  type Checkpoint,
  type CheckpointPosition,
} from '../../engine/index.js';
import type { StoredValue } from '../db/run-outputs-repo.js';
import type { RunCore } from './run-core.js';

// A step's output is stored in chunks (`step:<id>:000000`, ...) of about CHUNK characters,
// so that a big one never needs one big allocation in SQLite. Step ids have no ':'.
const CHUNK = 256 * 1024;
const stepPrefix = (stepId: string) => `step:${stepId}:`;
const chunkKey = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`;
// A collecting loop's results are stored this many items to a row.
const RESULTS_PER_ROW = 1000;
const resultsPrefix = (loopId: string) => `results:${loopId}:`;
// Zero-padded so that the chunks of a loop sort by their first index.
const resultsKey = (loopId: string, from: number) =>
  `${resultsPrefix(loopId)}${String(from).padStart(12, '0')}`;

/** What is already stored for a run: the objects last written (by identity) and their chunks. */
export interface StoredState {
  outputs: Map<string, { value: unknown; chunks: number }>;
  results: Map<string, { list: unknown[]; count: number }>;
}

export const emptyState = (): StoredState => ({ outputs: new Map(), results: new Map() });

/** Thrown when a stored checkpoint or output cannot be read back; says which. */
export class UnreadableState extends Error {}

function encode(core: RunCore, key: string, text: string, sensitive: boolean): StoredValue {
  return sensitive ? core.cipher.encrypt(text, `output:${key}`) : text;
}

function decode(core: RunCore, key: string, value: StoredValue): string {
  return typeof value === 'string' ? value : core.cipher.decrypt(value, `output:${key}`);
}

/** Store a step's output in chunks (encrypted once each when `sensitive`); answers how many. */
function putOutput(
  core: RunCore,
  runId: string,
  stepId: string,
  value: unknown,
  sensitive: boolean,
  before: number,
): number {
  const repo = core.store.runOutputs;
  const prefix = stepPrefix(stepId);
  // The native JSON.stringify is the fastest way to the text; it is then stored in slices.
  const text = JSON.stringify(value) ?? 'null';
  const chunks: string[] = [];
  for (let at = 0; at < text.length || chunks.length === 0; ) {
    let end = Math.min(text.length, at + CHUNK);
    // Never between the two halves of a surrogate pair: each chunk is encoded on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(at, end));
    at = end;
  }
  chunks.forEach((text, n) => {
    const key = chunkKey(prefix, n);
    repo.put(runId, key, encode(core, key, text, sensitive));
  });
  for (let n = chunks.length; n < before; n++) repo.remove(runId, chunkKey(prefix, n));
  return chunks.length;
}

/**
 * Write `checkpoint` for `runId` as the change from `state` (updated in place). Runs inside
 * a group commit's transaction; throws when a value cannot be stored (the commit rolls back).
 */
export function writeCheckpoint(
  core: RunCore,
  runId: string,
  state: StoredState,
  checkpoint: Checkpoint,
  options: { sensitive: boolean; scrub: <T>(value: T) => T },
): void {
  const { sensitive, scrub } = options;
  const repo = core.store.runOutputs;
  const parts = splitCheckpoint(checkpoint);
  for (const id of parts.position.outputs) {
    const value = parts.outputs[id];
    const stored = state.outputs.get(id);
    if (stored && stored.value === value) continue;
    // Scrubbed once, when first stored (identity is kept on the engine's object, not the copy).
    const chunks = putOutput(core, runId, id, scrub(value), sensitive, stored?.chunks ?? 0);
    state.outputs.set(id, { value, chunks });
  }
  // Outputs that left scope (a loop body's, once the loop has ended).
  if (state.outputs.size > parts.position.outputs.length) {
    for (const id of state.outputs.keys()) {
      if (id in parts.outputs) continue;
      repo.removePrefix(runId, stepPrefix(id));
      state.outputs.delete(id);
    }
  }
  const counts = new Map<string, number>();
  for (const entry of parts.position.at)
    if (entry.kind === 'loop' && entry.resultsCount !== undefined)
      counts.set(entry.id, entry.resultsCount);
  for (const [loopId, list] of Object.entries(parts.results)) {
    const count = counts.get(loopId) ?? list.length;
    let stored = state.results.get(loopId);
    // A new run of the loop (an outer loop's next item) collects into a new list.
    if (!stored || stored.list !== list || stored.count > count) {
      repo.removePrefix(runId, resultsPrefix(loopId));
      stored = { list, count: 0 };
      state.results.set(loopId, stored);
    }
    for (let from = stored.count; from < count; from += RESULTS_PER_ROW) {
      const key = resultsKey(loopId, from);
      const items = scrub(list.slice(from, Math.min(count, from + RESULTS_PER_ROW)));
      repo.put(runId, key, encode(core, key, JSON.stringify(items), sensitive));
    }
    stored.count = Math.max(stored.count, count);
  }
  for (const loopId of state.results.keys()) {
    if (loopId in parts.results) continue;
    repo.removePrefix(runId, resultsPrefix(loopId));
    state.results.delete(loopId);
  }
  core.store.runs.saveCheckpoint(runId, core.checkpoints.write(parts.position, sensitive));
}

/**
 * The checkpoint stored for `runId` (its position text is `text`), with the state a writer
 * continues from. Throws UnreadableState naming what cannot be read.
 */
export function readCheckpoint(
  core: RunCore,
  runId: string,
  text: string,
): { checkpoint: Checkpoint; state: StoredState } {
  let position: Checkpoint;
  try {
    position = core.checkpoints.read(text);
  } catch {
    throw new UnreadableState(
      'The run was interrupted and its last checkpoint cannot be read, so it cannot resume',
    );
  }
  // Written before run outputs existed: the whole state in one piece.
  if ('steps' in position) return { checkpoint: position, state: emptyState() };
  const state = emptyState();
  const outputs: Record<string, unknown> = {};
  const pos = position as unknown as CheckpointPosition;
  for (const id of pos.outputs) {
    const chunks = core.store.runOutputs.withPrefix(runId, stepPrefix(id));
    try {
      if (chunks.length === 0) throw new Error('missing');
      outputs[id] = JSON.parse(chunks.map((c) => decode(core, c.key, c.value)).join(''));
    } catch {
      throw new UnreadableState(
        `The run was interrupted and the stored output of step "${id}" cannot be read (it is missing or damaged), so it cannot resume`,
      );
    }
    state.outputs.set(id, { value: outputs[id], chunks: chunks.length });
  }
  const results: Record<string, unknown[]> = {};
  for (const entry of pos.at) {
    if (entry.kind !== 'loop' || entry.resultsCount === undefined) continue;
    const list: unknown[] = [];
    try {
      for (const chunk of core.store.runOutputs.withPrefix(runId, resultsPrefix(entry.id)))
        for (const item of JSON.parse(decode(core, chunk.key, chunk.value)) as unknown[])
          list.push(item);
      if (list.length < entry.resultsCount) throw new Error('short');
    } catch {
      throw new UnreadableState(
        `The run was interrupted and the results collected so far by loop "${entry.id}" cannot be read (they are missing or damaged), so it cannot resume`,
      );
    }
    results[entry.id] = list;
  }
  return { checkpoint: joinCheckpoint({ position: pos, outputs, results }), state };
}
