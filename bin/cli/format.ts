// One readable line per debug record: seq, place, status, duration, short input and output.
import type { DebugRecord, RunResult } from '../../engine/index.js';

const WIDTH = 70;

function short(value: unknown): string {
  const text = value === undefined ? '' : (JSON.stringify(value) ?? '');
  return text.length > WIDTH ? `${text.slice(0, WIDTH - 1)}…` : text;
}

export function formatRecord(r: DebugRecord): string {
  const head = `${String(r.seq).padStart(4)}  ${r.place}  ${r.status}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}  ${r.durationMs} ms`;
  if (r.error)
    return `${head}\n        in:  ${short(r.input)}\n        ${r.error.code}: ${r.error.message}`;
  return `${head}\n        in:  ${short(r.input)}\n        out: ${short(r.output)}`;
}

export function formatResult(result: RunResult): string {
  const ms = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  const omitted = result.recordsOmitted ? ` (${result.recordsOmitted} more left out)` : '';
  if (result.status === 'succeeded')
    return `Run succeeded in ${ms} ms: ${result.stepCount} records${omitted}`;
  const where = result.error?.stepId ? ` at step "${result.error.stepId}"` : '';
  return `Run ${result.status}${where} after ${ms} ms: ${result.error?.code}: ${result.error?.message}`;
}
