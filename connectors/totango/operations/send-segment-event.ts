// send_segment_event: Segment identify / group / page / track calls into Totango, by Segment's
// Totango destination's rules (segment.ts), one collector call each, in order, paced like
// every other Totango call. The account of a user's last group call is remembered in account
// storage (shared by every workflow), so calls without context.groupId still find it later.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { MAX_STORAGE_KEY_LENGTH, type StepStorage } from '../../../engine/run/storage.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { requireServiceId, sendToCollector } from '../collector.js';
import { callsOf, planCall, segmentCall, type SegmentCall } from '../segment.js';

const input = z
  .object({
    event: segmentCall.optional().meta({
      title: 'Event',
      description: 'One Segment call (the body Segment sends for one event).',
    }),
    batch: z.unknown().optional().meta({
      title: 'Batch',
      description:
        'Several Segment calls, in order: a list, or a Segment batch body { "batch": [...] } (one call alone works too). A call that cannot be read is skipped with the reason.',
    }),
    trackNamedPages: z.boolean().default(true).meta({
      title: 'Track named pages',
      description: 'page("Signup") records "Viewed Signup Page".',
    }),
    trackCategorizedPages: z.boolean().default(true).meta({
      title: 'Track categorized pages',
      description: 'page("Docs", "Index") records "Viewed Docs Index Page" in the module Docs.',
    }),
    defaultModule: z.string().min(1).default('General').meta({
      title: 'Module when none is given',
      description:
        'Totango files every activity under a module: the category of the track or page call, else this.',
    }),
  })
  .refine((i) => i.event !== undefined || i.batch !== undefined, {
    message: 'Give "event" (one Segment call) or "batch" (a list of them).',
  });

const result = z.object({
  type: z.string(),
  userId: z.string().nullable(),
  groupId: z.string().nullable().meta({ description: 'The Totango account the call went to.' }),
  sent: z.boolean(),
  skipped: z.string().optional().meta({ description: 'Why the call was not sent.' }),
  activity: z.string().optional().meta({ description: 'track and page: the activity recorded.' }),
  module: z.string().optional(),
});

const output = z.object({
  results: z.array(result),
  sentCount: z.number().int(),
  skippedCount: z.number().int(),
});

/** The account storage key of a user's last group call, per Totango service (≤ 256 characters). */
function groupKey(serviceId: string, userId: string): string {
  const key = `totango.segment.group:${serviceId}:${userId}`;
  if (key.length <= MAX_STORAGE_KEY_LENGTH) return key;
  return `totango.segment.group:${serviceId}:sha256:${createHash('sha256').update(userId).digest('hex')}`;
}

/** The groupIds remembered in account storage, read once per user per step. */
function groupMemory(storage: StepStorage, serviceId: string) {
  const known = new Map<string, string | undefined>();
  return {
    async get(userId: string): Promise<string | undefined> {
      if (!known.has(userId)) {
        const stored = await storage.get('account', groupKey(serviceId, userId));
        known.set(userId, typeof stored.value === 'string' ? stored.value : undefined);
      }
      return known.get(userId);
    },
    async set(userId: string, groupId: string): Promise<void> {
      if (known.get(userId) === groupId) return;
      await storage.set('account', groupKey(serviceId, userId), groupId);
      known.set(userId, groupId);
    },
  };
}

const str = (v: unknown): string | null =>
  v === undefined || v === null || v === '' ? null : String(v);

export const sendSegmentEvent = defineOperation({
  auth: totangoAuth,
  id: 'send_segment_event',
  title: 'Send Segment event',
  description:
    "Send Segment identify, group, page and track calls to Totango the way Segment's Totango destination does (through the HTTP collector; needs the Service ID).",
  input,
  output,
  async execute({ input: i, auth, http, env, storage, log }) {
    const serviceId = requireServiceId(auth, 'Send Segment event');
    const calls = i.event !== undefined ? [i.event] : callsOf(i.batch);
    if (calls.length === 0)
      throw new StepError('INPUT_INVALID', 'The batch holds no Segment calls.', {
        details: { field: 'batch' },
      });
    const memory = groupMemory(storage, serviceId);
    const results: z.input<typeof result>[] = [];
    for (const [n, raw] of calls.entries()) {
      const parsed = segmentCall.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
        results.push({
          type: str((raw as { type?: unknown } | null)?.type) ?? 'unknown',
          userId: null,
          groupId: null,
          sent: false,
          skipped: `call ${n + 1} is not a Segment call${where}`,
        });
        continue;
      }
      const call: SegmentCall = parsed.data;
      const userId = str(call.userId);
      const plan = planCall(call, i, userId ? await memory.get(userId) : undefined);
      if ('skip' in plan) {
        results.push({
          type: call.type,
          userId,
          groupId: str(call.groupId ?? call.context?.groupId),
          sent: false,
          skipped: plan.skip,
        });
        continue;
      }
      try {
        await sendToCollector(http, auth, env, { sdr_s: serviceId, ...plan.send }, { paced: true });
      } catch (err) {
        // Calls before this one were sent; say how far the step got before failing.
        log(
          'warn',
          `Sent ${results.filter((r) => r.sent).length} of ${calls.length} calls before call ${n + 1} failed.`,
        );
        throw err;
      }
      if (plan.remember && userId) await memory.set(userId, plan.remember);
      results.push({
        type: call.type,
        userId,
        groupId: plan.send.sdr_o,
        sent: true,
        ...(plan.activity ? { activity: plan.activity, module: plan.module } : {}),
      });
    }
    const sentCount = results.filter((r) => r.sent).length;
    return { results, sentCount, skippedCount: results.length - sentCount };
  },
});
