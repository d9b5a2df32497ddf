// A small stateful Totango on 127.0.0.1 for tests (api-reference §1): the REST APIs under
// /api (app-token required), the search and events endpoints with the form-encoded `query`,
// touchpoints and tasks v3, and the HTTP collector /pixel.gif/. It answers with the real
// envelope shapes and can be told to fail (401, 429 with Retry-After, 500, a failed envelope).
import http from 'node:http';
import { listen, readBody } from '../helpers/listen.js';
import { failed, success, type Answer } from './totango/answer.js';
import { collector } from './totango/collector.js';
import { searchEvents } from './totango/events.js';
import { taskRoutes, touchpointRoutes } from './totango/records.js';
import { recordRequest, type RecordedTotangoRequest } from './totango/request.js';
import { checkQuery, QueryError, search } from './totango/search.js';
import type { FakeAccount, FakeUser } from './totango/state.js';
import { createStore, type FakeStore } from './totango/store.js';

export type {
  FakeAccount,
  FakeCampaignTouch,
  FakeTask,
  FakeTotangoState,
  FakeTouchpoint,
  FakeTouchpointType,
  FakeUser,
} from './totango/state.js';
export type { RecordedTotangoRequest } from './totango/request.js';
export { manyAccounts } from './totango/state.js';

export const FAKE_TOTANGO_TOKEN = 'totango-test-token-0123456789';

export interface FakeTotangoOptions {
  /** Tokens accepted in `app-token` (default [FAKE_TOTANGO_TOKEN]). */
  tokens?: string[];
  serviceId?: string;
  accounts?: Array<Partial<FakeAccount> & { id: string }>;
  users?: Array<Partial<FakeUser> & { id: string; account_id: string }>;
  /** Calls a minute per token before 429 (default 100, as the real service; Infinity: no limit). */
  perMinute?: number;
  /** The fake's clock for last_updated and the rate window (default Date.now). */
  now?: () => number;
  /** A fixed port (for running it by hand, test/fakes/totango/serve.ts); default an ephemeral one. */
  port?: number;
}

export interface FailSpec {
  status: 401 | 429 | 500 | 502 | 503 | 200;
  /** Seconds (or an HTTP date), sent as Retry-After. */
  retryAfter?: number | string;
  /** How many calls fail (default 1). */
  times?: number;
  /** Only calls whose path starts with this fail (default: every /api call). */
  path?: string;
  /** The `_error` text (status 200 answers a failed envelope with it). */
  message?: string;
}

/** The store's seeding and reading helpers, as the store defines them. */
type StoreHelpers = Pick<
  FakeStore,
  | 'state'
  | 'addAccount'
  | 'addUser'
  | 'addTask'
  | 'addTouchpoint'
  | 'addCampaignTouch'
  | 'task'
  | 'touchpoint'
>;

export interface FakeTotango extends StoreHelpers {
  url: string;
  token: string;
  requests: RecordedTotangoRequest[];
  failNext(spec: FailSpec): void;
  /** Requests to a path (prefix), e.g. '/api/v1/search/accounts'. */
  requestsTo(path: string): RecordedTotangoRequest[];
  close(): Promise<void>;
}

const FAILURE_TEXT: Record<number, string> = {
  200: 'Something went wrong',
  401: 'Invalid token',
  429: 'Too many requests: 100 calls per minute',
};

export async function startFakeTotango(opts: FakeTotangoOptions = {}): Promise<FakeTotango> {
  const tokens = new Set(opts.tokens ?? [FAKE_TOTANGO_TOKEN]);
  const perMinute = opts.perMinute ?? 100;
  const store = createStore(opts.now ?? Date.now);
  const { state } = store;
  if (opts.serviceId) state.serviceId = opts.serviceId;
  for (const a of opts.accounts ?? []) store.addAccount(a);
  for (const u of opts.users ?? []) store.addUser(u);
  const requests: RecordedTotangoRequest[] = [];
  const failures: (FailSpec & { times: number })[] = [];
  const calls = new Map<string, number[]>();

  function takeFailure(path: string): FailSpec | undefined {
    const at = failures.findIndex((f) => !f.path || path.startsWith(f.path));
    if (at < 0) return undefined;
    const f = failures[at];
    if (--f.times <= 0) failures.splice(at, 1);
    return f;
  }

  function rateLimited(token: string): boolean {
    if (!Number.isFinite(perMinute)) return false;
    const t = store.now();
    const recent = (calls.get(token) ?? []).filter((c) => c > t - 60_000);
    recent.push(t);
    calls.set(token, recent);
    return recent.length > perMinute;
  }

  function searchQueryOf(
    rec: RecordedTotangoRequest,
  ): { query: Record<string, unknown> } | { answer: Answer } {
    const sid = state.serviceId;
    if (rec.form?.query === undefined)
      return { answer: { status: 400, body: failed(sid, 'Missing query parameter') } };
    const q = rec.searchQuery as Record<string, unknown> | undefined;
    if (q === undefined)
      return { answer: { status: 400, body: failed(sid, 'Invalid query: not valid JSON') } };
    // The real service answers a query without `terms` with a misleading 401 (Tray's Totango guide).
    if (q && typeof q === 'object' && !Array.isArray(q.terms))
      return { answer: { status: 401, body: failed(sid, 'Unauthorized') } };
    try {
      return { query: checkQuery(q, rec.path.startsWith('/api/v2/events') ? 'events' : 'search') };
    } catch (err) {
      if (err instanceof QueryError)
        return { answer: { status: 400, body: failed(sid, err.message) } };
      throw err;
    }
  }

  function route(rec: RecordedTotangoRequest): Answer {
    const sid = state.serviceId;
    const kind = /^\/api\/v1\/search\/(accounts|users)\/?$/.exec(rec.path)?.[1] as
      | 'accounts'
      | 'users'
      | undefined;
    if (kind && rec.method === 'POST') {
      const q = searchQueryOf(rec);
      return 'answer' in q
        ? q.answer
        : { status: 200, body: success(sid, { [kind]: search(state, kind, q.query) }) };
    }
    if (/^\/api\/v2\/events\/search\/?$/.test(rec.path) && rec.method === 'POST') {
      // [assumed] An account_id the service does not know is refused like the Tasks API's.
      if (rec.form?.account_id && !store.accountExists(rec.form.account_id))
        return { status: 400, body: failed(sid, 'Account not found') };
      const q = searchQueryOf(rec);
      return 'answer' in q
        ? q.answer
        : {
            status: 200,
            body: success(sid, { events: searchEvents(state, q.query, rec.form?.account_id) }),
          };
    }
    if (/^\/api\/v3\/activity-types\/?$/.test(rec.path) && rec.method === 'GET')
      return { status: 200, body: state.activityTypes };
    if (/^\/api\/v3\/touchpoint-types\/?$/.test(rec.path) && rec.method === 'GET')
      return { status: 200, body: state.touchpointTypes };
    return (
      touchpointRoutes(store, rec) ??
      taskRoutes(store, rec) ?? {
        status: 404,
        body: failed(sid, `No such endpoint: ${rec.method} ${rec.path}`),
      }
    );
  }

  function handle(rec: RecordedTotangoRequest): Answer {
    if (rec.path.startsWith('/pixel.gif')) return collector(store, rec);
    const sid = state.serviceId;
    if (!rec.path.startsWith('/api/')) return { status: 404, body: failed(sid, 'Not found') };
    const failure = takeFailure(rec.path);
    if (failure) {
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return {
        status: failure.status,
        headers,
        body: failed(
          sid,
          failure.message ?? FAILURE_TEXT[failure.status] ?? 'Internal server error',
        ),
      };
    }
    if (!rec.appToken || !tokens.has(rec.appToken))
      return {
        status: 401,
        body: failed(sid, rec.appToken ? 'Invalid token' : 'Missing app-token header'),
      };
    if (rateLimited(rec.appToken))
      return {
        status: 429,
        headers: { 'retry-after': '60' },
        body: failed(sid, FAILURE_TEXT[429]),
      };
    return route(rec);
  }

  const handler: http.RequestListener = async (req, res) => {
    const rec = recordRequest(req, await readBody(req), store.now());
    requests.push(rec);
    const answer = handle(rec);
    const isGif = Buffer.isBuffer(answer.body);
    res.writeHead(answer.status, {
      'content-type': isGif ? 'image/gif' : 'application/json',
      ...answer.headers,
    });
    res.end(isGif ? answer.body : JSON.stringify(answer.body));
  };
  const server = await listen(handler, opts.port);

  return {
    url: server.url,
    token: [...tokens][0],
    state,
    requests,
    failNext: (spec) => failures.push({ times: 1, ...spec }),
    addAccount: store.addAccount,
    addUser: store.addUser,
    addTask: store.addTask,
    addTouchpoint: store.addTouchpoint,
    addCampaignTouch: store.addCampaignTouch,
    task: store.task,
    touchpoint: store.touchpoint,
    requestsTo: (path) => requests.filter((r) => r.path.startsWith(path)),
    close: () => server.close(),
  };
}
