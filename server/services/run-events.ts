// Live run events inside the process. The SSE endpoint and the notifications code listen here.
// Events are emitted only after the change is committed to SQLite.
import { EventEmitter } from 'node:events';
import type { DebugRecord } from '../../engine/model/record.js';
import type { RunJson } from './run-json.js';

export interface FinishedEvent {
  run: RunJson;
  workflow: { id: string; name: string; document: unknown; ownerId: string };
}

export type RunEventMap = {
  /** A run's status changed (queued, running, and each end state). */
  run: [RunJson];
  /** A debug record was stored. */
  step: [DebugRecord];
  /** A run ended (succeeded, failed or cancelled). */
  finished: [FinishedEvent];
};

export type RunEvents = EventEmitter<RunEventMap>;

export function createRunEvents(): RunEvents {
  const events = new EventEmitter<RunEventMap>();
  // One listener per open SSE stream: many are normal, not a leak.
  events.setMaxListeners(0);
  return events;
}
