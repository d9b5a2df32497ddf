// update_touchpoint: PUT /api/v3/touchpoints/{id} with the touchpoint's fields plus note_id and
// event_id, as the clients that call it send them (api-reference §1.5). Whether Totango keeps
// the fields a PUT leaves out is not documented, so the touchpoint is read first and sent back
// whole, with the changes on top.
import { z } from 'zod';
import { isStepError, StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { refuseFailedEnvelope } from '../envelope.js';
import {
  readTouchpoints,
  TOUCHPOINTS_CEILING,
  touchpointOutput,
  unknownAccount,
  type Touchpoint,
} from '../touchpoints.js';
import { activityTypeChoices, touchpointTypeChoices } from '../type-lists.js';
import { epochMs } from './create-touchpoint.js';

const input = z.object({
  id: z.union([z.string().min(1), z.number().int()]).meta({ title: 'Touchpoint ID' }),
  account_id: z.string().min(1).optional().meta({
    title: 'Account ID',
    description:
      "The touchpoint's account: finds it faster. A touchpoint's account cannot be changed.",
  }),
  subject: z.string().optional().meta({ title: 'Subject' }),
  content: z
    .string()
    .min(1)
    .max(12_000)
    .optional()
    .meta({ title: 'Content', description: 'Plain text, up to 12,000 characters (no HTML).' }),
  touchpointType: z
    .string()
    .optional()
    .meta({ title: 'Touchpoint type', ...touchpointTypeChoices() }),
  activity_type_id: z
    .string()
    .optional()
    .meta({ title: 'Flow (activity type)', ...activityTypeChoices() }),
  participants: z
    .array(z.string().min(1))
    .optional()
    .meta({ title: 'Participants', description: 'E-mail addresses; replaces the list.' }),
  tags: z.array(z.string().min(1)).optional().meta({ title: 'Reason (tag) IDs' }),
  disable_sync: z.boolean().optional().meta({ title: 'Do not sync to Salesforce' }),
  create_date: z
    .union([z.number().int(), z.string()])
    .optional()
    .meta({ title: 'Date', description: 'Epoch milliseconds or an ISO date.' }),
});

export const updateTouchpoint = defineOperation({
  auth: totangoAuth,
  id: 'update_touchpoint',
  title: 'Update touchpoint',
  description: "Change a touchpoint's fields; fields left empty keep their value.",
  input,
  output: touchpointOutput,
  async execute({ input: i, http }) {
    const same = (t: Touchpoint) => String(t.id) === String(i.id);
    const found = (
      await readTouchpoints(http, {
        accountId: i.account_id,
        max: TOUCHPOINTS_CEILING,
        until: same,
      })
    ).find(same);
    if (!found)
      throw new StepError(
        'NOT_FOUND',
        i.account_id
          ? `Totango has no touchpoint with id ${i.id} on account "${i.account_id}".`
          : `Totango has no touchpoint with id ${i.id} among the last ${TOUCHPOINTS_CEILING.toLocaleString('en')} (give its account to look further).`,
        { details: { field: 'id', id: i.id } },
      );
    const next: Touchpoint = {
      ...found,
      ...(i.subject !== undefined ? { subject: i.subject } : {}),
      ...(i.content !== undefined ? { content: i.content } : {}),
      ...(i.touchpointType !== undefined ? { touchpointType: i.touchpointType } : {}),
      ...(i.activity_type_id !== undefined ? { activity_type_id: i.activity_type_id } : {}),
      ...(i.participants !== undefined ? { participants: i.participants } : {}),
      ...(i.tags !== undefined ? { tags: i.tags } : {}),
      ...(i.disable_sync !== undefined ? { disable_sync: i.disable_sync } : {}),
      ...(i.create_date !== undefined
        ? { create_date: epochMs(i.create_date, 'create_date') }
        : {}),
    };
    const body = {
      account_id: next.account_id,
      note_id: next.id,
      event_id: next.event_id ?? undefined,
      subject: next.subject ?? undefined,
      content: next.content ?? undefined,
      touchpointType: next.touchpointType ?? undefined,
      activity_type_id: next.activity_type_id ?? undefined,
      participantList: next.participants.map((userid) => ({ userid })),
      touchpoint_tags: next.tags,
      created_by: next.created_by ?? undefined,
      create_date: next.create_date ?? undefined,
      disable_sync: next.disable_sync ?? undefined,
    };
    let res;
    try {
      res = await http.request({
        method: 'PUT',
        url: `/api/v3/touchpoints/${encodeURIComponent(String(i.id))}`,
        json: body,
      });
    } catch (err) {
      if (isStepError(err) && err.code === 'CONNECTOR_HTTP_404')
        throw new StepError('NOT_FOUND', `Totango has no touchpoint with id ${i.id}.`, {
          details: { field: 'id', id: i.id },
        });
      throw unknownAccount(err, next.account_id);
    }
    refuseFailedEnvelope(res, `the update of touchpoint ${i.id}`);
    return next;
  },
});
