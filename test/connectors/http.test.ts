// http.request through the real catalog against a server on 127.0.0.1: the exact request the
// target receives for every input, each authentication kind, and the refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCatalog, testAuthentication } from '../../connectors/index.js';
import { steppingClock } from '../../connectors/sdk/clock.js';
import type { ResolvedAuth } from '../../engine/run/catalog.js';
import { listen, seeRequest, type Listening, type SeenRequest } from '../helpers/listen.js';
import { callOperation, failure } from './helpers.js';

let target: Listening;
let elsewhere: Listening;
let seen: SeenRequest[];
let elsewhereSeen: number;
let nextStatus: number[];
const logs: { message: string; data?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  target = await listen(async (req, res) => {
    seen.push(await seeRequest(req));
    const status = nextStatus.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
    res.end(
      req.method === 'HEAD'
        ? undefined
        : JSON.stringify(status === 200 ? { ok: true } : { message: 'Item is locked' }),
    );
  });
  elsewhere = await listen((_req, res) => {
    elsewhereSeen++;
    res.end('{}');
  });
});
afterAll(async () => {
  await target.close();
  await elsewhere.close();
});
beforeEach(() => {
  seen = [];
  elsewhereSeen = 0;
  nextStatus = [];
  logs.length = 0;
});

const catalog = createCatalog({ filesDir: '/nowhere', clock: steppingClock() });

async function run(
  input: Record<string, unknown>,
  auth?: ResolvedAuth,
): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  return (await callOperation(catalog, 'http', 'request', input, {
    auth,
    // As inside a loop, so the Idempotency-Key shows the place, not just the step id.
    idempotencyKey: 'run_1:loop-1[2] > http-1',
    log: (_level, message, data) => logs.push({ message, data }),
  })) as { status: number; headers: Record<string, string>; body: unknown };
}

const authOf = (fields: Record<string, unknown>): ResolvedAuth => ({
  id: 'auth_http',
  connector: 'http',
  fields,
});

describe('http.request', () => {
  it('sends a GET with query and headers and returns status, headers and parsed body', async () => {
    const out = await run({
      url: `${target.url}/items`,
      query: { page: 2, q: 'a&b' },
      headers: { Accept: 'application/json' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe('/items?page=2&q=a%26b');
    expect(seen[0].headers.accept).toBe('application/json');
    expect(seen[0].headers['idempotency-key']).toBeUndefined();
    expect(out.status).toBe(200);
    expect(out.headers['x-request-id']).toBe('req-1');
    expect(out.body).toEqual({ ok: true });
  });

  it("sends a JSON body with the step's Idempotency-Key on POST", async () => {
    await run({ method: 'POST', url: `${target.url}/orders`, body: { sku: 'A-1', qty: 2 } });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].body).toBe('{"sku":"A-1","qty":2}');
    expect(seen[0].headers['idempotency-key']).toBe('run_1:loop-1[2] > http-1');
  });

  it('keeps an Idempotency-Key the user set, whatever its case', async () => {
    await run({
      method: 'PUT',
      url: `${target.url}/orders/1`,
      headers: { 'idempotency-KEY': 'mine' },
      body: {},
    });
    expect(seen[0].headers['idempotency-key']).toBe('mine');
  });

  it('adds the Idempotency-Key to PATCH and DELETE too', async () => {
    await run({ method: 'PATCH', url: `${target.url}/o/1`, body: { a: 1 } });
    await run({ method: 'DELETE', url: `${target.url}/o/1` });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual([
      'run_1:loop-1[2] > http-1',
      'run_1:loop-1[2] > http-1',
    ]);
  });

  it('sends a form body, objects inside it as JSON text', async () => {
    await run({
      method: 'POST',
      url: `${target.url}/form`,
      bodyType: 'form',
      body: { a: 'x y', n: 3, obj: { k: 1 } },
    });
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen[0].body))).toEqual({
      a: 'x y',
      n: '3',
      obj: '{"k":1}',
    });
  });

  it('sends a raw body as it is', async () => {
    await run({
      method: 'POST',
      url: `${target.url}/raw`,
      bodyType: 'raw',
      body: 'line1\nline2',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(seen[0].headers['content-type']).toBe('text/plain');
    expect(seen[0].body).toBe('line1\nline2');
  });

  it('refuses a form body that is not an object, naming the field', async () => {
    const err = await failure(
      run({ method: 'POST', url: `${target.url}/form`, bodyType: 'form', body: 'a=b' }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toContain('Input "body"');
    expect(seen).toHaveLength(0);
  });

  it("fails on an HTTP error by default, with the service's words", async () => {
    nextStatus = [409];
    const err = await failure(run({ method: 'POST', url: `${target.url}/orders`, body: {} }));
    expect(err.code).toBe('CONNECTOR_HTTP_409');
    expect(err.message).toContain('HTTP 409 on POST /orders: "Item is locked"');
  });

  it('returns an HTTP error as output when failOnHttpError is off', async () => {
    nextStatus = [409];
    const out = await run({
      method: 'POST',
      url: `${target.url}/orders`,
      body: {},
      failOnHttpError: false,
    });
    expect(out.status).toBe(409);
    expect(out.body).toEqual({ message: 'Item is locked' });
  });

  it('calls loopback and private addresses (internal services are a common target)', async () => {
    const out = await run({ url: `${target.url.replace('127.0.0.1', 'localhost')}/x` });
    expect(out.status).toBe(200);
  });

  it('needs a full URL without an authentication', async () => {
    const err = await failure(run({ url: '/items' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toContain('Input "url": "/items" must be a full URL');
  });
});

describe('http.request authentications', () => {
  it('basic: an Authorization header with user and password', async () => {
    await run(
      { url: `${target.url}/a` },
      authOf({ type: 'basic', baseUrl: target.url, username: 'ann', password: 'pw-secret-1' }),
    );
    expect(seen[0].headers.authorization).toBe(
      `Basic ${Buffer.from('ann:pw-secret-1').toString('base64')}`,
    );
  });

  it('bearer: a Bearer token, and a relative URL joins the base URL', async () => {
    await run(
      { url: '/v1/me' },
      authOf({ type: 'bearer', baseUrl: target.url, token: 'bearer-secret-2' }),
    );
    expect(seen[0].url).toBe('/v1/me');
    expect(seen[0].headers.authorization).toBe('Bearer bearer-secret-2');
  });

  it('API key in a named header', async () => {
    await run(
      { url: `${target.url}/a` },
      authOf({
        type: 'api_key_header',
        baseUrl: target.url,
        headerName: 'X-Api-Key',
        apiKey: 'key-secret-3',
      }),
    );
    expect(seen[0].headers['x-api-key']).toBe('key-secret-3');
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('API key in the query, hidden in the logged exchange', async () => {
    await run(
      { url: `${target.url}/a`, query: { x: 1 } },
      authOf({
        type: 'api_key_query',
        baseUrl: target.url,
        paramName: 'key',
        apiKey: 'key-secret-4',
      }),
    );
    expect(seen[0].url).toBe('/a?x=1&key=key-secret-4');
    expect(JSON.stringify(logs)).not.toContain('key-secret-4');
    expect(logs[0].message).toContain('/a?x=1&key=%5Bredacted%5D');
  });

  it('refuses to send the authentication to another host, before any request', async () => {
    const err = await failure(
      run(
        { url: `${elsewhere.url}/collect` },
        authOf({ type: 'bearer', baseUrl: target.url, token: 'bearer-secret-5' }),
      ),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(`may only go to ${target.url}`);
    expect(elsewhereSeen).toBe(0);
  });

  it('refuses an authentication of another connector', async () => {
    const err = await failure(
      run(
        { url: `${target.url}/a` },
        { id: 'auth_t', connector: 'totango', fields: { token: 'x' } },
      ),
    );
    expect(err.code).toBe('AUTH_MISSING');
    expect(err.message).toBe(
      'The authentication "auth_t" belongs to the totango connector; this step needs one for HTTP.',
    );
    expect(seen).toHaveLength(0);
  });

  it('names the missing field of an incomplete authentication without showing values', async () => {
    const err = await failure(
      run({ url: `${target.url}/a` }, authOf({ type: 'bearer', baseUrl: target.url })),
    );
    expect(err.code).toBe('AUTH_MISSING');
    expect(err.message).toBe(
      'The HTTP authentication is incomplete: token: missing. Edit the authentication and fill these in.',
    );
  });
});

describe('testing an HTTP authentication', () => {
  it('asks the base URL with the credentials and reports the answer', async () => {
    const res = await testAuthentication(
      'http',
      { type: 'bearer', baseUrl: target.url, token: 'bearer-secret-6' },
      { filesDir: '/x' },
    );
    expect(res).toEqual({
      ok: true,
      message: `${target.url} answered HTTP 200 with the credentials.`,
    });
    expect(seen[0].url).toBe('/');
    expect(seen[0].headers.authorization).toBe('Bearer bearer-secret-6');
  });

  it('reports 401 and 403 as refused', async () => {
    nextStatus = [403];
    const res = await testAuthentication(
      'http',
      { type: 'api_key_header', baseUrl: target.url, apiKey: 'k-secret-7' },
      { filesDir: '/x' },
    );
    expect(res).toEqual({
      ok: false,
      message: `${target.url} refused the credentials (HTTP 403).`,
    });
    expect(seen[0].headers['x-api-key']).toBe('k-secret-7');
  });
});
