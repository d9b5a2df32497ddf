// The shared HTTP client against a real server on 127.0.0.1: base URLs, where credentials may
// go, retries with Retry-After, errors, redaction, pacing, and the page and endpoint helpers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { steppingClock } from '../../connectors/sdk/clock.js';
import { createHttpClient, type HttpClientOptions } from '../../connectors/sdk/http-client.js';
import { followCursorPages, followOffsetPages } from '../../connectors/sdk/pages.js';
import { resetPacing } from '../../connectors/sdk/pacer.js';
import { checkEndpoint } from '../../connectors/sdk/raw-request.js';
import { defineAuth, type HttpExchange } from '../../connectors/sdk/types.js';
import { StepError } from '../../engine/errors/step-error.js';
import { listen, seeRequest, type Listening, type SeenRequest } from '../helpers/listen.js';
import { failure } from './helpers.js';

type Reply = (
  req: SeenRequest,
) => { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'stall';

let server: Listening;
let other: Listening;
let seen: SeenRequest[];
let otherSeen: SeenRequest[];
let replies: Reply[];

const ok: Reply = (req) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ path: req.url }),
});

beforeAll(async () => {
  server = await listen(async (req, res) => {
    const s: SeenRequest = await seeRequest(req);
    seen.push(s);
    const reply = (replies.shift() ?? ok)(s);
    if (reply === 'hang') return;
    if (reply === 'stall') {
      // Headers and half a body, then nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      return;
    }
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  other = await listen(async (req, res) => {
    otherSeen.push(await seeRequest(req));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"other":true}');
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  seen = [];
  otherSeen = [];
  replies = [];
  resetPacing();
});

const tokenAuth = defineAuth<{ token: string }>({
  kind: 'token',
  title: 'Test token',
  fields: z.object({ token: z.string().meta({ secret: true }) }),
  apply: (f, req) => {
    req.headers['x-token'] = f.token;
    req.query.key = f.token;
  },
});

const TOKEN = 'tok-4f1a9c2e7b';

function client(extra: Partial<HttpClientOptions<{ token: string }>> = {}) {
  const clock = steppingClock();
  const captured: HttpExchange[] = [];
  const c = createHttpClient<{ token: string }>({
    baseUrl: `${server.url}/api/v2`,
    auth: tokenAuth,
    fields: { token: TOKEN },
    authId: `auth-${Math.random()}`,
    env: { filesDir: '/nowhere', clock },
    service: 'Acme',
    capture: (e) => captured.push(e),
    ...extra,
  });
  return { c, clock, captured };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  () => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('resolving URLs and applying credentials', () => {
  it('joins a path to the base URL keeping its path, adds the query, and applies credentials on the base origin', async () => {
    const { c } = client();
    const res = await c.request({
      method: 'GET',
      url: '/items',
      query: { q: 'a b', n: 2, skip: undefined },
    });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(`/api/v2/items?q=a+b&n=2&key=${TOKEN}`);
    expect(seen[0].headers['x-token']).toBe(TOKEN);
    expect(res.body).toEqual({ path: seen[0].url });
  });

  it('sends a JSON body and a form body with their content types', async () => {
    const { c } = client();
    await c.request({ method: 'POST', url: '/a', json: { a: [1, 2] } });
    await c.request({
      method: 'POST',
      url: '/b',
      form: { query: '{"terms":[]}', team_id: -1, none: null },
    });
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].body).toBe('{"a":[1,2]}');
    expect(seen[1].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(seen[1].body).get('query')).toBe('{"terms":[]}');
    expect(seen[1].body).toBe('query=%7B%22terms%22%3A%5B%5D%7D&team_id=-1');
  });

  it('sends the credential header once, replacing a header of the same name in another case that the request set', async () => {
    const { c } = client();
    await c.request({
      method: 'GET',
      url: '/x',
      headers: { 'X-Token': 'typed-by-the-user', Accept: 'application/json' },
    });
    expect(seen[0].headers['x-token']).toBe(TOKEN);
    expect(seen[0].headers.accept).toBe('application/json');
  });

  it('refuses, before sending, a request with credentials to another origin', async () => {
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: `${other.url}/steal` }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(other.url);
    expect(err.message).toContain(server.url);
    expect(otherSeen).toHaveLength(0);
  });

  it('keeps a path that tries to name another host ("@host") on the base URL\'s host', async () => {
    const c = createHttpClient({
      baseUrl: server.url,
      auth: tokenAuth,
      fields: { token: TOKEN },
      env: { filesDir: '/x' },
    });
    const otherHost = new URL(other.url).host;
    await c.request({ method: 'GET', url: `@${otherHost}/x` });
    expect(otherSeen).toHaveLength(0);
    expect(seen[0].url).toBe(`/@${otherHost}/x?key=${TOKEN}`);
  });

  it('sends a request marked withoutCredentials to another origin, with no credentials on it', async () => {
    const { c } = client();
    const res = await c.request({
      method: 'GET',
      url: `${other.url}/hook`,
      withoutCredentials: true,
    });
    expect(res.body).toEqual({ other: true });
    expect(otherSeen[0].url).toBe('/hook');
    expect(otherSeen[0].headers['x-token']).toBeUndefined();
  });

  it('drops the credentials when a redirect leads to another origin', async () => {
    replies.push(() => ({ status: 302, headers: { location: `${other.url}/landing` } }));
    const { c } = client();
    const res = await c.request({ method: 'GET', url: '/moved' });
    expect(res.body).toEqual({ other: true });
    expect(seen[0].headers['x-token']).toBe(TOKEN);
    expect(otherSeen[0].headers['x-token']).toBeUndefined();
    expect(otherSeen[0].url).toBe('/landing');
  });

  it('needs a full URL when there is no base URL', async () => {
    const c = createHttpClient({ baseUrl: undefined, env: { filesDir: '/x' } });
    const err = await failure(c.request({ method: 'GET', url: '/relative' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toContain('"/relative" is not a full URL');
    const err2 = await failure(c.request({ method: 'GET', url: 'ftp://example.com/x' }));
    expect(err2.message).toContain('only http and https');
  });
});

describe('retries and errors', () => {
  it('retries a 429 after the Retry-After seconds, then succeeds', async () => {
    replies.push(json(429, { error: 'slow down' }, { 'retry-after': '3' }));
    const { c, clock } = client();
    const res = await c.request({ method: 'GET', url: '/x' });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    replies.push(json(503, { message: 'maintenance' }, { 'retry-after': at }));
    const { c, clock } = client();
    await c.request({ method: 'GET', url: '/x' });
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(3_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it('gives up after the retries with a retryable RATE_LIMITED that carries retryAfterMs', async () => {
    for (let n = 0; n < 3; n++)
      replies.push(json(429, { error: 'ratelimited' }, { 'retry-after': '2' }));
    const { c, clock } = client();
    const err = await failure(c.request({ method: 'GET', url: '/x' }));
    expect(seen).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(2000);
    expect(err.message).toContain('Acme is limiting calls (HTTP 429 on GET /api/v2/x)');
    expect(err.message).toContain('"ratelimited"');
  });

  it("does not wait inside the client for a long Retry-After: the engine's step retry decides", async () => {
    replies.push(json(429, {}, { 'retry-after': '120' }));
    const { c, clock } = client();
    const err = await failure(c.request({ method: 'GET', url: '/x' }));
    expect(seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('retries a 500 once with backoff and returns the good answer', async () => {
    replies.push(json(500, { message: 'boom' }));
    const { c, clock } = client({ retries: { max: 2, baseDelayMs: 250 } });
    const res = await c.request({ method: 'POST', url: '/x', json: {} });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([250]);
  });

  it("turns a lasting 5xx into a retryable CONNECTOR_HTTP_<status> with the service's words", async () => {
    for (let n = 0; n < 3; n++) replies.push(json(503, { message: 'database is down' }));
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: '/x' }));
    expect(err.code).toBe('CONNECTOR_HTTP_503');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      'Acme answered HTTP 503 on GET /api/v2/x: "database is down". The service had a problem on its side; trying again later may work.',
    );
  });

  it('does not retry a 4xx; the error names the status and carries the redacted exchange', async () => {
    replies.push(json(404, { errors: [{ message: 'No such item' }] }));
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: '/items/9' }));
    expect(seen).toHaveLength(1);
    expect(err.code).toBe('CONNECTOR_HTTP_404');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Acme answered HTTP 404 on GET /api/v2/items/9: "No such item".');
    const request = err.details.request as { url: string; headers: Record<string, string> };
    expect(request.url).toBe(`${server.url}/api/v2/items/9?key=%5Bredacted%5D`);
    expect(request.headers['x-token']).toBe('[redacted]');
    expect(JSON.stringify(err.details)).not.toContain(TOKEN);
    expect((err.details.response as { status: number }).status).toBe(404);
  });

  it('maps 401 to AUTH_FAILED without retrying', async () => {
    replies.push(json(401, { error: 'invalid_auth' }));
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: '/me' }));
    expect(seen).toHaveLength(1);
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain(
      'Acme rejected the credentials (HTTP 401 on GET /api/v2/me): "invalid_auth"',
    );
  });

  it('lets any status through with acceptAnyStatus', async () => {
    replies.push(json(422, { message: 'bad' }));
    const { c } = client();
    const res = await c.request({ method: 'POST', url: '/x', json: {}, acceptAnyStatus: true });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: 'bad' });
  });

  it('reports a refused connection as NETWORK', async () => {
    const gone = await listen((_req, res) => res.end());
    const url = gone.url;
    await gone.close();
    const c = createHttpClient({ baseUrl: url, env: { filesDir: '/x' }, service: 'Gone' });
    const err = await failure(c.request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('NETWORK');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain(`Could not reach Gone at ${url}`);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('gives up on a service that does not answer within the timeout (STEP_TIMEOUT)', async () => {
    replies.push(() => 'hang');
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: '/slow', timeoutMs: 150 }));
    expect(err.code).toBe('STEP_TIMEOUT');
    expect(err.message).toBe('Acme did not answer GET /api/v2/slow within 150 ms.');
  });

  it("also times out while the answer's body is still coming", async () => {
    replies.push(() => 'stall');
    const { c } = client();
    const err = await failure(c.request({ method: 'GET', url: '/half', timeoutMs: 150 }));
    expect(err.code).toBe('STEP_TIMEOUT');
    expect(err.message).toBe('Acme did not answer GET /api/v2/half within 150 ms.');
  });

  it('stops when the step is cancelled', async () => {
    replies.push(() => 'hang');
    const ctl = new AbortController();
    const c = createHttpClient({
      baseUrl: server.url,
      env: { filesDir: '/x' },
      signal: ctl.signal,
    });
    const p = c.request({ method: 'GET', url: '/slow' });
    setTimeout(() => ctl.abort(), 50);
    const err = await failure(p);
    expect(err.code).toBe('CANCELLED');
  });
});

describe('capture and redaction', () => {
  it('captures each attempt with credentials, secret values and long bodies cleaned', async () => {
    replies.push(json(500, { echo: `your token is ${TOKEN}` }));
    const { c, captured } = client();
    await c.request({
      method: 'POST',
      url: '/x',
      json: { note: `token ${TOKEN}`, big: 'y'.repeat(20_000) },
    });
    expect(captured).toHaveLength(2);
    expect(captured.map((e) => e.attempt)).toEqual([1, 2]);
    const first = captured[0];
    expect(first.request.headers['x-token']).toBe('[redacted]');
    expect(first.request.url).toContain('key=%5Bredacted%5D');
    expect(first.request.body).toContain('token [redacted]');
    expect(first.request.body).toContain('more characters]');
    expect(first.request.body!.length).toBeLessThan(9_000);
    expect(first.response?.body).toBe('{"echo":"your token is [redacted]"}');
    expect(JSON.stringify(captured)).not.toContain(TOKEN);
  });
});

describe('pacing', () => {
  it('waits for the next minute once the per-key limit is used up', async () => {
    const { c, clock } = client({ pacing: { perMinute: 2, key: 'k1' } });
    await c.request({ method: 'GET', url: '/1' });
    await c.request({ method: 'GET', url: '/2' });
    expect(clock.sleeps).toEqual([]);
    await c.request({ method: 'GET', url: '/3' });
    expect(clock.sleeps).toEqual([60_000]);
    expect(seen).toHaveLength(3);
  });

  it("paces by the authentication's declared limit, per token: two authentications with one token share the pace", async () => {
    const paced = defineAuth<{ token: string }>({ ...tokenAuth, pacing: { perMinute: 1 } });
    const clock = steppingClock();
    const make = (authId: string, token = TOKEN) =>
      createHttpClient({
        baseUrl: server.url,
        auth: paced,
        fields: { token },
        authId,
        env: { filesDir: '/x', clock },
      });
    await make('a').request({ method: 'GET', url: '/' });
    await make('b', 'tok-another-one').request({ method: 'GET', url: '/' });
    expect(clock.sleeps).toEqual([]);
    await make('c').request({ method: 'GET', url: '/' });
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('can be switched off for the whole environment', async () => {
    const paced = defineAuth<{ token: string }>({ ...tokenAuth, pacing: { perMinute: 1 } });
    const clock = steppingClock();
    const c = createHttpClient({
      baseUrl: server.url,
      auth: paced,
      fields: { token: TOKEN },
      authId: 'z',
      env: { filesDir: '/x', clock, pacing: false },
    });
    for (let n = 0; n < 3; n++) await c.request({ method: 'GET', url: '/' });
    expect(clock.sleeps).toEqual([]);
  });
});

describe('page helpers', () => {
  it('follows offset pages until a short page, from the start offset', async () => {
    const data = Array.from({ length: 23 }, (_, n) => n);
    const asked: number[] = [];
    const { items, total } = await followOffsetPages({
      start: 5,
      count: 10,
      fetchPage: async (offset, count) => {
        asked.push(offset);
        return { items: data.slice(offset, offset + count), total: data.length };
      },
    });
    expect(asked).toEqual([5, 15]);
    expect(items).toEqual(data.slice(5));
    expect(total).toBe(23);
  });

  it('stops at total and at max', async () => {
    const asked: number[] = [];
    const { items } = await followOffsetPages({
      count: 10,
      max: 25,
      fetchPage: async (offset, count) => {
        asked.push(offset);
        return { items: Array.from({ length: count }, (_, n) => offset + n), total: 1000 };
      },
    });
    expect(asked).toEqual([0, 10, 20]);
    expect(items).toHaveLength(25);
  });

  it('advances by page number when told offsets are pages', async () => {
    const asked: number[] = [];
    const { items } = await followOffsetPages({
      count: 2,
      step: 'pages',
      fetchPage: async (page) => {
        asked.push(page);
        return { items: page < 2 ? ['a', 'b'] : ['c'], total: 5 };
      },
    });
    expect(asked).toEqual([0, 1, 2]);
    expect(items).toEqual(['a', 'b', 'a', 'b', 'c']);
  });

  it('follows cursors and stops on an empty or repeated cursor', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      start: { items: [1], next: 'c2' },
      c2: { items: [2], next: 'c3' },
      c3: { items: [3], next: 'c2' },
    };
    const items = await followCursorPages<number>({
      fetchPage: async (cursor) => pages[cursor ?? 'start'],
    });
    expect(items).toEqual([1, 2, 3]);
    const limited = await followCursorPages<number>({
      max: 2,
      fetchPage: async (cursor) => pages[cursor ?? 'start'],
    });
    expect(limited).toEqual([1, 2]);
  });
});

describe('raw request endpoints', () => {
  const base = 'https://api.totango.com';
  it.each([
    ['https://evil.example/x', 'is a full URL'],
    ['http:/evil.example/x', 'is a full URL'],
    ['api/v1/x', 'does not start with "/"'],
    ['//evil.example/x', 'starts with "//"'],
    ['/\\evil.example/x', 'contains "\\"'],
  ])('refuses %s', (endpoint, why) => {
    expect(() => checkEndpoint(base, endpoint)).toThrow(why);
    try {
      checkEndpoint(base, endpoint);
    } catch (err) {
      expect((err as StepError).code).toBe('FORBIDDEN');
    }
  });

  it("refuses an endpoint that would leave the host through the URL's user part", () => {
    expect(() => checkEndpoint('https://api.totango.com', '@evil.example/x')).toThrow(
      'does not start with "/"',
    );
  });

  it('accepts a plain path', () => {
    expect(() => checkEndpoint(base, '/api/v3/touchpoints/')).not.toThrow();
  });
});
