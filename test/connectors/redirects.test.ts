// Redirects never carry credentials or bodies to another origin, for every method and
// redirect status; an OAuth token request (Salesforce sign-in) follows no redirect at all.
// A second real server on 127.0.0.1 stands for "another host" and must receive nothing secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCatalog } from '../../connectors/index.js';
import { salesforceConnector } from '../../connectors/salesforce/index.js';
import { clearSalesforceTokens } from '../../connectors/salesforce/session.js';
import { createHttpClient } from '../../connectors/sdk/http-client.js';
import { defineAuth, type HttpRequest } from '../../connectors/sdk/types.js';
import { callOperation } from '../helpers/call-operation.js';
import { listen, seeRequest, type Listening, type SeenRequest } from '../helpers/listen.js';
import { failure } from './helpers.js';

let origin: Listening;
let other: Listening;
let originSeen: SeenRequest[];
let otherSeen: SeenRequest[];
let redirect: { status: number; to: string };

const SECRET = 'sk-live-0123456789abcdef';

beforeAll(async () => {
  origin = await listen(async (req, res) => {
    originSeen.push(await seeRequest(req));
    if (req.url!.startsWith('/back')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"back":true}');
      return;
    }
    res.writeHead(redirect.status, { location: redirect.to });
    res.end();
  });
  other = await listen(async (req, res) => {
    otherSeen.push(await seeRequest(req));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"other":true}');
  });
});
afterAll(async () => {
  await origin.close();
  await other.close();
});
beforeEach(() => {
  originSeen = [];
  otherSeen = [];
  clearSalesforceTokens();
});

const bearer = defineAuth<{ token: string }>({
  kind: 'token',
  title: 'Test',
  fields: z.object({ token: z.string().meta({ secret: true }) }),
  apply: (f, req) => {
    req.headers.authorization = `Bearer ${f.token}`;
    req.headers['x-custom-key'] = f.token;
  },
});

const client = () =>
  createHttpClient({
    baseUrl: origin.url,
    auth: bearer,
    fields: { token: SECRET },
    env: { filesDir: '/x', pacing: false },
    retries: { max: 0, baseDelayMs: 1 },
  });

/** Nothing that reached the other host holds the secret, in any header, the URL or the body. */
function expectNothingSecretElsewhere(): void {
  const text = JSON.stringify(otherSeen);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
  for (const s of otherSeen) {
    expect(s.headers.authorization).toBeUndefined();
    expect(s.headers.cookie).toBeUndefined();
    expect(s.headers['x-custom-key']).toBeUndefined();
  }
}

const STATUSES = [301, 302, 303, 307, 308];
const METHODS: HttpRequest['method'][] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('a redirect to another origin', () => {
  for (const status of STATUSES)
    for (const method of METHODS) {
      it(`${status} after ${method} with a body: no credentials, no body on the other host`, async () => {
        redirect = { status, to: `${other.url}/landing` };
        const withBody = method !== 'GET' && method !== 'HEAD';
        const req: HttpRequest = {
          method,
          url: '/start',
          headers: { cookie: `session=${SECRET}`, 'Proxy-Authorization': `Basic ${SECRET}` },
          ...(withBody ? { json: { secret: SECRET } } : {}),
        };
        const keepsMethod =
          status === 307 || status === 308 || (status !== 303 && method !== 'POST');
        if (withBody && keepsMethod) {
          // The body cannot go on and cannot be dropped silently: a clear step error.
          const err = await failure(client().request(req));
          expect(err.code).toBe('FORBIDDEN');
          expect(err.message).toContain(`redirect (HTTP ${status}) to ${other.url}`);
          expect(otherSeen).toEqual([]);
        } else {
          const res = await client().request(req);
          if (method !== 'HEAD') expect(res.body).toEqual({ other: true });
          expect(otherSeen).toHaveLength(1);
          expect(otherSeen[0].body).toBe('');
        }
        expect(originSeen[0].headers.authorization).toBe(`Bearer ${SECRET}`);
        expectNothingSecretElsewhere();
      });
    }

  it('puts the credentials back only when a redirect returns to their own origin', async () => {
    redirect = { status: 302, to: `${origin.url}/back` };
    const res = await client().request({ method: 'GET', url: '/start' });
    expect(res.body).toEqual({ back: true });
    expect(originSeen[1].headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('keeps the body on a 307 within the same origin', async () => {
    redirect = { status: 307, to: '/back' };
    await client().request({ method: 'POST', url: '/start', json: { a: 1 } });
    expect(originSeen[1]).toMatchObject({ method: 'POST', url: '/back', body: '{"a":1}' });
  });

  it('follows no redirect when the request says so', async () => {
    redirect = { status: 307, to: `${other.url}/landing` };
    const res = await client().request({
      method: 'POST',
      url: '/start',
      json: { a: 1 },
      followRedirects: false,
      acceptAnyStatus: true,
    });
    expect(res.status).toBe(307);
    expect(otherSeen).toEqual([]);
  });
});

describe('Salesforce sign-in', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`follows no ${status} from the token endpoint: the other host gets no secret`, async () => {
      redirect = { status, to: `${other.url}/services/oauth2/token` };
      const catalog = createCatalog(
        { SALESFORCE_LOGIN_URL: origin.url, filesDir: '/x', pacing: false },
        [salesforceConnector],
      );
      const auth = {
        id: `sf-redirect-${status}`,
        connector: 'salesforce',
        fields: {
          clientId: 'client-id',
          clientSecret: 'client-secret-do-not-send',
          username: 'integration@acme.test',
          password: 'password-do-not-send',
        },
      };
      const err = await failure(
        callOperation(
          catalog,
          'salesforce',
          'soql_query',
          { query: 'SELECT Id FROM Account' },
          { auth },
        ),
      );
      expect(err.code).toBe('AUTH_FAILED');
      expect(err.message).toContain(`redirect (HTTP ${status}) to ${other.url}`);
      expect(originSeen).toHaveLength(1);
      expect(otherSeen).toEqual([]);
    });
  }
});
