// GET /api/status (admins): how the server is doing, for the editor's Status page.
import { z } from 'zod';
import { runErrorSchema } from './run.js';

export const statusFailureSchema = z.object({
  runId: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  workflowVersion: z.number(),
  trigger: z.string(),
  finishedAt: z.string().nullable(),
  error: runErrorSchema.nullable(),
});
export type StatusFailure = z.output<typeof statusFailureSchema>;

export const serverStatusSchema = z.object({
  mode: z.enum(['embedded', 'queue']),
  version: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  /** Bytes in the data folder; null where there is none (a bare test app). */
  dataBytes: z.number().nullable(),
  queue: z.object({
    /** Runs queued, not executing yet; null: Redis does not answer. */
    depth: z.number().nullable(),
    /** Runs executing; null: Redis does not answer. */
    running: z.number().nullable(),
    /** Runs parked by a delay or a call step. */
    waiting: z.number(),
  }),
  /** Queue mode: workers seen in the last 30 s (null in embedded mode). */
  workersSeen: z.number().nullable(),
  /** Queue mode: whether Redis answers (null in embedded mode). */
  redis: z.enum(['up', 'down']).nullable(),
  retention: z
    .object({
      retentionDays: z.number(),
      retentionFailedDays: z.number(),
      /** When the clean-up last looked (it does every second); null before it first did. */
      checkedAt: z.string().nullable(),
      /** The last pass that deleted something since the server started. */
      lastPass: z
        .object({ startedAt: z.string(), finishedAt: z.string(), rowsDeleted: z.number() })
        .nullable(),
    })
    .nullable(),
  /** The last 20 failed runs across workflows, newest first. */
  failures: z.array(statusFailureSchema),
});
export type ServerStatus = z.output<typeof serverStatusSchema>;
