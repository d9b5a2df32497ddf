// create_touchpoint: POST /api/v3/touchpoints/ (JSON). Totango answers { note: { id, … } }.
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { refuseFailedEnvelope } from '../envelope.js';
import { activityTypeChoices, touchpointTypeChoices } from '../type-lists.js';

const input = z.object({
  account_id: z.string().min(1).meta({ title: 'Account ID' }),
  content: z
    .string()
    .min(1)
    .max(12_000)
    .meta({ title: 'Content', description: 'Plain text, up to 12,000 characters (no HTML).' }),
  subject: z.string().optional().meta({ title: 'Subject' }),
  touchpointType: z
    .string()
    .optional()
    .meta({
      title: 'Touchpoint type ID',
      description: 'Listed by "List touchpoint types".',
      ...touchpointTypeChoices(),
    }),
  activity_type_id: z
    .string()
    .optional()
    .meta({
      title: 'Flow (activity type) ID',
      description: 'e.g. renewal; listed by "List activity types".',
      ...activityTypeChoices(),
    }),
  participants: z
    .array(z.string().min(1))
    .optional()
    .meta({ title: 'Participants', description: 'E-mail addresses.' }),
  tags: z.array(z.string().min(1)).optional().meta({ title: 'Reason (tag) IDs' }),
  disable_sync: z.boolean().optional().meta({ title: 'Do not sync to Salesforce' }),
  created_by: z.string().optional().meta({ title: 'Created by (e-mail)' }),
  create_date: z
    .union([z.number().int(), z.string()])
    .optional()
    .meta({ title: 'Date', description: 'Epoch milliseconds or an ISO date; default now.' }),
});

const output = z.looseObject({
  id: z.union([z.number(), z.string()]).meta({ title: 'Touchpoint ID' }),
});

export function epochMs(value: number | string | undefined, field: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new StepError(
      'INPUT_INVALID',
      `Input "${field}": "${value}" is not a date (use e.g. 2024-02-28 or 2024-02-28T10:00:00Z).`,
      { details: { field } },
    );
  return ms;
}

export const createTouchpoint = defineOperation({
  auth: totangoAuth,
  id: 'create_touchpoint',
  title: 'Create touchpoint',
  description: "Add a touchpoint (a note on the account's timeline).",
  input,
  output,
  async execute({ input: i, http }) {
    const body = {
      account_id: i.account_id,
      content: i.content,
      subject: i.subject,
      touchpointType: i.touchpointType,
      activity_type_id: i.activity_type_id,
      participantList: i.participants?.map((userid) => ({ userid })),
      touchpoint_tags: i.tags,
      disable_sync: i.disable_sync,
      created_by: i.created_by,
      create_date: epochMs(i.create_date, 'create_date'),
    };
    const res = await http.request({ method: 'POST', url: '/api/v3/touchpoints/', json: body });
    refuseFailedEnvelope(res, 'the touchpoint creation');
    const note = (res.body as { note?: unknown })?.note;
    if (!note || typeof note !== 'object') {
      throw new StepError(
        'CONNECTOR_ERROR',
        `Totango accepted the touchpoint but did not answer with it (expected {"note": {"id": …}}, got "${res.text.slice(0, 200)}").`,
      );
    }
    return note as z.input<typeof output>;
  },
});
