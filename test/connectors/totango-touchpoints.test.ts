// Touchpoints read, changed and deleted, and the activity and touchpoint type lists, against the
// fake Totango: the exact requests, the outputs, and each one's failures (unknown account or
// touchpoint, bad token, 429).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({
    accounts: [
      { id: 'acc-001', display_name: 'Acme Inc' },
      { id: 'acc-002', display_name: 'Initech' },
    ],
  });
});
afterEach(() => h.close());

const badToken = () => ({ ...h.fields, token: 'stale-token-0000' });

describe('list_touchpoints', () => {
  it("reads the account's note events newest first and answers them as touchpoints", async () => {
    const older = h.fake.addTouchpoint({
      account_id: 'acc-001',
      subject: 'Kickoff',
      content: 'First call',
      participants: ['buyer@acme.com'],
      touchpointType: 'tp-call',
      activity_type_id: 'onboarding',
      created_by: 'csm@x.com',
    });
    const newer = h.fake.addTouchpoint({ account_id: 'acc-001', content: 'QBR notes' });
    h.fake.addTouchpoint({ account_id: 'acc-002', content: 'Elsewhere' });
    h.fake.addTask({ account_id: 'acc-001', title: 'A task is not a touchpoint' });

    const out = (await h.call('list_touchpoints', { account_id: 'acc-001' })) as {
      touchpoints: Record<string, unknown>[];
    };
    expect(out.touchpoints.map((t) => t.id)).toEqual([newer.id, older.id]);
    expect(out.touchpoints[1]).toEqual({
      id: older.id,
      event_id: `ev-note-${older.id}`,
      account_id: 'acc-001',
      subject: 'Kickoff',
      content: 'First call',
      activity_type_id: 'onboarding',
      touchpointType: 'tp-call',
      tags: [],
      participants: ['buyer@acme.com'],
      created_by: 'csm@x.com',
      create_date: older.create_date,
      disable_sync: false,
      timestamp: older.last_updated,
    });
    const [req] = h.fake.requests;
    expect([req.method, req.path, req.form?.account_id]).toEqual([
      'POST',
      '/api/v2/events/search',
      'acc-001',
    ]);
    expect(req.searchQuery).toEqual({
      terms: [{ type: 'event_property', name: 'event_type', eq: 'note' }],
      fields: [],
      count: 100,
      offset: 0,
    });
  });

  it('follows pages by page number (not record offset) up to the limit', async () => {
    for (let i = 0; i < 1205; i++)
      h.fake.addTouchpoint({ account_id: 'acc-001', content: `n${i}` });
    const out = (await h.call('list_touchpoints', { account_id: 'acc-001', limit: 1100 })) as {
      touchpoints: { id: number }[];
    };
    expect(out.touchpoints).toHaveLength(1100);
    expect(new Set(out.touchpoints.map((t) => t.id)).size).toBe(1100);
    expect(h.fake.requests.map((r) => r.searchQuery)).toEqual([
      expect.objectContaining({ count: 1000, offset: 0 }),
      expect.objectContaining({ count: 1000, offset: 1 }),
    ]);
    const few = (await h.call('list_touchpoints', { account_id: 'acc-001', limit: 2 })) as {
      touchpoints: unknown[];
    };
    expect(few.touchpoints).toHaveLength(2);
  });

  it('an unknown account is NOT_FOUND naming it', async () => {
    const err = await failure(h.call('list_touchpoints', { account_id: 'acc-404' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('Totango has no account with id "acc-404".');
    expect(err.details.field).toBe('account_id');
  });

  it('a bad token is AUTH_FAILED and a lasting 429 is RATE_LIMITED', async () => {
    const auth = await failure(h.call('list_touchpoints', { account_id: 'acc-001' }, badToken()));
    expect(auth.code).toBe('AUTH_FAILED');
    h.fake.failNext({ status: 429, retryAfter: 3, times: 3 });
    const limited = await failure(h.call('list_touchpoints', { account_id: 'acc-001' }));
    expect(limited.code).toBe('RATE_LIMITED');
    expect(h.clock.sleeps).toContain(3000);
  });
});

describe('update_touchpoint', () => {
  it('reads the touchpoint, then PUTs it whole with the changes, note_id and event_id', async () => {
    const tp = h.fake.addTouchpoint({
      account_id: 'acc-001',
      subject: 'QBR',
      content: 'Draft',
      participants: ['buyer@acme.com'],
      activity_type_id: 'renewal',
      created_by: 'csm@x.com',
      create_date: 1_700_000_000_000,
    });
    const out = (await h.call('update_touchpoint', {
      id: tp.id,
      account_id: 'acc-001',
      content: 'Final notes',
      participants: ['buyer@acme.com', 'cfo@acme.com'],
    })) as Record<string, unknown>;
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/api/v3/touchpoints/${tp.id}`);
    expect(put.json).toEqual({
      account_id: 'acc-001',
      note_id: tp.id,
      event_id: `ev-note-${tp.id}`,
      subject: 'QBR',
      content: 'Final notes',
      activity_type_id: 'renewal',
      participantList: [{ userid: 'buyer@acme.com' }, { userid: 'cfo@acme.com' }],
      touchpoint_tags: [],
      created_by: 'csm@x.com',
      create_date: 1_700_000_000_000,
      disable_sync: false,
    });
    expect(out).toMatchObject({
      id: tp.id,
      content: 'Final notes',
      participants: ['buyer@acme.com', 'cfo@acme.com'],
    });
    expect(h.fake.touchpoint(tp.id)).toMatchObject({
      subject: 'QBR',
      content: 'Final notes',
      participants: ['buyer@acme.com', 'cfo@acme.com'],
    });
  });

  it('finds the touchpoint without its account too', async () => {
    const tp = h.fake.addTouchpoint({ account_id: 'acc-002', subject: 'Call', content: 'x' });
    await h.call('update_touchpoint', { id: String(tp.id), subject: 'Renamed call' });
    expect(h.fake.touchpoint(tp.id)!.subject).toBe('Renamed call');
    expect(h.fake.requests[0].form?.account_id).toBeUndefined();
  });

  it('an unknown touchpoint, an unknown account, a bad token and a lasting 429 each fail clearly', async () => {
    const tp = h.fake.addTouchpoint({ account_id: 'acc-001', content: 'x' });
    const missing = await failure(
      h.call('update_touchpoint', { id: 999_999, account_id: 'acc-001', subject: 's' }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('Totango has no touchpoint with id 999999 on account "acc-001".');
    const noAccount = await failure(
      h.call('update_touchpoint', { id: tp.id, account_id: 'acc-404', subject: 's' }),
    );
    expect([noAccount.code, noAccount.message]).toEqual([
      'NOT_FOUND',
      'Totango has no account with id "acc-404".',
    ]);
    const auth = await failure(
      h.call('update_touchpoint', { id: tp.id, subject: 's' }, badToken()),
    );
    expect(auth.code).toBe('AUTH_FAILED');
    h.fake.failNext({ status: 429, retryAfter: 1, times: 3, path: '/api/v3/touchpoints' });
    const limited = await failure(
      h.call('update_touchpoint', { id: tp.id, account_id: 'acc-001', subject: 's' }),
    );
    expect(limited.code).toBe('RATE_LIMITED');
    expect(h.fake.touchpoint(tp.id)!.subject).toBe('');
  });
});

describe('delete_touchpoint', () => {
  it('sends DELETE /api/v3/touchpoints/{id} and the touchpoint is gone', async () => {
    const tp = h.fake.addTouchpoint({ account_id: 'acc-001', content: 'x' });
    expect(await h.call('delete_touchpoint', { id: tp.id })).toEqual({ id: tp.id, deleted: true });
    expect(h.fake.requests.map((r) => [r.method, r.path])).toEqual([
      ['DELETE', `/api/v3/touchpoints/${tp.id}`],
    ]);
    expect(h.fake.touchpoint(tp.id)).toBeUndefined();
  });

  it('an unknown touchpoint is NOT_FOUND; a bad token AUTH_FAILED; a lasting 429 RATE_LIMITED', async () => {
    const missing = await failure(h.call('delete_touchpoint', { id: 4242 }));
    expect([missing.code, missing.message]).toEqual([
      'NOT_FOUND',
      'Totango has no touchpoint with id 4242.',
    ]);
    const tp = h.fake.addTouchpoint({ account_id: 'acc-001', content: 'x' });
    expect((await failure(h.call('delete_touchpoint', { id: tp.id }, badToken()))).code).toBe(
      'AUTH_FAILED',
    );
    h.fake.failNext({ status: 429, retryAfter: 1, times: 3 });
    expect((await failure(h.call('delete_touchpoint', { id: tp.id }))).code).toBe('RATE_LIMITED');
    expect(h.fake.touchpoint(tp.id)).toBeDefined();
  });
});

describe('list_activity_types and list_touchpoint_types', () => {
  it('answer { types: [{ id, name, disabled }] }, leaving disabled types out unless asked', async () => {
    const flows = (await h.call('list_activity_types', {})) as { types: unknown[] };
    expect(flows.types).toEqual([
      { id: 'renewal', name: 'Renewal', disabled: false },
      { id: 'adoption', name: 'Adoption', disabled: false },
      { id: 'onboarding', name: 'Onboarding', disabled: false },
    ]);
    const all = (await h.call('list_activity_types', { includeDisabled: true })) as {
      types: { id: string }[];
    };
    expect(all.types.map((t) => t.id)).toContain('legacy');
    const kinds = (await h.call('list_touchpoint_types', {})) as { types: unknown[] };
    expect(kinds.types).toEqual([
      { id: '6f1c2a9e-0001-4c1e-9a55-0d5f1e2a3b01', name: 'Meeting', disabled: false },
      { id: '6f1c2a9e-0002-4c1e-9a55-0d5f1e2a3b02', name: 'Call', disabled: false },
      { id: '6f1c2a9e-0003-4c1e-9a55-0d5f1e2a3b03', name: 'Email', disabled: false },
    ]);
    expect(h.fake.requests.map((r) => [r.method, r.path, r.appToken])).toEqual([
      ['GET', '/api/v3/activity-types/', h.fake.token],
      ['GET', '/api/v3/activity-types/', h.fake.token],
      ['GET', '/api/v3/touchpoint-types/', h.fake.token],
    ]);
  });

  it.each(['list_activity_types', 'list_touchpoint_types'])(
    '%s: a bad token is AUTH_FAILED, a 429 is waited out, a lasting one is RATE_LIMITED',
    async (operation) => {
      expect((await failure(h.call(operation, {}, badToken()))).code).toBe('AUTH_FAILED');
      h.fake.failNext({ status: 429, retryAfter: 2 });
      expect(((await h.call(operation, {})) as { types: unknown[] }).types.length).toBe(3);
      h.fake.failNext({ status: 429, retryAfter: 2, times: 3 });
      expect((await failure(h.call(operation, {}))).code).toBe('RATE_LIMITED');
    },
  );

  it('an answer that is not a list is a CONNECTOR_ERROR, not an empty list', async () => {
    h.fake.state.touchpointTypes = 'maintenance' as never;
    const err = await failure(h.call('list_touchpoint_types', {}));
    expect(err.code).toBe('CONNECTOR_ERROR');
  });
});
