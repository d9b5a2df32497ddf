// Segment calls as Segment's Totango destination sends them (seed "Totango Integration",
// api-reference §1.9), turned into collector parameters: identify → user attributes, group →
// account attributes (`created` as `Create Date`, `plan` defaulting to `Free`), track → an
// activity in the module `properties.category`, page → `Viewed <category> <name> Page` or
// `Viewed <name> Page` as the two settings allow. Every call needs an account: its
// `context.groupId`, else the one of the last group call for its user (the caller looks that
// up and remembers it). Pure functions; send-segment-event.ts does the I/O.
import { z } from 'zod';

const id = z.union([z.string(), z.number()]);

export const segmentCall = z.looseObject({
  type: z.string().meta({ title: 'Type', description: 'identify, group, page or track.' }),
  userId: id.optional().meta({ title: 'User ID' }),
  anonymousId: id.optional(),
  groupId: id.optional().meta({ title: 'Group ID', description: 'group calls: the account id.' }),
  traits: z.record(z.string(), z.unknown()).optional().meta({ title: 'Traits' }),
  properties: z.record(z.string(), z.unknown()).optional().meta({ title: 'Properties' }),
  event: z.string().optional().meta({ title: 'Event', description: 'track calls: its name.' }),
  name: z.string().optional().meta({ title: 'Page name' }),
  category: z.string().optional().meta({ title: 'Page category' }),
  context: z
    .looseObject({ groupId: id.optional() })
    .optional()
    .meta({ title: 'Context', description: 'context.groupId: the account of the call.' }),
});
export type SegmentCall = z.output<typeof segmentCall>;

export interface SegmentSettings {
  trackNamedPages: boolean;
  trackCategorizedPages: boolean;
  defaultModule: string;
}

/** What one call becomes: collector parameters (without sdr_s), or a reason it is skipped. */
export type Planned =
  | { send: Record<string, string>; activity?: string; module?: string; remember?: string }
  | { skip: string };

const text = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : String(v);

/** Epoch seconds or milliseconds, or a date text, as ISO 8601; anything else as it is. */
function isoDate(v: unknown): string {
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v).toISOString();
  const ms = Date.parse(String(v));
  return Number.isNaN(ms) ? String(v) : new Date(ms).toISOString();
}

/** Traits as collector attributes: `created` → `Create Date`; lists and objects as JSON text; no value is not sent. */
function attributes(prefix: 'sdr_o' | 'sdr_u', traits: Record<string, unknown>) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(traits)) {
    if (value === undefined || value === null) continue;
    if (name === 'created') out[`${prefix}.Create Date`] = isoDate(value);
    else
      out[`${prefix}.${name}`] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function noAccount(call: SegmentCall, user: string): string {
  return call.type === 'identify'
    ? `no account for user "${user}": the call has no context.groupId and no group call for this user came before it`
    : `no account for user "${user}": a ${call.type} call needs context.groupId, or a group call for this user before it`;
}

/**
 * Plan one call. `remembered` is the groupId of the last group call for the call's user (or
 * undefined); a group call's plan says what to remember.
 */
export function planCall(
  call: SegmentCall,
  settings: SegmentSettings,
  remembered: string | undefined,
): Planned {
  const user = text(call.userId);
  if (call.type === 'group') {
    const group = text(call.groupId);
    if (!group) return { skip: 'a group call needs a groupId (the Totango account id)' };
    const { name, plan, ...rest } = call.traits ?? {};
    return {
      send: {
        sdr_o: group,
        ...(text(name) ? { 'sdr_o.account_name': String(name) } : {}),
        ...(user ? { sdr_u: user } : {}),
        ...attributes('sdr_o', { ...rest, plan: text(plan) ?? 'Free' }),
      },
      ...(user ? { remember: group } : {}),
    };
  }
  if (!['identify', 'track', 'page'].includes(call.type))
    return {
      skip: `Totango takes identify, group, page and track calls; a ${call.type || 'call without a type'} call is not sent`,
    };
  if (!user)
    return {
      skip: `a ${call.type} call needs a userId: Totango records only known users (an anonymousId is not enough)`,
    };
  const account = text(call.context?.groupId) ?? remembered;
  if (!account) return { skip: noAccount(call, user) };
  const base = { sdr_o: account, sdr_u: user };
  if (call.type === 'identify')
    return { send: { ...base, ...attributes('sdr_u', call.traits ?? {}) } };

  if (call.type === 'track') {
    const activity = text(call.event);
    if (!activity) return { skip: 'a track call needs an event name' };
    const module = text(call.properties?.category) ?? settings.defaultModule;
    return { send: { ...base, sdr_a: activity, sdr_m: module }, activity, module };
  }

  // page: the category is the module; a categorised page is "Viewed <category> <name> Page".
  const category = text(call.category) ?? text(call.properties?.category);
  const name = text(call.name) ?? text(call.properties?.name);
  let activity: string | undefined;
  if (category && settings.trackCategorizedPages)
    activity = `Viewed ${category}${name ? ` ${name}` : ''} Page`;
  else if (name && settings.trackNamedPages) activity = `Viewed ${name} Page`;
  if (!activity) {
    const why =
      !category && !name
        ? 'the page call has neither a name nor a category'
        : category && !name
          ? '"Track categorized pages" is off and the page has no name'
          : category
            ? '"Track categorized pages" and "Track named pages" are both off'
            : '"Track named pages" is off and the page has no category';
    return { skip: `nothing to record: ${why}` };
  }
  const module = category ?? settings.defaultModule;
  return { send: { ...base, sdr_a: activity, sdr_m: module }, activity, module };
}

/** The calls of a Segment batch body: a list, `{ batch: [...] }`, or one call. */
export function callsOf(batch: unknown): unknown[] {
  if (Array.isArray(batch)) return batch;
  if (batch && typeof batch === 'object') {
    const b = (batch as { batch?: unknown }).batch;
    return Array.isArray(b) ? b : [batch];
  }
  return [batch];
}
