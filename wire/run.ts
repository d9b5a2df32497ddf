// A run, a debug record and the live events of a run, as the API answers them (docs/api.md,
// "Runs"): GET /api/runs/:id, the runs lists, GET /api/runs/:id/steps and the SSE stream.
import { z } from 'zod';

export const runStatusSchema = z.enum([
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'cancelled',
]);
export type RunStatus = z.output<typeof runStatusSchema>;

/** Why a run failed: the step's error code and message, and the step (null: the run itself). */
export const runErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  stepId: z.string().nullable(),
});
export type RunError = z.output<typeof runErrorSchema>;

export const runSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowVersion: z.number().int(),
  /** How the run started (`manual`, `schedule`, `webhook`, `call`) and its `$.trigger`. */
  trigger: z.object({ type: z.string(), output: z.unknown() }),
  status: runStatusSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: runErrorSchema.nullable(),
  stepCount: z.number().int(),
  recordsOmitted: z.number().int(),
  retryOf: z.string().nullable(),
  startedBy: z.string().nullable(),
  /** A `waiting` run parked by a delay: when it resumes. */
  resumeAt: z.string().nullable(),
  /** A `waiting` run parked by a call step: the run it waits for. */
  waitingFor: z.string().nullable(),
  /** The call step that started this run. */
  calledBy: z.object({ runId: z.string(), workflowId: z.string(), stepId: z.string() }).nullable(),
});
export type Run = z.output<typeof runSchema>;

/** A step's error in a record: a code from engine/errors/codes.ts (or a family such as CONNECTOR_HTTP_404). */
export const stepErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** One per step execution (WORKFLOW-FORMAT.md, "Debug record"). */
export const debugRecordSchema = z.object({
  runId: z.string(),
  seq: z.number().int(),
  stepId: z.string(),
  /** Where the step ran: `loop-1[3] > slack-1`; a top-level step is just its id. */
  place: z.string(),
  status: z.enum(['ok', 'error', 'skipped']),
  attempt: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: stepErrorSchema.nullable(),
  startedAt: z.string(),
  durationMs: z.number(),
  /** Set when the step used another person's personal authentication: its data is not shown. */
  hidden: z.literal(true).optional(),
});
export type DebugRecord = z.output<typeof debugRecordSchema>;

/** GET /api/runs/:id/steps. */
export const recordsPageSchema = z.object({
  records: z.array(debugRecordSchema),
  nextAfter: z.number().int().nullable(),
});

/** The `step-start` event: a step execution began; its record (same `place`) follows. */
export const stepStartSchema = z.object({
  stepId: z.string(),
  place: z.string(),
  startedAt: z.string(),
});
export type StepStart = z.output<typeof stepStartSchema>;

/** The data of each event of GET /api/runs/:id/events, by event name. */
export const runEventSchemas = {
  run: runSchema,
  step: debugRecordSchema,
  'step-start': stepStartSchema,
} as const;
export type RunEventName = keyof typeof runEventSchemas;
