// The Tasks API fields shared by create_task and update_task.
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import type { HttpResponse } from '../../sdk/types.js';
import { refuseFailedEnvelope } from '../envelope.js';
import { activityTypeChoices } from '../type-lists.js';

const priority = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? (({ high: 1, normal: 2, low: 3 } as Record<string, number>)[v.toLowerCase()] ?? Number(v))
      : v,
  z.union([z.literal(1), z.literal(2), z.literal(3)]),
);

export const taskFields = {
  title: z.string().min(1).meta({ title: 'Title' }),
  description: z.string().optional().meta({ title: 'Description' }),
  due_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, 'a date like 2024-02-28')
    .optional()
    .meta({ title: 'Due date', description: 'YYYY-MM-DD' }),
  priority: priority
    .optional()
    .meta({ title: 'Priority', description: '1 high, 2 normal, 3 low (or the words).' }),
  status: z.enum(['open', 'closed']).optional().meta({ title: 'Status' }),
  assignee: z
    .string()
    .optional()
    .meta({ title: 'Assignee', description: 'An e-mail address or a Totango user id.' }),
  activity_type_id: z
    .string()
    .min(1)
    .meta({
      title: 'Flow (activity type) ID',
      description: 'Required by Totango, e.g. renewal.',
      ...activityTypeChoices(),
    }),
  external_id: z.string().optional().meta({
    title: 'External ID',
    description: 'Your own id for the task (e.g. a Salesforce Task id).',
  }),
};

export const taskId = z.union([z.string().min(1), z.number().int()]).meta({ title: 'Task ID' });

export const taskOutput = z.looseObject({
  id: z.union([z.number(), z.string()]).optional().meta({ title: 'Task ID' }),
});

/** Tasks answers are the task object, or an array holding it; "Success" text carries nothing. */
export function taskFrom(
  res: HttpResponse,
  fallback: Record<string, unknown>,
  what: string,
): z.input<typeof taskOutput> {
  refuseFailedEnvelope(res, what);
  const body = Array.isArray(res.body) ? res.body[0] : res.body;
  if (body && typeof body === 'object') return body as z.input<typeof taskOutput>;
  return fallback;
}

export function noTask(id: string | number): StepError {
  return new StepError('NOT_FOUND', `Totango has no task with id ${id}.`, {
    details: { field: 'id', id },
  });
}
