// How Totango's failures reach a person: the failed envelope, a bad token, a 429 and a 5xx
// each become a step error that says what happened; pacing keeps under 100 calls a minute.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testAuthentication } from '../../connectors/index.js';
import { FAKE_TOTANGO_TOKEN } from '../fakes/totango.js';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({ accounts: [{ id: 'acc-001', display_name: 'Acme Inc' }] });
});
afterEach(() => h.close());

const search = { data: 'accounts', query: { terms: [], fields: [], count: 10, offset: 0 } };

describe('Totango failures', () => {
  it("a 200 answer with the failed envelope is a CONNECTOR_ERROR with Totango's reason", async () => {
    h.fake.failNext({ status: 200, message: 'Invalid query: unknown term "stauts_group"' });
    const err = await failure(h.call('search_data_raw', search));
    expect(err.code).toBe('CONNECTOR_ERROR');
    expect(err.message).toBe(
      'Totango could not do the accounts search: "Invalid query: unknown term "stauts_group"".',
    );
  });

  it.each([
    ['create_touchpoint', { account_id: 'acc-001', content: 'Call' }, 'the touchpoint creation'],
    [
      'create_task',
      { account_id: 'acc-001', title: 'Call', activity_type_id: 'renewal' },
      'the task creation',
    ],
    ['update_task', { id: 7, title: 'Call again' }, 'the update of task 7'],
    ['get_task', { id: 7 }, 'the lookup of task 7'],
    ['delete_task', { id: 7 }, 'the deletion of task 7'],
  ])(
    'a 200 failed envelope fails %s instead of becoming its output',
    async (operation, input, what) => {
      h.fake.failNext({ status: 200, path: '/api/v3/', message: 'Permission denied' });
      const err = await failure(h.call(operation, input));
      expect(err.code).toBe('CONNECTOR_ERROR');
      expect(err.message).toBe(`Totango could not do ${what}: "Permission denied".`);
      expect(h.fake.requests).toHaveLength(1);
    },
  );

  it('a bad token is AUTH_FAILED, not retried, and the token appears nowhere', async () => {
    const err = await failure(
      h.call('search_data_raw', search, { ...h.fields, token: 'expired-token-123' }),
    );
    expect(h.fake.requests).toHaveLength(1);
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toBe(
      'Totango rejected the credentials (HTTP 401 on POST /api/v1/search/accounts): "Invalid token". Check the authentication\'s token or password.',
    );
    expect(JSON.stringify(err.details)).not.toContain('expired-token-123');
    expect((err.details.request as { headers: Record<string, string> }).headers['app-token']).toBe(
      '[redacted]',
    );
    expect(JSON.stringify(h.logs)).not.toContain('expired-token-123');
  });

  it('a 429 is retried after Retry-After and the step succeeds', async () => {
    h.fake.failNext({ status: 429, retryAfter: 2 });
    const out = (await h.call('search_data_raw', search)) as { total_hits: number };
    expect(out.total_hits).toBe(1);
    expect(h.fake.requests).toHaveLength(2);
    expect(h.clock.sleeps).toEqual([2000]);
  });

  it('a 429 that lasts becomes a retryable RATE_LIMITED naming the wait', async () => {
    h.fake.failNext({ status: 429, retryAfter: 5, times: 3 });
    const err = await failure(h.call('create_touchpoint', { account_id: 'acc-001', content: 'x' }));
    expect(h.fake.requests).toHaveLength(3);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(5000);
    expect(err.message).toBe(
      'Totango is limiting calls (HTTP 429 on POST /api/v3/touchpoints/) and still refused after our retries. It asked to wait 5 s. It said: "Too many requests: 100 calls per minute"',
    );
  });

  it('a 500 once is retried and the step succeeds', async () => {
    h.fake.failNext({ status: 500 });
    const out = (await h.call('search_data_raw', search)) as { total_hits: number };
    expect(out.total_hits).toBe(1);
    expect(h.fake.requests).toHaveLength(2);
  });

  it("a lasting 5xx is a retryable CONNECTOR_HTTP_<status> that says the problem is on Totango's side", async () => {
    h.fake.failNext({ status: 502, times: 5, message: 'Bad gateway' });
    const err = await failure(h.call('get_task', { id: 1 }));
    expect(err.code).toBe('CONNECTOR_HTTP_502');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      'Totango answered HTTP 502 on GET /api/v3/tasks: "Bad gateway". The service had a problem on its side; trying again later may work.',
    );
  });

  it('paces itself to 100 calls a minute per token, so the service never has to refuse', async () => {
    for (let n = 0; n < 101; n++) await h.call('get_task', { id: 1 }).catch(() => undefined);
    expect(h.fake.requests).toHaveLength(101);
    expect(h.fake.requests.every((r) => r.path === '/api/v3/tasks')).toBe(true);
    // The 101st call waited for the minute to turn; the fake (same clock) never answered 429.
    expect(h.clock.sleeps).toHaveLength(1);
    expect(h.clock.sleeps[0]).toBeGreaterThan(0);
    expect(h.clock.sleeps[0]).toBeLessThanOrEqual(60_000);
  });
});

describe("the fake's own limits (what Stepwise protects the user from)", () => {
  it('without pacing, the 101st call in a minute gets 429 Retry-After 60, which the step reports instead of waiting', async () => {
    const unpaced = await totangoHarness({ accounts: [{ id: 'acc-001' }], env: { pacing: false } });
    try {
      for (let n = 0; n < 100; n++)
        await unpaced.call('get_task', { id: 1 }).catch(() => undefined);
      const err = await failure(unpaced.call('get_task', { id: 1 }));
      expect(unpaced.fake.requests).toHaveLength(101);
      expect(err.code).toBe('RATE_LIMITED');
      expect(err.retryAfterMs).toBe(60_000);
      expect(err.message).toContain('It asked to wait 60 s.');
      expect(unpaced.clock.sleeps).toEqual([]);
    } finally {
      await unpaced.close();
    }
  });

  it('a query without "terms" sent raw gets Totango\'s misleading 401 (why search_data_raw checks it first)', async () => {
    const out = (await h.call('raw_http_request', {
      method: 'POST',
      endpoint: '/api/v1/search/accounts',
      bodyType: 'form',
      body: { query: { fields: [] } },
    })) as { status: number; body: { status: string } };
    expect(out.status).toBe(401);
    expect(out.body.status).toBe('failed');
  });

  it('a raw request with body type "form" and a body that is not an object is refused before sending, naming the field', async () => {
    const err = await failure(
      h.call('raw_http_request', {
        method: 'POST',
        endpoint: '/api/v1/search/accounts',
        bodyType: 'form',
        body: 'query=x',
      }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'Input "body": with body type "form" the body must be an object of field names and values.',
    );
    expect(err.details).toEqual({ field: 'body' });
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('testing a Totango authentication', () => {
  it('says ok after a one-record search, with how many accounts the token sees', async () => {
    const res = await testAuthentication(
      'totango',
      { token: FAKE_TOTANGO_TOKEN, baseUrl: h.fake.url },
      h.env,
    );
    expect(res).toEqual({
      ok: true,
      message: `Connected to Totango at ${h.fake.url}: the token can see 1 account.`,
    });
    expect(h.fake.requests[0].searchQuery).toEqual({
      terms: [],
      fields: [],
      count: 1,
      offset: 0,
      scope: 'all',
    });
  });

  it('says why a bad token fails', async () => {
    const res = await testAuthentication(
      'totango',
      { token: 'wrong-token-9', baseUrl: h.fake.url },
      h.env,
    );
    expect(res.ok).toBe(false);
    expect(res.message).toContain('Totango rejected the credentials (HTTP 401');
    expect(res.message).not.toContain('wrong-token-9');
  });

  it('names a missing field', async () => {
    expect(await testAuthentication('totango', { region: 'us' }, h.env)).toEqual({
      ok: false,
      message:
        'The Totango authentication is incomplete: token: missing. Edit the authentication and fill these in.',
    });
    expect(h.fake.requests).toHaveLength(0);
  });
});
