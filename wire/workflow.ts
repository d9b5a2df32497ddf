// The workflows list (GET /api/workflows) and the fields the server adds to a stored document.
import { z } from 'zod';
import { triggerSchema } from '../engine/model/workflow.schema.js';
import { runStatusSchema } from './run.js';

/** One row of GET /api/workflows. */
export const workflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  trigger: triggerSchema,
  enabled: z.boolean(),
  ownerId: z.string(),
  /** null once the owner was removed. */
  ownerEmail: z.string().nullable(),
  updatedAt: z.string(),
  /** The newest run, or null. */
  lastRun: z
    .object({
      id: z.string(),
      status: runStatusSchema,
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
});
export type WorkflowSummary = z.output<typeof workflowSummarySchema>;

/** What GET /api/workflows/:id adds to the document (docs/api.md, "Workflows"). */
export const storedFieldsSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  ownerId: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** A webhook workflow's URL (absolute). */
  webhookUrl: z.string().optional(),
});
export type StoredFields = z.output<typeof storedFieldsSchema>;
