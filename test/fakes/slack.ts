// A small stateful Slack on 127.0.0.1 for tests (api-reference §3.7): the Web API under
// `/api/<method>` (form or JSON bodies, Bearer or `token` parameter) and an incoming
// webhook under `/services/T…/B…/X…` that answers plain text like the real one.
import http from 'node:http';
import { listen, readBody } from '../helpers/listen.js';
import { methods, type Params, type SlackAnswer } from './slack/methods.js';
import { defaultState, tsGenerator, type FakeSlackState } from './slack/state.js';

export type { FakeChannel, FakeMessage, FakeSlackState, FakeUser } from './slack/state.js';

export interface FakeSlackOptions {
  /** Bot tokens the fake accepts (default `xoxb-fake-token`). */
  tokens?: string[];
  /** The most a conversations.list page holds, whatever `limit` asks (default 1000). */
  maxPageSize?: number;
  state?: Partial<FakeSlackState>;
  /** A token bucket per method (Slack's tiers): past it, 429 with the seconds until the next token. */
  bucket?: { capacity: number; refillPerSecond: number };
  /** A fixed port (running it by hand, test/fakes/slack/serve.ts); default an ephemeral one. */
  port?: number;
  /** Told of every request as it arrives (the hand-run fake prints them). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  /** The Web API method (`chat.postMessage`) or `webhook`. */
  method: string;
  httpMethod: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  headers: http.IncomingHttpHeaders;
  query: Record<string, string>;
  /** Form fields, JSON body and query merged, as Slack reads them. */
  params: Params;
  rawBody: string;
}

export interface FakeSlack {
  /** The Web API base, e.g. `http://127.0.0.1:5555/api`. */
  url: string;
  webhookUrl: string;
  token: string;
  state: FakeSlackState;
  requests: RecordedRequest[];
  /** The next call of `method` (or `webhook`) answers this Slack error. */
  failNext(method: string, error: string): void;
  /** The next call of `method` (or `webhook`) answers 429 with `Retry-After: <seconds>`. */
  rateLimitOnce(method: string, retryAfterSeconds: number): void;
  /**
   * The next call of `method` (or `webhook`) is recorded, then gets no answer until the
   * returned release() is called: a slow Slack, without guessing at timings.
   */
  holdNext(method: string): () => void;
  close(): Promise<void>;
}

const WEBHOOK_PATH = '/services/T0000FAKE/B0000FAKE/XXXXXXXXXXXXXXXXXXXXXXXX';
const WEBHOOK_CHANNEL = 'C00CSALERTS';
/** The plain-text webhook errors and their statuses (api-reference §3.5). */
const WEBHOOK_STATUS: Record<string, number> = {
  invalid_payload: 400,
  user_not_found: 400,
  no_text: 400,
  action_prohibited: 403,
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
  rollup_error: 500,
};

function parseParams(
  rawBody: string,
  contentType: string | undefined,
  query: Record<string, string>,
): Params | 'invalid' {
  const params: Params = { ...query };
  if (rawBody === '') return params;
  if (contentType?.startsWith('application/json')) {
    try {
      const body: unknown = JSON.parse(rawBody);
      return body && typeof body === 'object' ? { ...params, ...(body as Params) } : 'invalid';
    } catch {
      return 'invalid';
    }
  }
  for (const [key, value] of new URLSearchParams(rawBody)) params[key] = value;
  return params;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const tokens = opts.tokens ?? ['xoxb-fake-token'];
  const state: FakeSlackState = { ...defaultState(), ...opts.state };
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, string[]>();
  const rateLimits = new Map<string, number[]>();
  const holds = new Map<string, Promise<void>[]>();
  const nextTs = tsGenerator();
  const buckets = new Map<string, { tokens: number; at: number }>();
  /** Seconds to wait when the method's bucket is empty, else undefined (and a token is used). */
  const bucketWait = (method: string): number | undefined => {
    if (!opts.bucket) return undefined;
    const { capacity, refillPerSecond } = opts.bucket;
    const now = Date.now();
    const b = buckets.get(method) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
    b.at = now;
    buckets.set(method, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / refillPerSecond));
  };
  const take = <T>(queue: Map<string, T[]>, method: string): T | undefined =>
    queue.get(method)?.shift();

  const send = (
    res: http.ServerResponse,
    status: number,
    body: SlackAnswer | string,
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type =
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    res.writeHead(status, { 'content-type': type, ...headers }).end(text);
  };

  const handleWebhook = (res: http.ServerResponse, path: string, params: Params | 'invalid') => {
    if (path !== WEBHOOK_PATH) return send(res, 404, 'no_service');
    const error = take(failures, 'webhook');
    if (error) return send(res, WEBHOOK_STATUS[error] ?? 400, error);
    if (params === 'invalid') return send(res, 400, 'invalid_payload');
    const text = typeof params.text === 'string' ? params.text : undefined;
    const blocks = Array.isArray(params.blocks) ? params.blocks : undefined;
    if (!text && !blocks?.length) return send(res, 400, 'no_text');
    state.messages.push({ channel: WEBHOOK_CHANNEL, ts: nextTs(), text, blocks });
    return send(res, 200, 'ok');
  };

  const handleMethod = (
    res: http.ServerResponse,
    method: string,
    params: Params | 'invalid',
    authorization: string | undefined,
  ) => {
    if (params === 'invalid') return send(res, 200, { ok: false, error: 'invalid_json' });
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const token = bearer ?? (typeof params.token === 'string' ? params.token : undefined);
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    if (!tokens.includes(token)) return send(res, 200, { ok: false, error: 'invalid_auth' });
    const handler = methods[method];
    if (!handler) return send(res, 200, { ok: false, error: 'unknown_method' });
    const error = take(failures, method);
    if (error) return send(res, 200, { ok: false, error });
    return send(
      res,
      200,
      handler(params, { state, nextTs, maxPageSize: opts.maxPageSize ?? 1000 }),
    );
  };

  const handler: http.RequestListener = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const rawBody = await readBody(req);
    const contentType = req.headers['content-type'];
    const query = Object.fromEntries(url.searchParams);
    const params = parseParams(rawBody, contentType, query);
    const isWebhook = url.pathname.startsWith('/services/');
    const method = isWebhook ? 'webhook' : url.pathname.replace(/^\/api\//, '');
    const recorded: RecordedRequest = {
      method,
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      contentType,
      authorization: req.headers.authorization,
      headers: req.headers,
      query,
      params: params === 'invalid' ? {} : params,
      rawBody,
    };
    requests.push(recorded);
    opts.onRequest?.(recorded);
    const hold = take(holds, method);
    if (hold) await hold;
    const retryAfter = take(rateLimits, method) ?? bucketWait(method);
    if (retryAfter !== undefined) {
      return isWebhook
        ? send(res, 429, 'rate_limited', { 'retry-after': String(retryAfter) })
        : send(
            res,
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(retryAfter) },
          );
    }
    if (isWebhook) return handleWebhook(res, url.pathname, params);
    if (!url.pathname.startsWith('/api/')) return send(res, 404, 'not found');
    return handleMethod(res, method, params, req.headers.authorization);
  };
  const server = await listen(handler, opts.port);

  const push = <T>(queue: Map<string, T[]>, method: string, value: T) =>
    queue.set(method, [...(queue.get(method) ?? []), value]);
  return {
    url: `${server.url}/api`,
    webhookUrl: `${server.url}${WEBHOOK_PATH}`,
    token: tokens[0],
    state,
    requests,
    failNext: (method, error) => push(failures, method, error),
    rateLimitOnce: (method, seconds) => push(rateLimits, method, seconds),
    holdNext: (method) => {
      let release = () => {};
      push(holds, method, new Promise<void>((resolve) => (release = resolve)));
      return release;
    },
    close: () => server.close(),
  };
}
