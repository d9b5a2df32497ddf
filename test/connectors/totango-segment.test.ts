// send_segment_event against the fake Totango: each Segment call type as the collector receives
// it, the groupId remembered in account storage, calls skipped with their reason, the two page
// settings, and a batch of 500 paced under Totango's 100 calls a minute (on a stepping clock).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({ accounts: [{ id: 'acc-001', display_name: 'Acme Inc' }] });
});
afterEach(() => h.close());

interface Out {
  results: {
    type: string;
    userId: string | null;
    groupId: string | null;
    sent: boolean;
    skipped?: string;
    activity?: string;
    module?: string;
  }[];
  sentCount: number;
  skippedCount: number;
}

const send = async (input: Record<string, unknown>) =>
  (await h.call('send_segment_event', input)) as Out;
const collected = () => h.fake.requestsTo('/pixel.gif').map((r) => r.query);

describe('each Segment call type', () => {
  it('identify: the traits become user attributes of the context.groupId account, created as Create Date', async () => {
    const out = await send({
      event: {
        type: 'identify',
        userId: '29ej29d',
        traits: {
          email: 'ld@initech.test',
          name: 'Lawrence Drywall',
          age: 42,
          created: 1_700_000_000,
        },
        context: { groupId: 'sjsj2hdj2' },
      },
    });
    expect(collected()).toEqual([
      {
        sdr_s: 'SP-1234-01',
        sdr_o: 'sjsj2hdj2',
        sdr_u: '29ej29d',
        'sdr_u.email': 'ld@initech.test',
        'sdr_u.name': 'Lawrence Drywall',
        'sdr_u.age': '42',
        'sdr_u.Create Date': '2023-11-14T22:13:20.000Z',
      },
    ]);
    expect(out).toEqual({
      results: [{ type: 'identify', userId: '29ej29d', groupId: 'sjsj2hdj2', sent: true }],
      sentCount: 1,
      skippedCount: 0,
    });
    expect(h.fake.requests[0].appToken).toBeUndefined();
  });

  it('group: the traits become account attributes, name the account name, created Create Date, plan Free unless given', async () => {
    await send({
      batch: [
        {
          type: 'group',
          userId: '29ej29d',
          groupId: 'sjsj2hdj2',
          traits: { name: 'Initech', website: 'initech.test', created: '2024-01-31T00:00:00Z' },
        },
        { type: 'group', groupId: 'acc-paying', traits: { plan: 'Paying', employees: 50 } },
      ],
    });
    expect(collected()).toEqual([
      {
        sdr_s: 'SP-1234-01',
        sdr_o: 'sjsj2hdj2',
        'sdr_o.account_name': 'Initech',
        sdr_u: '29ej29d',
        'sdr_o.website': 'initech.test',
        'sdr_o.Create Date': '2024-01-31T00:00:00.000Z',
        'sdr_o.plan': 'Free',
      },
      {
        sdr_s: 'SP-1234-01',
        sdr_o: 'acc-paying',
        'sdr_o.employees': '50',
        'sdr_o.plan': 'Paying',
      },
    ]);
    expect(h.fake.state.accounts.find((a) => a.id === 'sjsj2hdj2')).toMatchObject({
      display_name: 'Initech',
      attributes: { plan: 'Free', 'Create Date': '2024-01-31T00:00:00.000Z' },
    });
  });

  it('track: the event name is the activity and properties.category the module', async () => {
    const out = await send({
      batch: [
        {
          type: 'track',
          userId: 'u1',
          event: 'Completed Purchase',
          properties: { revenue: 42.99, category: 'Conversion' },
          context: { groupId: 'acc-001' },
        },
        { type: 'track', userId: 'u1', event: 'Exported report', context: { groupId: 'acc-001' } },
      ],
      defaultModule: 'Product',
    });
    expect(collected().map((q) => [q.sdr_o, q.sdr_u, q.sdr_a, q.sdr_m])).toEqual([
      ['acc-001', 'u1', 'Completed Purchase', 'Conversion'],
      ['acc-001', 'u1', 'Exported report', 'Product'],
    ]);
    expect(out.results.map((r) => [r.activity, r.module])).toEqual([
      ['Completed Purchase', 'Conversion'],
      ['Exported report', 'Product'],
    ]);
  });
});

describe('page calls and the two settings', () => {
  const pages = [
    {
      type: 'page',
      userId: 'u1',
      category: 'Docs',
      name: 'Index',
      context: { groupId: 'acc-001' },
    },
    { type: 'page', userId: 'u1', name: 'Signup', context: { groupId: 'acc-001' } },
    { type: 'page', userId: 'u1', category: 'Blog', context: { groupId: 'acc-001' } },
    { type: 'page', userId: 'u1', context: { groupId: 'acc-001' } },
  ];
  const recorded = (out: Out) => out.results.map((r) => r.activity ?? `skipped: ${r.skipped}`);

  it('both on: Viewed <category> <name> Page in the category module, Viewed <name> Page', async () => {
    const out = await send({ batch: pages });
    expect(recorded(out)).toEqual([
      'Viewed Docs Index Page',
      'Viewed Signup Page',
      'Viewed Blog Page',
      'skipped: nothing to record: the page call has neither a name nor a category',
    ]);
    expect(collected().map((q) => q.sdr_m)).toEqual(['Docs', 'General', 'Blog']);
  });

  it('"Track categorized pages" off: a named page is recorded by its name only', async () => {
    const out = await send({ batch: pages, trackCategorizedPages: false });
    expect(recorded(out)).toEqual([
      'Viewed Index Page',
      'Viewed Signup Page',
      'skipped: nothing to record: "Track categorized pages" is off and the page has no name',
      'skipped: nothing to record: the page call has neither a name nor a category',
    ]);
    expect(collected().map((q) => [q.sdr_a, q.sdr_m])).toEqual([
      ['Viewed Index Page', 'Docs'],
      ['Viewed Signup Page', 'General'],
    ]);
  });

  it('"Track named pages" off: only categorised pages are recorded', async () => {
    const out = await send({ batch: pages, trackNamedPages: false });
    expect(recorded(out)).toEqual([
      'Viewed Docs Index Page',
      'skipped: nothing to record: "Track named pages" is off and the page has no category',
      'Viewed Blog Page',
      'skipped: nothing to record: the page call has neither a name nor a category',
    ]);
  });

  it('both off: nothing is recorded, each page saying why', async () => {
    const out = await send({ batch: pages, trackNamedPages: false, trackCategorizedPages: false });
    expect(out.sentCount).toBe(0);
    expect(out.results[0].skipped).toBe(
      'nothing to record: "Track categorized pages" and "Track named pages" are both off',
    );
    expect(collected()).toEqual([]);
  });
});

describe('the account of a call', () => {
  it("remembers the last group call's groupId for the user, in account storage, for later steps and other workflows", async () => {
    await send({ event: { type: 'group', userId: 'u7', groupId: 'acc-old' } });
    await send({ event: { type: 'group', userId: 'u7', groupId: 'acc-001' } });
    const later = await send({
      batch: [
        { type: 'track', userId: 'u7', event: 'Logged in' },
        { type: 'identify', userId: 'u7', traits: { role: 'admin' } },
        { type: 'page', userId: 'u7', name: 'Home' },
        // context.groupId still wins over the remembered one.
        { type: 'track', userId: 'u7', event: 'Switched', context: { groupId: 'acc-other' } },
      ],
    });
    expect(later.results.map((r) => [r.type, r.groupId, r.sent])).toEqual([
      ['track', 'acc-001', true],
      ['identify', 'acc-001', true],
      ['page', 'acc-001', true],
      ['track', 'acc-other', true],
    ]);
    expect(
      collected()
        .slice(2)
        .map((q) => q.sdr_o),
    ).toEqual(['acc-001', 'acc-001', 'acc-001', 'acc-other']);
    // Kept as an account value: another workflow's run reads it too.
    const elsewhere = h.storage.forRun({ runId: 'run_x', workflowId: 'wf_other' });
    expect(await elsewhere.get('account', 'totango.segment.group:SP-1234-01:u7')).toEqual({
      found: true,
      value: 'acc-001',
    });
  });

  it('a group before a track in the same batch gives the track its account', async () => {
    const out = await send({
      batch: [
        { type: 'track', userId: 'u8', event: 'Too early' },
        { type: 'group', userId: 'u8', groupId: 'acc-001' },
        { type: 'track', userId: 'u8', event: 'Now known' },
      ],
    });
    expect(out.results.map((r) => r.sent)).toEqual([false, true, true]);
    expect(out.results[0].skipped).toBe(
      'no account for user "u8": a track call needs context.groupId, or a group call for this user before it',
    );
  });

  it('skips, each with its reason, calls that cannot go to Totango', async () => {
    const out = await send({
      batch: {
        batch: [
          { type: 'identify', userId: 'u9', traits: { email: 'x@y.test' } },
          { type: 'page', userId: 'u9', name: 'Home' },
          {
            type: 'track',
            anonymousId: 'anon-1',
            event: 'Clicked',
            context: { groupId: 'acc-001' },
          },
          { type: 'group', userId: 'u9', traits: { name: 'No id' } },
          { type: 'screen', userId: 'u9', name: 'Home', context: { groupId: 'acc-001' } },
          { type: 'track', userId: 'u9', context: { groupId: 'acc-001' } },
          'not a call',
          { type: 'track', userId: { id: 1 }, event: 'x' },
        ],
      },
    });
    expect(out.results.map((r) => r.skipped)).toEqual([
      'no account for user "u9": the call has no context.groupId and no group call for this user came before it',
      'no account for user "u9": a page call needs context.groupId, or a group call for this user before it',
      'a track call needs a userId: Totango records only known users (an anonymousId is not enough)',
      'a group call needs a groupId (the Totango account id)',
      'Totango takes identify, group, page and track calls; a screen call is not sent',
      'a track call needs an event name',
      expect.stringMatching(/^call 7 is not a Segment call/),
      expect.stringMatching(/^call 8 is not a Segment call \(userId: /),
    ]);
    expect([out.sentCount, out.skippedCount]).toEqual([0, 8]);
    expect(collected()).toEqual([]);
  });
});

describe('pacing and refusals', () => {
  it('sends a batch of 500 in order, paced to 100 calls a minute', async () => {
    const batch = [
      { type: 'group', userId: 'u1', groupId: 'acc-001', traits: { name: 'Acme' } },
      ...Array.from({ length: 499 }, (_, k) => ({
        type: 'track',
        userId: 'u1',
        event: `Event ${k}`,
        properties: { category: 'Usage' },
      })),
    ];
    const start = h.clock.now();
    const out = await send({ batch });
    expect(out.sentCount).toBe(500);
    const hits = h.fake.requestsTo('/pixel.gif');
    expect(hits.map((r) => r.query.sdr_a ?? 'group')).toEqual([
      'group',
      ...batch.slice(1).map((c) => (c as { event: string }).event),
    ]);
    // No 60-second window holds more than 100 calls; 500 calls need at least 4 minutes.
    const times = hits.map((r) => r.at);
    const busiest = Math.max(
      ...times.map((t, i) => times.slice(i).filter((u) => u < t + 60_000).length),
    );
    expect(busiest).toBeLessThanOrEqual(100);
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(4 * 60_000);
    expect(h.clock.sleeps.length).toBeGreaterThan(0);
  });

  it('needs the Service ID, and "event" or "batch"', async () => {
    const noService = await failure(
      h.call(
        'send_segment_event',
        { event: { type: 'identify', userId: 'u' } },
        { ...h.fields, serviceId: undefined },
      ),
    );
    expect(noService.code).toBe('AUTH_MISSING');
    // The engine parses the input first (its INPUT_INVALID), before any call.
    const nothing = (await h.call('send_segment_event', {}).catch((e: unknown) => e)) as {
      issues: { message: string }[];
    };
    expect(nothing.issues[0].message).toBe(
      'Give "event" (one Segment call) or "batch" (a list of them).',
    );
    const empty = await failure(h.call('send_segment_event', { batch: [] }));
    expect([empty.code, empty.message]).toEqual([
      'INPUT_INVALID',
      'The batch holds no Segment calls.',
    ]);
    expect(h.fake.requests).toEqual([]);
  });
});
