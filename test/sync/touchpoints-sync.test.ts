// Touchpoints ↔ Salesforce events, and campaign touches → events, end to end through the engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAccountAndRep, startSyncHarness, type SyncHarness } from './harness.js';

let h: SyncHarness;
let account: string;
let rep: string;
const NOV_20_3PM = Date.parse('2026-11-20T15:00:00Z');

beforeEach(async () => {
  h = await startSyncHarness();
  ({ account, rep } = seedAccountAndRep(h));
});
afterEach(async () => {
  await h.close();
});

describe('touchpoints outbound (Totango → Salesforce events)', () => {
  it('creates an all-day event on the account from a new touchpoint, then changes nothing on the next run', async () => {
    const tp = h.tt.addTouchpoint({
      account_id: account,
      subject: 'QBR',
      content: 'Discussed renewal',
      create_date: NOV_20_3PM,
      created_by: 'rep@acme.test',
    });
    const out = await h.run('sync-touchpoints-outbound');
    const [event] = h.sf.store.all('Event');
    expect(out.items).toEqual([{ action: 'created', sourceId: String(tp.id), targetId: event.Id }]);
    expect(event).toMatchObject({
      Subject: 'QBR',
      Description: 'Discussed renewal',
      ActivityDate: '2026-11-20',
      IsAllDayEvent: true,
      OwnerId: rep,
      WhatId: account,
      AccountId: account,
    });
    expect(h.tt.touchpoint(tp.id)!.external_id).toBe(String(event.Id).toLowerCase());

    const again = await h.run('sync-touchpoints-outbound');
    expect(again.items).toEqual([]);
    const inbound = await h.run('sync-touchpoints-inbound');
    expect(inbound.items).toEqual([]);
    expect(h.tt.state.touchpoints).toHaveLength(1);
  });

  it('deletes the event when the linked touchpoint is deleted in Totango', async () => {
    const tp = h.tt.addTouchpoint({ account_id: account, subject: 'Call', content: 'Notes' });
    await h.run('sync-touchpoints-outbound');
    const eventId = h.sf.store.all('Event')[0].Id as string;
    h.tt.state.touchpoints.splice(h.tt.state.touchpoints.indexOf(h.tt.touchpoint(tp.id)!), 1);
    const out = await h.run('sync-touchpoints-outbound');
    expect(out.items).toEqual([
      {
        action: 'deleted',
        sourceId: String(tp.id),
        targetId: eventId,
        reason: 'deleted in Totango',
      },
    ]);
    expect(h.sf.store.findById(eventId)!.rec.IsDeleted).toBe(true);
  });
});

describe('touchpoints inbound (Salesforce events → Totango)', () => {
  it("creates a touchpoint from a Salesforce event with the date in epoch ms and the creator's email", async () => {
    const event = h.sf.store.insert(
      'Event',
      {
        Subject: 'Onsite',
        Description: 'Met the team',
        ActivityDate: '2026-11-21',
        IsAllDayEvent: true,
        WhatId: account,
      },
      rep,
    );
    const out = await h.run('sync-touchpoints-inbound');
    const [tp] = h.tt.state.touchpoints;
    expect(out.items).toEqual([{ action: 'created', sourceId: event.Id, targetId: String(tp.id) }]);
    expect(tp).toMatchObject({
      account_id: account,
      subject: 'Onsite',
      content: 'Met the team',
      create_date: Date.parse('2026-11-21T00:00:00Z'),
      created_by: 'rep@acme.test',
      external_id: String(event.Id).toLowerCase(),
    });
    const post = h.tt.requestsTo('/api/v3/touchpoints/').find((r) => r.method === 'POST')!;
    expect(post.json).toMatchObject({
      account_id: account,
      external_id: String(event.Id).toLowerCase(),
      subject: 'Onsite',
    });
  });

  it('updates the touchpoint when the event changes later, and deletes it when the event is deleted', async () => {
    const event = h.sf.store.insert(
      'Event',
      {
        Subject: 'Call',
        Description: 'First notes',
        ActivityDate: '2026-11-21',
        IsAllDayEvent: true,
        WhatId: account,
      },
      rep,
    );
    await h.run('sync-touchpoints-inbound');
    const tp = h.tt.state.touchpoints[0];
    // A real moment later (not a future stamp), so the delete below falls inside getDeleted's window.
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.sf.store.change(
      'Event',
      event.Id as string,
      { Description: 'Better notes', ActivityDate: '2026-11-22' },
      rep,
    );

    const updated = await h.run('sync-touchpoints-inbound');
    expect(updated.items).toEqual([
      {
        action: 'updated',
        sourceId: event.Id,
        targetId: String(tp.id),
        fields: ['content', 'create_date'],
      },
    ]);
    expect(h.tt.touchpoint(tp.id)).toMatchObject({
      content: 'Better notes',
      create_date: Date.parse('2026-11-22T00:00:00Z'),
      created_by: 'rep@acme.test',
    });

    h.sf.store.remove('Event', event.Id as string);
    const deleted = await h.run('sync-touchpoints-inbound');
    expect(deleted.items).toEqual([
      {
        action: 'deleted',
        sourceId: event.Id,
        targetId: String(tp.id),
        reason: 'deleted in Salesforce',
      },
    ]);
    expect(h.tt.touchpoint(tp.id)).toBeUndefined();
    expect(h.tt.requestsTo(`/api/v3/touchpoints/${tp.id}`).map((r) => r.method)).toEqual([
      'PUT',
      'DELETE',
    ]);
  });

  it('skips an event with neither subject nor description', async () => {
    const event = h.sf.store.insert('Event', {
      ActivityDate: '2026-11-21',
      IsAllDayEvent: true,
      WhatId: account,
    });
    const out = await h.run('sync-touchpoints-inbound');
    expect(out.items).toEqual([
      {
        action: 'skipped',
        sourceId: event.Id,
        targetId: null,
        reason: 'it has neither Subject nor Description, and a touchpoint needs one',
      },
    ]);
    expect(h.tt.state.touchpoints).toHaveLength(0);
  });
});

describe('campaign touches outbound', () => {
  it('records each campaign touch once as an email event on the account', async () => {
    // Inside the 30-day window whatever day the test runs.
    const sentAt = Date.now() - 2 * 86_400_000;
    const touch = h.tt.addCampaignTouch({
      account_id: account,
      campaign_name: 'Renewal nudge',
      subject: 'Your renewal is coming',
      user_id: 'buyer@acme.test',
      timestamp: sentAt,
    });
    h.tt.addAccount({ id: 'acc-elsewhere' });
    h.tt.addCampaignTouch({
      account_id: 'acc-elsewhere',
      campaign_name: 'Other',
      timestamp: sentAt,
    });

    const out = await h.run('campaign');
    const [event] = h.sf.store.all('Event');
    expect([out.created, out.skipped, out.skippedUnmatched]).toEqual([1, 0, 1]);
    expect(out.items[0]).toEqual({
      action: 'created',
      sourceId: `ev-camp-${touch.id}`,
      targetId: event.Id,
    });
    expect(event).toMatchObject({
      Subject: 'Ongoing campaign "Renewal nudge" was sent to 1 user.',
      Description: 'Your renewal is coming',
      ActivityDate: new Date(sentAt).toISOString().slice(0, 10),
      Type: 'Email',
      IsAllDayEvent: true,
      WhatId: account,
      Totango_Campaign_Touch_Id__c: `ev-camp-${touch.id}`,
    });
    expect(
      h.sf.dataRequests('/sobjects/Event/Totango_Campaign_Touch_Id__c/').map((r) => r.method),
    ).toEqual(['PATCH']);

    expect((await h.run('campaign')).items).toEqual([]);
    const full = await h.run('campaign', { fullSync: true });
    expect(full.items).toEqual([
      { action: 'updated', sourceId: `ev-camp-${touch.id}`, targetId: event.Id },
    ]);
    expect(h.sf.store.all('Event')).toHaveLength(1);
  });
});

describe('ready-made sync workflows', () => {
  const load = (name: string) =>
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'examples', `${name}.json`), 'utf8'),
    ) as { trigger: unknown; steps: { operation: string; auth: unknown }[] };

  it('runs tasks every workday at 09:00, touchpoints and campaign touches hourly, naming both authentications', () => {
    for (const name of ['sync-tasks-inbound', 'sync-tasks-outbound']) {
      expect(load(name).trigger).toEqual({
        type: 'schedule',
        schedule: { every: 'workdays', at: '09:00', timezone: 'UTC' },
      });
    }
    for (const name of [
      'sync-touchpoints-inbound',
      'sync-touchpoints-outbound',
      'sync-campaign-touches-outbound',
    ]) {
      expect(load(name).trigger).toEqual({
        type: 'schedule',
        schedule: { every: 'hourly', minute: 0 },
      });
    }
    expect(
      [
        'sync-tasks-inbound',
        'sync-tasks-outbound',
        'sync-touchpoints-inbound',
        'sync-touchpoints-outbound',
        'sync-campaign-touches-outbound',
      ].map((n) => load(n).steps[0].operation),
    ).toEqual([
      'sync_tasks_inbound',
      'sync_tasks_outbound',
      'sync_touchpoints_inbound',
      'sync_touchpoints_outbound',
      'sync_campaign_touches_outbound',
    ]);
    expect(load('sync-tasks-inbound').steps[0].auth).toEqual({
      salesforce: 'salesforce-main',
      totango: 'totango-main',
    });
  });
});
