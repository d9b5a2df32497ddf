// The sync's remaining rules of the seed document, between the fake Totango and the fake
// Salesforce through the engine: participants both ways through Event WhoId (inbound creates
// them once), the campaign-touch subject in the seed's words, unmatched accounts reported
// apart from the totals, and preview (read and map, write nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSalesforce } from '../fakes/salesforce.js';
import type { FakeTotango } from '../fakes/totango.js';
import { seedAccountAndRep, startSyncHarness, type SyncHarness } from './harness.js';

let h: SyncHarness;
let account: string;
let rep: string;

beforeEach(async () => {
  h = await startSyncHarness();
  ({ account, rep } = seedAccountAndRep(h));
});
afterEach(async () => {
  await h.close();
});

function contact(email: string, accountId = account): string {
  return h.sf.store.insert('Contact', {
    LastName: email.split('@')[0],
    Email: email,
    AccountId: accountId,
  }).Id as string;
}

/** What each fake was asked to change: Salesforce data calls other than GET, Totango calls other than reads. */
function writes(sf: FakeSalesforce, tt: FakeTotango): string[] {
  const reads = ['/api/v1/search/', '/api/v2/events/search'];
  return [
    ...sf
      .dataRequests()
      .filter((r) => r.method !== 'GET')
      .map((r) => `salesforce ${r.method} ${r.path}`),
    ...tt.requests
      .filter(
        (r) =>
          !(r.method === 'POST' && reads.some((p) => r.path.startsWith(p))) && r.method !== 'GET',
      )
      .map((r) => `totango ${r.method} ${r.path}`),
    ...tt.requests
      .filter((r) => r.path.startsWith('/pixel.gif'))
      .map((r) => `totango collector ${r.path}`),
  ];
}

describe('participants through Event WhoId', () => {
  it('inbound: the WhoId contact becomes the touchpoint participant once; a later WhoId change is not carried', async () => {
    const buyer = contact('buyer@acme.test');
    const cfo = contact('cfo@acme.test');
    const event = h.sf.store.insert(
      'Event',
      {
        Subject: 'Onsite',
        Description: 'Met',
        ActivityDate: '2026-11-21',
        IsAllDayEvent: true,
        WhatId: account,
        WhoId: buyer,
      },
      rep,
    );
    await h.run('sync-touchpoints-inbound');
    const [tp] = h.tt.state.touchpoints;
    expect(tp.participants).toEqual(['buyer@acme.test']);
    const post = h.tt.requestsTo('/api/v3/touchpoints/').find((r) => r.method === 'POST')!;
    expect((post.json as Record<string, unknown>).participantList).toEqual([
      { userid: 'buyer@acme.test' },
    ]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    h.sf.store.change('Event', event.Id as string, { WhoId: cfo }, rep);
    const again = await h.run('sync-touchpoints-inbound');
    expect(again.items).toEqual([]);
    expect(h.tt.touchpoint(tp.id)!.participants).toEqual(['buyer@acme.test']);

    // Another change is carried, but the participants still are not.
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.sf.store.change('Event', event.Id as string, { Subject: 'Onsite visit' }, rep);
    const changed = await h.run('sync-touchpoints-inbound');
    expect(changed.items).toEqual([
      { action: 'updated', sourceId: event.Id, targetId: String(tp.id), fields: ['subject'] },
    ]);
    expect(h.tt.touchpoint(tp.id)).toMatchObject({
      subject: 'Onsite visit',
      participants: ['buyer@acme.test'],
    });
  });

  it('inbound: a lead as WhoId is a participant too; an event without WhoId has none', async () => {
    const lead = h.sf.store.insert('Lead', {
      LastName: 'Lee',
      Company: 'Prospect',
      Email: 'lee@prospect.test',
    }).Id as string;
    h.sf.store.insert(
      'Event',
      {
        Subject: 'Intro',
        ActivityDate: '2026-11-21',
        IsAllDayEvent: true,
        WhatId: account,
        WhoId: lead,
      },
      rep,
    );
    h.sf.store.insert(
      'Event',
      { Subject: 'Alone', ActivityDate: '2026-11-21', IsAllDayEvent: true, WhatId: account },
      rep,
    );
    await h.run('sync-touchpoints-inbound', { createMissing: true });
    const bySubject = Object.fromEntries(
      h.tt.state.touchpoints.map((t) => [t.subject, t.participants]),
    );
    expect(bySubject).toEqual({ Intro: ['lee@prospect.test'], Alone: [] });
  });

  it('outbound: the first participant Salesforce knows becomes the WhoId, and a later change is carried', async () => {
    const buyer = contact('buyer@acme.test');
    const cfo = contact('cfo@acme.test');
    const tp = h.tt.addTouchpoint({
      account_id: account,
      subject: 'QBR',
      content: 'Notes',
      participants: ['stranger@elsewhere.test', 'buyer@acme.test'],
    });
    await h.run('sync-touchpoints-outbound');
    const [event] = h.sf.store.all('Event');
    expect(event.WhoId).toBe(buyer);

    await new Promise((resolve) => setTimeout(resolve, 5));
    Object.assign(h.tt.touchpoint(tp.id)!, {
      participants: ['cfo@acme.test'],
      last_updated: Date.now() + 60_000,
    });
    const out = await h.run('sync-touchpoints-outbound');
    expect(out.items).toEqual([
      { action: 'updated', sourceId: String(tp.id), targetId: event.Id, fields: ['WhoId'] },
    ]);
    expect(h.sf.store.findById(event.Id as string)!.rec.WhoId).toBe(cfo);
  });

  it('outbound: participants Salesforce does not know leave WhoId empty', async () => {
    h.tt.addTouchpoint({
      account_id: account,
      subject: 'Call',
      content: 'x',
      participants: ['nobody@x.test'],
    });
    await h.run('sync-touchpoints-outbound');
    const [event] = h.sf.store.all('Event');
    expect(event.WhoId ?? null).toBeNull();
    expect((await h.run('sync-touchpoints-outbound')).items).toEqual([]);
  });
});

describe("campaign touches: the subject in the seed's words", () => {
  const sentAt = () => Date.now() - 2 * 86_400_000;

  it('says Ongoing or One time, the real number of users and the sender', async () => {
    const ongoing = h.tt.addCampaignTouch({
      account_id: account,
      campaign_name: 'Renewal nudge',
      campaign_type: 'ongoing',
      users: ['a@acme.test', 'b@acme.test', 'c@acme.test'],
      sender: 'rep@acme.test',
      subject: 'Your renewal is coming',
      timestamp: sentAt(),
    });
    const once = h.tt.addCampaignTouch({
      account_id: account,
      campaign_name: 'Welcome',
      campaign_type: 'one_time',
      user_id: 'a@acme.test',
      sender: 'cs@vendor.test',
      timestamp: sentAt(),
    });
    const out = await h.run('campaign');
    expect([out.created, out.skipped, out.failed]).toEqual([2, 0, 0]);
    const subject = (id: string) =>
      h.sf.store.all('Event').find((e) => e.Totango_Campaign_Touch_Id__c === `ev-camp-${id}`)!;
    expect(subject(ongoing.id)).toMatchObject({
      Subject: 'Ongoing campaign "Renewal nudge" was sent to 3 users. From: rep@acme.test',
      Description: 'Your renewal is coming',
      OwnerId: rep,
    });
    expect(subject(once.id).Subject).toBe(
      'One time campaign "Welcome" was sent to 1 user. From: cs@vendor.test',
    );
  });

  it('reports a touch whose account is not in Salesforce apart, not in the totals', async () => {
    h.tt.addAccount({ id: 'acc-elsewhere' });
    const lost = h.tt.addCampaignTouch({
      account_id: 'acc-elsewhere',
      campaign_name: 'Other',
      timestamp: sentAt(),
    });
    const out = await h.run('campaign');
    expect([out.created, out.updated, out.skipped, out.failed, out.skippedUnmatched]).toEqual([
      0, 0, 0, 0, 1,
    ]);
    expect(out.items).toEqual([]);
    expect(out.unmatched).toEqual([
      {
        sourceId: `ev-camp-${lost.id}`,
        accountId: 'acc-elsewhere',
        reason: 'its account acc-elsewhere is not matched to a Salesforce account',
      },
    ]);
  });
});

describe('preview: read and map, write nothing', () => {
  it('inbound: answers the first 20 with what would be created and the values, and neither fake is written to', async () => {
    const buyer = contact('buyer@acme.test');
    for (let i = 0; i < 25; i++)
      h.sf.store.insert(
        'Event',
        {
          Subject: `Event ${i}`,
          ActivityDate: '2026-11-21',
          IsAllDayEvent: true,
          WhatId: account,
          WhoId: buyer,
        },
        rep,
      );
    const linked = h.sf.store.all('Event')[0];
    h.tt.addTouchpoint({
      account_id: account,
      subject: 'Old subject',
      content: 'x',
      external_id: String(linked.Id).toLowerCase(),
      last_updated: Date.now() - 60_000, // older than the event: Salesforce's change wins
    });
    const other = h.sf.store.insert('Account', { Name: 'Not in Totango' }).Id as string;
    h.sf.store.insert(
      'Event',
      { Subject: 'Elsewhere', ActivityDate: '2026-11-21', IsAllDayEvent: true, WhatId: other },
      rep,
    );
    const before = JSON.stringify(h.tt.state);
    h.sf.requests.length = 0;
    h.tt.requests.length = 0;

    const out = await h.run('sync-touchpoints-inbound', { preview: true, createMissing: true });
    expect(out.preview).toBe(true);
    expect([out.created, out.updated, out.skippedUnmatched]).toEqual([24, 1, 1]);
    expect(out.items).toHaveLength(20);
    expect(out.items[0]).toEqual({
      action: 'updated',
      sourceId: linked.Id,
      targetId: String(h.tt.state.touchpoints[0].id),
      fields: ['subject', 'content', 'create_date'],
      values: {
        subject: 'Event 0',
        content: null,
        create_date: Date.parse('2026-11-21T00:00:00Z'),
      },
    });
    expect(out.items[1]).toMatchObject({
      action: 'created',
      targetId: null,
      values: {
        subject: 'Event 1',
        participants: ['buyer@acme.test'],
        account_id: account,
        content: 'Event 1',
      },
    });
    expect(writes(h.sf, h.tt)).toEqual([]);
    expect(JSON.stringify(h.tt.state)).toBe(before);

    // Nothing moved: the real run after it still does all of it.
    const real = await h.run('sync-touchpoints-inbound', { createMissing: true });
    expect([real.created, real.updated, real.preview]).toEqual([24, 1, false]);
  });

  it('outbound: says what would be created, updated and deleted, and writes nothing', async () => {
    const kept = h.tt.addTouchpoint({ account_id: account, subject: 'Linked', content: 'x' });
    const gone = h.tt.addTouchpoint({ account_id: account, subject: 'To delete', content: 'y' });
    await h.run('sync-touchpoints-outbound', { createMissing: true });
    const goneEvent = h.sf.store.all('Event').find((e) => e.Subject === 'To delete')!;
    h.tt.state.touchpoints.splice(h.tt.state.touchpoints.indexOf(h.tt.touchpoint(gone.id)!), 1);
    Object.assign(h.tt.touchpoint(kept.id)!, {
      subject: 'Linked, renamed',
      last_updated: Date.now() + 60_000,
    });
    const fresh = h.tt.addTouchpoint({
      account_id: account,
      subject: 'New one',
      content: 'z',
      last_updated: Date.now() + 60_000,
    });
    const events = JSON.stringify(h.sf.store.all('Event'));
    h.sf.requests.length = 0;
    h.tt.requests.length = 0;

    const out = await h.run('sync-touchpoints-outbound', { preview: true, createMissing: true });
    expect(out.items.map((i) => [i.action, i.sourceId])).toEqual([
      ['updated', String(kept.id)],
      ['created', String(fresh.id)],
      ['deleted', String(gone.id)],
    ]);
    expect(out.items[0].values).toEqual({ Subject: 'Linked, renamed' });
    expect(out.items[1].values).toMatchObject({
      Subject: 'New one',
      WhatId: account,
      IsAllDayEvent: true,
    });
    expect(out.items[2].targetId).toBe(goneEvent.Id);
    expect(writes(h.sf, h.tt)).toEqual([]);
    expect(JSON.stringify(h.sf.store.all('Event'))).toBe(events);
    expect(h.tt.touchpoint(fresh.id)!.external_id).toBeNull();
  });

  it('campaign touches: tells a new event from one sent before, and writes nothing', async () => {
    const first = h.tt.addCampaignTouch({
      account_id: account,
      campaign_name: 'A',
      timestamp: Date.now() - 86_400_000,
    });
    await h.run('campaign');
    const second = h.tt.addCampaignTouch({
      account_id: account,
      campaign_name: 'B',
      users: ['x@acme.test', 'y@acme.test'],
      sender: 'rep@acme.test',
      timestamp: Date.now() - 86_400_000,
    });
    h.sf.requests.length = 0;
    h.tt.requests.length = 0;
    const out = await h.run('campaign', { preview: true, fullSync: true });
    expect(out.items.map((i) => [i.action, i.sourceId])).toEqual(
      expect.arrayContaining([
        ['updated', `ev-camp-${first.id}`],
        ['created', `ev-camp-${second.id}`],
      ]),
    );
    expect(out.items.find((i) => i.sourceId === `ev-camp-${second.id}`)!.values).toMatchObject({
      Subject: 'Ongoing campaign "B" was sent to 2 users. From: rep@acme.test',
      OwnerId: rep,
    });
    expect(writes(h.sf, h.tt)).toEqual([]);
    expect(h.sf.store.all('Event')).toHaveLength(1);
  });
});
