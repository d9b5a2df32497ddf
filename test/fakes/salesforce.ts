// A fake Salesforce on 127.0.0.1 for tests: the OAuth token endpoint (on its own "login"
// listener, so tests see that data calls go to the returned instance_url), the REST API under
// /services/data/vNN.0 (query/queryAll with small pages, sObject CRUD, upsert by external id,
// describe, getDeleted, sObject Collections), the real error arrays, Sforce-Limit-Info,
// REQUEST_LIMIT_EXCEEDED and tokens that tests can expire.
import type http from 'node:http';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { SalesforceStore, sfDateTime } from './salesforce/store.js';
import { SfError, type SfRecord } from './salesforce/errors.js';
import { createCollection, deleteCollection, updateCollection } from './salesforce/collections.js';

export interface FakeSalesforceCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  securityToken: string;
  refreshToken: string;
}

export interface RecordedRequest {
  listener: 'login' | 'instance';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  json?: unknown;
}

export interface FakeSalesforce {
  loginUrl: string;
  instanceUrl: string;
  store: SalesforceStore;
  credentials: FakeSalesforceCredentials;
  requests: RecordedRequest[];
  /** Records per query page (the real service uses up to 2000). */
  pageSize: number;
  api: { used: number; max: number };
  /** Every access token issued so far stops working (the next data call gets INVALID_SESSION_ID). */
  expireTokens(): void;
  /** When true, tokens are issued but never accepted (a session policy that kills every session). */
  rejectAllSessions: boolean;
  tokensIssued(): number;
  /** Requests to the REST API (not the token endpoint), optionally only those whose path contains `part`. */
  dataRequests(part?: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeSalesforce(
  opts: {
    pageSize?: number;
    apiMax?: number;
    credentials?: Partial<FakeSalesforceCredentials>;
  } = {},
): Promise<FakeSalesforce> {
  const credentials: FakeSalesforceCredentials = {
    clientId: 'fake-client-id',
    clientSecret: 'fake-client-secret',
    username: 'integration@acme.test',
    password: 'pa55word',
    securityToken: 'SECTOKEN',
    refreshToken: 'fake-refresh-token',
    ...opts.credentials,
  };
  const validTokens = new Set<string>();
  const cursors = new Map<string, { records: SfRecord[]; total: number }>();
  let issued = 0;
  let cursorSeq = 0;
  let version = 'v60.0';
  const store = new SalesforceStore(() => `/services/data/${version}`);

  const fake: FakeSalesforce = {
    loginUrl: '',
    instanceUrl: '',
    store,
    credentials,
    requests: [],
    pageSize: opts.pageSize ?? 2000,
    api: { used: 0, max: opts.apiMax ?? 5000 },
    rejectAllSessions: false,
    expireTokens: () => validTokens.clear(),
    tokensIssued: () => issued,
    dataRequests: (part) =>
      fake.requests.filter(
        (r) => r.path.startsWith('/services/data/') && (!part || r.path.includes(part)),
      ),
    close: async () => {
      await Promise.all([login.close(), instance.close()]);
    },
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  function token(form: URLSearchParams): { status: number; body: unknown } {
    const grant = form.get('grant_type');
    if (form.get('client_id') !== credentials.clientId)
      return {
        status: 400,
        body: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
      };
    if (grant === 'password') {
      if (form.get('client_secret') !== credentials.clientSecret)
        return {
          status: 400,
          body: { error: 'invalid_client', error_description: 'invalid client credentials' },
        };
      if (
        form.get('username') !== credentials.username ||
        form.get('password') !== credentials.password + credentials.securityToken
      ) {
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'authentication failure' },
        };
      }
    } else if (grant === 'refresh_token') {
      const secret = form.get('client_secret');
      if (secret !== null && secret !== credentials.clientSecret)
        return {
          status: 400,
          body: { error: 'invalid_client', error_description: 'invalid client credentials' },
        };
      if (form.get('refresh_token') !== credentials.refreshToken)
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
        };
    } else {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
      };
    }
    issued++;
    const accessToken = `00Dfake0000001!AQ${issued}.${Math.random().toString(36).slice(2)}`;
    if (!fake.rejectAllSessions) validTokens.add(accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        instance_url: fake.instanceUrl,
        id: `${fake.loginUrl}/id/00Dfake0000001AAA/${store.apiUserId}`,
        token_type: 'Bearer',
        issued_at: String(store.now()),
        signature: 'ZmFrZQ==',
      },
    };
  }

  // A locator names the cursor and the offset (`01g…-2000`), as the real nextRecordsUrl does.
  function queryPage(locator: string, offset: number): unknown {
    const cursor = cursors.get(locator);
    if (!cursor) throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const records = cursor.records.slice(offset, offset + fake.pageSize);
    const next = offset + records.length;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(locator);
    return {
      totalSize: cursor.total,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locator}-${next}` }),
      records,
    };
  }

  function startQuery(q: string | null, all: boolean): unknown {
    if (!q) throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const records = store.query(q, all);
    const locator = `01gfake${String(++cursorSeq).padStart(8, '0')}`;
    cursors.set(locator, { records, total: records.length });
    return queryPage(locator, 0);
  }

  function dataRoute(
    method: string,
    parts: string[],
    url: URL,
    json: unknown,
  ): { status: number; body?: unknown } {
    const [head, obj, second, third] = parts;
    const body = (json ?? {}) as Record<string, unknown>;
    if (head === 'query' || head === 'queryAll') {
      if (method !== 'GET')
        throw new SfError(
          405,
          'METHOD_NOT_ALLOWED',
          `HTTP Method '${method}' not allowed. Allowed are GET`,
        );
      if (obj) {
        const [locator, offset] = obj.split('-');
        return { status: 200, body: queryPage(locator, Number(offset)) };
      }
      return { status: 200, body: startQuery(url.searchParams.get('q'), head === 'queryAll') };
    }
    if (head === 'limits' && method === 'GET') {
      return {
        status: 200,
        body: {
          DailyApiRequests: {
            Max: fake.api.max,
            Remaining: Math.max(0, fake.api.max - fake.api.used),
          },
        },
      };
    }
    // describeGlobal: the objects of the org (the fields of each are its describe).
    if (head === 'sobjects' && !obj && method === 'GET') {
      return {
        status: 200,
        body: {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: [...store.objects.values()].map((d) => ({
            name: d.name,
            label: d.label,
            keyPrefix: d.keyPrefix,
            custom: d.name.endsWith('__c'),
            queryable: true,
            createable: true,
            updateable: true,
            deletable: true,
          })),
        },
      };
    }
    if (head === 'sobjects' && obj) {
      const def = store.object(obj);
      if (second === 'describe' && method === 'GET') {
        return {
          status: 200,
          body: {
            name: def.name,
            label: def.label,
            keyPrefix: def.keyPrefix,
            fields: def.fields.map((f) => ({
              name: f.name,
              label: f.label,
              type: f.type,
              createable: !f.readOnly,
              updateable: !f.readOnly,
              nillable: !def.required.includes(f.name),
              externalId: f.externalId === true,
              relationshipName: f.relationshipName ?? null,
              referenceTo: f.referenceTo ?? [],
              picklistValues: (f.picklistValues ?? []).map((v) => ({
                value: v,
                label: v,
                active: true,
              })),
            })),
          },
        };
      }
      if (second === 'deleted' && method === 'GET') {
        const start = Date.parse(url.searchParams.get('start') ?? '');
        const end = Date.parse(url.searchParams.get('end') ?? '');
        if (Number.isNaN(start) || Number.isNaN(end))
          throw new SfError(400, 'INVALID_REPLICATION_DATE', 'start and end must be datetimes');
        const covered = Math.min(end, store.now()) - (Math.min(end, store.now()) % 60_000);
        return {
          status: 200,
          body: {
            deletedRecords: store.deletedBetween(def.name, start, end),
            earliestDateAvailable: sfDateTime(store.now() - 15 * 86_400_000),
            latestDateCovered: sfDateTime(covered),
          },
        };
      }
      if (!second && method === 'POST') {
        const rec = store.insert(def.name, body);
        return { status: 201, body: { id: rec.Id, success: true, errors: [] } };
      }
      if (second && third !== undefined && method === 'PATCH') {
        const { rec, created } = store.upsert(def.name, second, decodeURIComponent(third), body);
        // Before API 46.0 an upsert that updates answers 204 with no body (api-reference §2.5).
        if (!created && Number(version.slice(1)) < 46) return { status: 204 };
        return {
          status: created ? 201 : 200,
          body: { id: rec.Id, success: true, errors: [], created },
        };
      }
      if (second && third !== undefined && method === 'GET') {
        const { matches } = store.byExternalId(def.name, second, decodeURIComponent(third));
        if (!matches.length)
          throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        const rec = matches[0];
        return {
          status: 200,
          body: {
            attributes: {
              type: def.name,
              url: `/services/data/${version}/sobjects/${def.name}/${rec.Id}`,
            },
            ...rec,
          },
        };
      }
      if (second && third === undefined) {
        if (method === 'GET') {
          const rec = store.live(def.name, second);
          const fields = url.searchParams
            .get('fields')
            ?.split(',')
            .map((f) => f.trim())
            .filter(Boolean);
          if (!fields)
            return {
              status: 200,
              body: {
                attributes: {
                  type: def.name,
                  url: `/services/data/${version}/sobjects/${def.name}/${rec.Id}`,
                },
                ...rec,
              },
            };
          return {
            status: 200,
            body: store.query(
              `SELECT ${fields.join(',')} FROM ${def.name} WHERE Id = '${rec.Id}'`,
              true,
            )[0],
          };
        }
        if (method === 'PATCH') {
          store.change(def.name, second, body);
          return { status: 204 };
        }
        if (method === 'DELETE') {
          store.remove(def.name, second);
          return { status: 204 };
        }
      }
    }
    if (head === 'composite' && obj === 'sobjects' && !second) {
      const records = (body.records ?? []) as SfRecord[];
      const allOrNone = body.allOrNone === true || url.searchParams.get('allOrNone') === 'true';
      if (method === 'POST')
        return { status: 200, body: createCollection(store, records, allOrNone) };
      if (method === 'PATCH')
        return { status: 200, body: updateCollection(store, records, allOrNone) };
      if (method === 'DELETE')
        return {
          status: 200,
          body: deleteCollection(
            store,
            (url.searchParams.get('ids') ?? '').split(',').filter(Boolean),
            allOrNone,
          ),
        };
    }
    throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  async function handle(
    listener: 'login' | 'instance',
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.join(', ') : String(v ?? ''),
      ]),
    );
    let json: unknown;
    if (text && headers['content-type']?.includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const method = req.method ?? 'GET';
    fake.requests.push({
      listener,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: text,
      ...(json === undefined ? {} : { json }),
    });

    if (url.pathname === '/services/oauth2/token' && method === 'POST') {
      const out = token(new URLSearchParams(text));
      return send(res, out.status, out.body);
    }
    if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
      return send(res, 200, [{ label: 'Winter 24', url: '/services/data/v60.0', version: '60.0' }]);
    }
    const m = url.pathname.match(/^\/services\/data\/(v\d+\.\d)\/(.*)$/);
    if (!m)
      return send(
        res,
        404,
        new SfError(404, 'NOT_FOUND', 'The requested resource does not exist').body(),
      );
    if (text && json === undefined && method !== 'GET' && method !== 'DELETE') {
      return send(
        res,
        400,
        new SfError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON').body(),
      );
    }
    const bearer = headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!bearer || !validTokens.has(bearer)) {
      return send(
        res,
        401,
        new SfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid').body(),
      );
    }
    version = m[1];
    fake.api.used++;
    const limitHeader = { 'sforce-limit-info': `api-usage=${fake.api.used}/${fake.api.max}` };
    if (fake.api.used > fake.api.max) {
      return send(
        res,
        403,
        new SfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.').body(),
        limitHeader,
      );
    }
    try {
      const out = dataRoute(method, m[2].split('/').filter(Boolean), url, json);
      return send(res, out.status, out.body, limitHeader);
    } catch (err) {
      if (err instanceof SfError) return send(res, err.status, err.body(), limitHeader);
      return send(
        res,
        500,
        [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(err) }],
        limitHeader,
      );
    }
  }

  const login: Listening = await listen((req, res) => {
    void handle('login', req, res);
  });
  const instance: Listening = await listen((req, res) => {
    void handle('instance', req, res);
  });
  fake.loginUrl = login.url;
  fake.instanceUrl = instance.url;
  return fake;
}
