// A small stateful Totango on 127.0.0.1 for tests (api-reference §1): the REST APIs under
// /api (app-token required), the search and events endpoints with the form-encoded `query`,
// touchpoints and tasks v3, and the HTTP collector /pixel.gif/. It answers with the real
// envelope shapes and can be told to fail (401, 429 with Retry-After, 500, a failed envelope).
import http from 'node:http';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { searchEvents } from './totango/events.js';
import { checkQuery, QueryError, search } from './totango/search.js';
import { defaultState, type FakeAccount, type FakeCampaignTouch, type FakeTask, type FakeTotangoState, type FakeTouchpoint, type FakeUser } from './totango/state.js';

export type { FakeAccount, FakeCampaignTouch, FakeTask, FakeTotangoState, FakeTouchpoint, FakeUser } from './totango/state.js';
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

export interface RecordedTotangoRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  contentType: string | undefined;
  appToken: string | undefined;
  rawBody: string;
  /** The form fields of a form-encoded body. */
  form?: Record<string, string>;
  /** A JSON body, parsed. */
  json?: unknown;
  /** The search/events `query` form field, parsed (undefined if it was not JSON). */
  searchQuery?: unknown;
}

export interface FailSpec {
  status: 401 | 429 | 500 | 502 | 503 | 200;
  /** Seconds, sent as Retry-After (429, or a 5xx). */
  retryAfter?: number | string;
  /** How many calls fail (default 1). */
  times?: number;
  /** Only calls whose path starts with this fail (default: every /api call). */
  path?: string;
  /** The `_error` text (status 200 answers a failed envelope with it). */
  message?: string;
}

export interface FakeTotango {
  url: string;
  token: string;
  state: FakeTotangoState;
  requests: RecordedTotangoRequest[];
  failNext(spec: FailSpec): void;
  addAccount(a: Partial<FakeAccount> & { id: string }): FakeAccount;
  addUser(u: Partial<FakeUser> & { id: string; account_id: string }): FakeUser;
  addTask(t: Partial<FakeTask> & { account_id: string }): FakeTask;
  addTouchpoint(t: Partial<FakeTouchpoint> & { account_id: string }): FakeTouchpoint;
  addCampaignTouch(c: Partial<FakeCampaignTouch> & { account_id: string }): FakeCampaignTouch;
  task(id: number | string): FakeTask | undefined;
  touchpoint(id: number | string): FakeTouchpoint | undefined;
  /** Requests to a path (prefix), e.g. '/api/v1/search/accounts'. */
  requestsTo(path: string): RecordedTotangoRequest[];
  close(): Promise<void>;
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function failed(serviceId: string, message: string): Record<string, unknown> {
  return { status: 'failed', _error: message, service_id: serviceId, _type: 'error', _version: 1, _revision: 'r100' };
}

function success(serviceId: string, response: Record<string, unknown>): Record<string, unknown> {
  return { status: 'success', service_id: serviceId, _type: 'search-result', _version: 1, _revision: 'r100', took: 3, response };
}

function str(v: unknown): string | null {
  return v === undefined || v === null || v === '' ? null : String(v);
}

export async function startFakeTotango(opts: FakeTotangoOptions = {}): Promise<FakeTotango> {
  const tokens = new Set(opts.tokens ?? [FAKE_TOTANGO_TOKEN]);
  const now = opts.now ?? Date.now;
  const perMinute = opts.perMinute ?? 100;
  const state = defaultState();
  if (opts.serviceId) state.serviceId = opts.serviceId;
  const requests: RecordedTotangoRequest[] = [];
  const failures: (FailSpec & { times: number })[] = [];
  const calls = new Map<string, number[]>();
  let lastStamp = 0;
  // Strictly increasing, so "last update wins" comparisons in sync tests are never ties by accident.
  const stamp = (): number => (lastStamp = Math.max(now(), lastStamp + 1));

  const addAccount = (a: Partial<FakeAccount> & { id: string }): FakeAccount => {
    const acc: FakeAccount = { display_name: a.id, attributes: {}, ...a };
    state.accounts.push(acc);
    return acc;
  };
  const addUser = (u: Partial<FakeUser> & { id: string; account_id: string }): FakeUser => {
    const user: FakeUser = { display_name: u.id, attributes: {}, ...u };
    state.users.push(user);
    return user;
  };
  const addTask = (t: Partial<FakeTask> & { account_id: string }): FakeTask => {
    const at = t.last_updated ?? stamp();
    const task: FakeTask = {
      id: t.id ?? state.nextId++,
      title: 'Task',
      description: '',
      priority: 2,
      status: 'open',
      due_date: null,
      assignee: null,
      activity_type_id: 'renewal',
      external_id: null,
      created: at,
      last_updated: at,
      ...t,
    };
    state.tasks.push(task);
    return task;
  };
  const addTouchpoint = (t: Partial<FakeTouchpoint> & { account_id: string }): FakeTouchpoint => {
    const at = t.last_updated ?? stamp();
    const tp: FakeTouchpoint = {
      id: t.id ?? state.nextId++,
      subject: '',
      content: '',
      activity_type_id: null,
      touchpointType: null,
      touchpoint_tags: [],
      participants: [],
      created_by: null,
      create_date: at,
      disable_sync: false,
      external_id: null,
      last_updated: at,
      ...t,
    };
    state.touchpoints.push(tp);
    return tp;
  };
  const addCampaignTouch = (c: Partial<FakeCampaignTouch> & { account_id: string }): FakeCampaignTouch => {
    const touch: FakeCampaignTouch = { id: `ct-${state.nextId++}`, user_id: null, campaign_name: 'Campaign', subject: '', timestamp: stamp(), ...c };
    state.campaignTouches.push(touch);
    return touch;
  };
  for (const a of opts.accounts ?? []) addAccount(a);
  for (const u of opts.users ?? []) addUser(u);

  const task = (id: number | string): FakeTask | undefined => state.tasks.find((t) => String(t.id) === String(id));
  const touchpoint = (id: number | string): FakeTouchpoint | undefined => state.touchpoints.find((t) => String(t.id) === String(id));
  const accountExists = (id: unknown): boolean => state.accounts.some((a) => a.id === id);

  function takeFailure(path: string): FailSpec | undefined {
    const at = failures.findIndex((f) => !f.path || path.startsWith(f.path));
    if (at < 0) return undefined;
    const f = failures[at];
    f.times -= 1;
    if (f.times <= 0) failures.splice(at, 1);
    return f;
  }

  function rateLimited(token: string): boolean {
    if (!Number.isFinite(perMinute)) return false;
    const t = now();
    const recent = (calls.get(token) ?? []).filter((c) => c > t - 60_000);
    recent.push(t);
    calls.set(token, recent);
    return recent.length > perMinute;
  }

  function searchQueryOf(rec: RecordedTotangoRequest): { query?: Record<string, unknown>; answer?: Answer } {
    const raw = rec.form?.query;
    if (raw === undefined) return { answer: { status: 400, body: failed(state.serviceId, 'Missing query parameter') } };
    if (rec.searchQuery === undefined) return { answer: { status: 400, body: failed(state.serviceId, 'Invalid query: not valid JSON') } };
    const q = rec.searchQuery as Record<string, unknown>;
    // The real service answers a query without `terms` with a misleading 401 (Tray's Totango guide).
    if (q && typeof q === 'object' && !Array.isArray(q.terms)) return { answer: { status: 401, body: failed(state.serviceId, 'Unauthorized') } };
    try {
      return { query: checkQuery(q, rec.path.startsWith('/api/v2/events') ? 'events' : 'search') };
    } catch (err) {
      if (err instanceof QueryError) return { answer: { status: 400, body: failed(state.serviceId, err.message) } };
      throw err;
    }
  }

  function bodyFields(rec: RecordedTotangoRequest): Record<string, unknown> | undefined {
    if (rec.json && typeof rec.json === 'object' && !Array.isArray(rec.json)) return rec.json as Record<string, unknown>;
    if (rec.form) {
      const out: Record<string, unknown> = { ...rec.form };
      for (const k of ['participantList', 'touchpoint_tags']) {
        if (typeof out[k] === 'string') {
          try {
            out[k] = JSON.parse(out[k] as string);
          } catch {
            /* keep the text: the fake stores what it was sent */
          }
        }
      }
      return out;
    }
    return undefined;
  }

  function touchpointFrom(b: Record<string, unknown>, base?: FakeTouchpoint): Omit<FakeTouchpoint, 'id' | 'last_updated'> {
    const participants = Array.isArray(b.participantList) ? (b.participantList as { userid?: string }[]).map((p) => String(p.userid)) : (base?.participants ?? []);
    return {
      account_id: String(b.account_id ?? base?.account_id ?? ''),
      subject: String(b.subject ?? base?.subject ?? ''),
      content: String(b.content ?? base?.content ?? ''),
      activity_type_id: str(b.activity_type_id) ?? base?.activity_type_id ?? null,
      touchpointType: str(b.touchpointType) ?? base?.touchpointType ?? null,
      touchpoint_tags: Array.isArray(b.touchpoint_tags) ? b.touchpoint_tags.map(String) : (base?.touchpoint_tags ?? []),
      participants,
      created_by: str(b.created_by) ?? base?.created_by ?? null,
      create_date: b.create_date !== undefined ? Number(b.create_date) : (base?.create_date ?? now()),
      disable_sync: b.disable_sync !== undefined ? b.disable_sync === true || b.disable_sync === 'true' : (base?.disable_sync ?? false),
      external_id: str(b.external_id) ?? base?.external_id ?? null,
    };
  }

  function taskChanges(b: Record<string, unknown>): Partial<FakeTask> {
    const out: Partial<FakeTask> = {};
    if (b.account_id !== undefined) out.account_id = String(b.account_id);
    if (b.title !== undefined) out.title = String(b.title);
    if (b.description !== undefined) out.description = String(b.description);
    if (b.priority !== undefined) out.priority = Number(b.priority);
    if (b.status !== undefined) out.status = String(b.status);
    if (b.due_date !== undefined) out.due_date = str(b.due_date);
    if (b.assignee !== undefined) out.assignee = str(b.assignee);
    if (b.activity_type_id !== undefined) out.activity_type_id = String(b.activity_type_id);
    if (b.external_id !== undefined) out.external_id = str(b.external_id);
    return out;
  }

  function collector(rec: RecordedTotangoRequest): Answer {
    const params = { ...rec.query, ...(rec.form ?? {}) };
    state.collector.push({ method: rec.method, params });
    // Like the real collector: always 200 and a GIF; the data is applied only when it makes sense.
    if (params.sdr_s === state.serviceId && params.sdr_o) {
      const acc = state.accounts.find((a) => a.id === params.sdr_o) ?? addAccount({ id: params.sdr_o });
      for (const [k, v] of Object.entries(params)) {
        if (k === 'sdr_o.account_name') acc.display_name = v;
        else if (k.startsWith('sdr_o.')) acc.attributes[k.slice(6)] = v;
      }
      if (params.sdr_u) {
        const user = state.users.find((u) => u.id === params.sdr_u && u.account_id === params.sdr_o) ?? addUser({ id: params.sdr_u, account_id: params.sdr_o });
        for (const [k, v] of Object.entries(params)) if (k.startsWith('sdr_u.')) user.attributes[k.slice(6)] = v;
        if (params.sdr_a) user.last_activity_time = now();
      }
    }
    return { status: 200, body: GIF, headers: { 'content-type': 'image/gif' } };
  }

  function route(rec: RecordedTotangoRequest): Answer {
    const sid = state.serviceId;
    const { method, path } = rec;
    const search1 = /^\/api\/v1\/search\/(accounts|users)\/?$/.exec(path);
    if (search1 && method === 'POST') {
      const { query, answer } = searchQueryOf(rec);
      if (answer) return answer;
      const kind = search1[1] as 'accounts' | 'users';
      return { status: 200, body: success(sid, { [kind]: search(state, kind, query!) }) };
    }
    if (/^\/api\/v2\/events\/search\/?$/.test(path) && method === 'POST') {
      const { query, answer } = searchQueryOf(rec);
      if (answer) return answer;
      return { status: 200, body: success(sid, { events: searchEvents(state, query!, rec.form?.account_id) }) };
    }
    if (/^\/api\/v3\/activity-types\/?$/.test(path) && method === 'GET') return { status: 200, body: state.activityTypes };

    if (/^\/api\/v3\/touchpoints\/?$/.test(path) && method === 'POST') {
      const b = bodyFields(rec);
      if (!b) return { status: 400, body: failed(sid, 'Missing body') };
      if (!accountExists(b.account_id)) return { status: 400, body: failed(sid, 'Account not found') };
      if (!b.content) return { status: 400, body: failed(sid, 'content is required') };
      const tp = addTouchpoint({ ...touchpointFrom(b), last_updated: stamp() });
      return { status: 200, body: { note: { ...tp } } };
    }
    const tpId = /^\/api\/v3\/touchpoints\/([^/]+)\/?$/.exec(path);
    if (tpId) {
      const tp = touchpoint(decodeURIComponent(tpId[1]));
      if (!tp) return { status: 404, body: failed(sid, 'Touchpoint not found') };
      if (method === 'DELETE') {
        state.touchpoints.splice(state.touchpoints.indexOf(tp), 1);
        return { status: 200, body: { status: 'success' } };
      }
      if (method === 'PUT') {
        Object.assign(tp, touchpointFrom(bodyFields(rec) ?? {}, tp), { last_updated: stamp() });
        return { status: 200, body: { note: { ...tp } } };
      }
    }

    if (/^\/api\/v3\/tasks\/?$/.test(path)) {
      if (method === 'GET') {
        const t = rec.query.id !== undefined ? task(rec.query.id) : undefined;
        return { status: 200, body: t ? [{ ...t }] : [] };
      }
      const b = rec.json as Record<string, unknown> | undefined;
      if (!b || typeof b !== 'object') return { status: 400, body: { message: 'The Tasks API takes a JSON body' } };
      if (method === 'POST') {
        if (!accountExists(b.account_id)) return { status: 400, body: { message: 'Account not found' } };
        if (!b.title) return { status: 400, body: { message: 'title is required' } };
        if (!b.activity_type_id) return { status: 400, body: { message: 'activity_type_id is required' } };
        const at = stamp();
        const t = addTask({ ...taskChanges(b), account_id: String(b.account_id), created: at, last_updated: at });
        return { status: 200, body: { ...t } };
      }
      if (method === 'PUT' && b.id !== undefined) return updateTask(String(b.id), b);
    }
    const taskId = /^\/api\/v3\/tasks\/([^/]+)\/?$/.exec(path);
    if (taskId) {
      const id = decodeURIComponent(taskId[1]);
      if (method === 'PUT') return updateTask(id, (rec.json ?? {}) as Record<string, unknown>);
      if (method === 'DELETE') {
        const t = task(id);
        if (!t) return { status: 404, body: { message: 'Task not found' } };
        state.tasks.splice(state.tasks.indexOf(t), 1);
        return { status: 200, body: { status: 'success' } };
      }
      if (method === 'GET') {
        const t = task(id);
        return t ? { status: 200, body: [{ ...t }] } : { status: 404, body: { message: 'Task not found' } };
      }
    }
    return { status: 404, body: failed(sid, `No such endpoint: ${method} ${path}`) };
  }

  function updateTask(id: string, b: Record<string, unknown>): Answer {
    const t = task(id);
    if (!t) return { status: 404, body: { message: 'Task not found' } };
    const changes = taskChanges(b);
    if (changes.account_id !== undefined && !accountExists(changes.account_id)) return { status: 400, body: { message: 'Account not found' } };
    Object.assign(t, changes, { last_updated: stamp() });
    return { status: 200, body: { ...t } };
  }

  function handle(rec: RecordedTotangoRequest): Answer {
    if (rec.path.startsWith('/pixel.gif')) return collector(rec);
    const sid = state.serviceId;
    if (!rec.path.startsWith('/api/')) return { status: 404, body: failed(sid, 'Not found') };
    const failure = takeFailure(rec.path);
    if (failure) {
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      if (failure.status === 200) return { status: 200, body: failed(sid, failure.message ?? 'Something went wrong') };
      if (failure.status === 401) return { status: 401, body: failed(sid, failure.message ?? 'Invalid token') };
      if (failure.status === 429) return { status: 429, headers, body: failed(sid, failure.message ?? 'Too many requests: 100 calls per minute') };
      return { status: failure.status, headers, body: failed(sid, failure.message ?? 'Internal server error') };
    }
    if (!rec.appToken || !tokens.has(rec.appToken)) return { status: 401, body: failed(sid, rec.appToken ? 'Invalid token' : 'Missing app-token header') };
    if (rateLimited(rec.appToken)) return { status: 429, headers: { 'retry-after': '60' }, body: failed(sid, 'Too many requests: 100 calls per minute') };
    return route(rec);
  }

  const handler: http.RequestListener = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const rawBody = await readBody(req);
    const contentType = req.headers['content-type'];
    const rec: RecordedTotangoRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      contentType,
      appToken: typeof req.headers['app-token'] === 'string' ? req.headers['app-token'] : undefined,
      rawBody,
    };
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      rec.form = Object.fromEntries(new URLSearchParams(rawBody));
      if (rec.form.query !== undefined) {
        try {
          rec.searchQuery = JSON.parse(rec.form.query);
        } catch {
          rec.searchQuery = undefined;
        }
      }
    } else if (contentType?.startsWith('application/json') && rawBody !== '') {
      try {
        rec.json = JSON.parse(rawBody);
      } catch {
        rec.json = undefined;
      }
    }
    requests.push(rec);
    const answer = handle(rec);
    const isGif = Buffer.isBuffer(answer.body);
    res.writeHead(answer.status, { 'content-type': isGif ? 'image/gif' : 'application/json', ...answer.headers });
    res.end(isGif ? answer.body : JSON.stringify(answer.body));
  };
  const server = opts.port !== undefined ? await listenOnPort(opts.port, handler) : await listen(handler);

  return {
    url: server.url,
    token: [...tokens][0],
    state,
    requests,
    failNext: (spec) => failures.push({ times: 1, ...spec }),
    addAccount,
    addUser,
    addTask,
    addTouchpoint,
    addCampaignTouch,
    task,
    touchpoint,
    requestsTo: (path) => requests.filter((r) => r.path.startsWith(path)),
    close: () => server.close(),
  };
}

async function listenOnPort(port: number, handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
