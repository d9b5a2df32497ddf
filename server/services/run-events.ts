// Live run events inside the process. The SSE endpoint and the notifications code listen here.
// Events are emitted only after the change is committed to SQLite.
import { EventEmitter } from 'node:events';
import type { DebugRecord, RunResponse } from '../../engine/index.js';
import type { RunJson } from './run-json.js';
import type { StepStart } from '../../wire/index.js';

export interface FinishedEvent {
  run: RunJson;
  workflow: { id: string; name: string; document: unknown; ownerId: string };
}

/**
 * A step execution started (live only, never stored): the editor shows it as running. The
 * stream sends it without `runId` (wire/run.ts's stepStartSchema).
 */
export interface StepStartEvent extends StepStart {
  runId: string;
}

export type RunEventMap = {
  /** A run's status changed (queued, running, and each end state). */
  run: [RunJson];
  /** A debug record was stored. */
  step: [DebugRecord];
  /** A step started running; its `step` record follows when it ends. */
  'step-start': [StepStartEvent];
  /** A run ended (succeeded, failed or cancelled). */
  finished: [FinishedEvent];
  /** A respond step answered (stored first): a webhook waiting with "reply": "respond-step" hears it. */
  respond: [{ runId: string; response: RunResponse }];
};

export type RunEvents = EventEmitter<RunEventMap>;

export function createRunEvents(): RunEvents {
  const events = new EventEmitter<RunEventMap>();
  // One listener per open SSE stream: many are normal, not a leak.
  events.setMaxListeners(0);
  return events;
}
