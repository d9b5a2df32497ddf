// Reading touchpoints. Totango has no "get touchpoint" request: touchpoints are `note` events
// of the events search (api-reference §1.4, §1.5 "Read"), whose offset is a PAGE number. The
// touchpoint's id is the event's note_content.note_id; the event's own id is what an update
// sends back as event_id.
import { z } from 'zod';
import { isStepError, StepError } from '../../engine/errors/step-error.js';
import { followOffsetPages } from '../sdk/pages.js';
import type { HttpClient } from '../sdk/types.js';
import { checkEnvelope } from './envelope.js';

/** The most touchpoints one step reads (10 pages of Totango's 1,000). */
export const TOUCHPOINTS_CEILING = 10_000;
const PAGE = 1000;

export const touchpointOutput = z.looseObject({
  id: z.union([z.string(), z.number()]).meta({ title: 'Touchpoint ID' }),
  event_id: z.string().nullable().meta({ description: 'The timeline event that holds it.' }),
  account_id: z.string(),
  subject: z.string().nullable(),
  content: z.string().nullable(),
  activity_type_id: z.string().nullable(),
  touchpointType: z.string().nullable(),
  tags: z.array(z.string()),
  participants: z.array(z.string()).meta({ description: 'E-mail addresses.' }),
  created_by: z.string().nullable(),
  create_date: z.number().nullable().meta({ description: 'Epoch milliseconds.' }),
  disable_sync: z.boolean().nullable(),
  timestamp: z.number().nullable(),
});
export type Touchpoint = z.input<typeof touchpointOutput>;

const text = (v: unknown): string | null =>
  v === undefined || v === null || v === '' ? null : String(v);
const num = (v: unknown): number | null =>
  v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? null : Number(v);

/** Participants as Totango may list them: e-mails, or `{ userid }` objects as they are sent. */
function participantsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((p) =>
      typeof p === 'string'
        ? p
        : p && typeof p === 'object'
          ? text((p as { userid?: unknown }).userid)
          : null,
    )
    .filter((p): p is string => p !== null);
}

export function touchpointFromEvent(hit: Record<string, unknown>): Touchpoint {
  const note = (hit.note_content ?? {}) as Record<string, unknown>;
  const props = (hit.properties ?? {}) as Record<string, unknown>;
  const user = (note.totango_user ?? {}) as Record<string, unknown>;
  const account = (hit.account ?? {}) as Record<string, unknown>;
  const noteId = note.note_id;
  return {
    id: typeof noteId === 'number' ? noteId : String(noteId ?? ''),
    event_id: text(hit.id),
    account_id: String(account.id ?? ''),
    subject: text(props.subject),
    content: text(note.text),
    activity_type_id: text(props.activity_type_id),
    // Not documented: the real event shows the type as meeting_type in the one example seen.
    touchpointType: text(props.touchpoint_type ?? props.touchpointType ?? props.meeting_type),
    tags: Array.isArray(props.touchpoint_tags) ? props.touchpoint_tags.map(String) : [],
    participants: participantsOf(props.participants ?? props.participantList),
    created_by: text(user.user_name ?? props.created_by),
    create_date: num(props.create_date) ?? num(hit.timestamp),
    disable_sync: typeof props.disable_sync === 'boolean' ? props.disable_sync : null,
    timestamp: num(hit.timestamp),
  };
}

/** An account Totango does not know is its 400 "Account not found"; say which account. */
export function unknownAccount(err: unknown, accountId: string | undefined): unknown {
  if (
    accountId !== undefined &&
    isStepError(err) &&
    err.code === 'CONNECTOR_HTTP_400' &&
    /account not found/i.test(err.message)
  )
    return new StepError('NOT_FOUND', `Totango has no account with id "${accountId}".`, {
      details: { field: 'account_id', account_id: accountId },
    });
  return err;
}

/**
 * The touchpoints of one account (or of all, without `accountId`), newest first as Totango
 * lists them, up to `max`. `until` stops early once it returns true for a touchpoint read.
 */
export async function readTouchpoints(
  http: HttpClient,
  opts: { accountId?: string; max: number; until?: (t: Touchpoint) => boolean },
): Promise<Touchpoint[]> {
  const terms = [{ type: 'event_property', name: 'event_type', eq: 'note' }];
  const count = Math.min(PAGE, opts.max);
  let done = false;
  try {
    const { items } = await followOffsetPages<Touchpoint>({
      count,
      max: opts.max,
      step: 'pages',
      fetchPage: async (page, size) => {
        if (done) return { items: [] };
        const res = await http.request({
          method: 'POST',
          url: '/api/v2/events/search',
          form: {
            query: JSON.stringify({ terms, fields: [], count: size, offset: page }),
            ...(opts.accountId !== undefined ? { account_id: opts.accountId } : {}),
          },
        });
        const env = checkEnvelope(res, 'the touchpoint search');
        const events = (env.response?.events ?? {}) as {
          hits?: Record<string, unknown>[];
          total_hits?: number;
        };
        const items = (events.hits ?? [])
          .filter((h) => h.type === undefined || h.type === 'note')
          .map(touchpointFromEvent);
        if (opts.until && items.some(opts.until)) done = true;
        return { items, total: events.total_hits };
      },
    });
    return items;
  } catch (err) {
    throw unknownAccount(err, opts.accountId);
  }
}
