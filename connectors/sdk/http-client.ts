// The one HTTP client every connector uses. It resolves paths against the authentication's
// base URL, puts credentials only on requests to that origin, times out, retries 429 and 5xx
// as Retry-After says (briefly: long waits are left to the engine's step retry), paces calls
// per authentication, and captures each exchange with secrets removed.
import { createHash } from 'node:crypto';
import { StepError } from '../../engine/errors/step-error.js';
import { realClock, type Clock } from './clock.js';
import { parseRetryAfter, serviceErrorText, statusError } from './http-errors.js';
import { maxOutputBytes, readBodyCapped } from './output-limit.js';
import { acquireSlot } from './pacer.js';
import { isCredentialHeader, Redactor } from './redact.js';
import { secretFieldNames, secretValues } from './secret-fields.js';
import type {
  AuthDef,
  ConnectorEnv,
  HttpClient,
  HttpExchange,
  HttpRequest,
  HttpResponse,
} from './types.js';

export interface HttpClientOptions<F = Record<string, unknown>> {
  baseUrl: string | undefined;
  /** The authentication declaration whose apply() puts credentials on a request. */
  auth?: AuthDef<F> | null;
  fields?: F;
  authId?: string;
  env: ConnectorEnv;
  signal?: AbortSignal;
  /** Called with every exchange (each attempt), secrets removed. */
  capture?: (exchange: HttpExchange) => void;
  /** Calls a minute per key. Default: the auth's `pacing`, keyed by authId or a hash of the secrets. */
  pacing?: { perMinute: number; key: string } | false;
  retries?: { max: number; baseDelayMs: number; maxWaitMs?: number };
  /** Name used in messages ("Totango answered HTTP 500 …"). Default: the base URL's host. */
  service?: string;
  /** Per-request timeout when the request sets none. Default 30 s. */
  timeoutMs?: number;
  /** Read the service's error text from a failed answer; default understands the common shapes. */
  errorText?: (body: unknown, text: string) => string | undefined;
}

const DEFAULT_RETRIES = { max: 2, baseDelayMs: 500, maxWaitMs: 30_000 };
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

type Query = NonNullable<HttpRequest['query']>;

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Join a path to a base URL by text, so `/chat.postMessage` under `https://slack.com/api` keeps `/api`. */
export function resolveUrl(baseUrl: string | undefined, url: string): URL {
  let full: string;
  if (isAbsolute(url)) full = url;
  else if (baseUrl) full = `${baseUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
  else
    throw new StepError(
      'INPUT_INVALID',
      `"${url}" is not a full URL: it must start with http:// or https://.`,
    );
  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    throw new StepError('INPUT_INVALID', `"${url}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StepError(
      'INPUT_INVALID',
      `"${url}" uses ${parsed.protocol.replace(':', '')}; only http and https URLs can be called.`,
    );
  }
  return parsed;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect sends the request, and with which method: 307 and 308 keep the method and
 * body; 303, and 301/302 after a POST, turn into a GET without a body (as browsers do).
 */
function redirectTarget(
  location: string,
  from: URL,
  method: string,
  status: number,
  service: string,
): { url: URL; method: string; keepsBody: boolean } {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    throw new StepError(
      'CONNECTOR_HTTP',
      `${service} answered with a redirect (HTTP ${status}) to an address that is not a URL.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new StepError(
      'FORBIDDEN',
      `${service} answered with a redirect (HTTP ${status}) to a ${url.protocol} address; only http and https are followed.`,
    );
  const toGet =
    status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  return { url, method: toGet ? 'GET' : method, keepsBody: !toGet };
}

function addQuery(url: URL, query: Query | Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null) url.searchParams.append(k, String(v));
}

function encodeBody(
  req: HttpRequest,
  headers: Record<string, string>,
): string | Uint8Array | undefined {
  const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (req.json !== undefined) {
    if (!has('content-type')) headers['content-type'] = 'application/json';
    return JSON.stringify(req.json);
  }
  if (req.form !== undefined) {
    if (!has('content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(req.form))
      if (v !== undefined && v !== null) form.append(k, String(v));
    return form.toString();
  }
  return req.body;
}

function parseBody(text: string, contentType: string): unknown {
  const t = text.trim();
  if (contentType.includes('json') || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

function bodyText(body: string | Uint8Array | undefined): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : `[${body.byteLength} bytes]`;
}

/**
 * The request's headers with the credentials on top. Header names are case-insensitive, so a
 * header the user typed as "Authorization" must give way to the credentials' "authorization",
 * not travel beside it (fetch would join both values into one broken header).
 */
function withCredentials(
  user: Record<string, string>,
  creds: Record<string, string>,
): Record<string, string> {
  const credNames = new Set(Object.keys(creds).map((k) => k.toLowerCase()));
  const kept = Object.fromEntries(
    Object.entries(user).filter(([k]) => !credNames.has(k.toLowerCase())),
  );
  return { ...kept, ...creds };
}

function hashKey(values: string[]): string {
  return createHash('sha256').update(values.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * Services limit calls per credential (Totango: 100 a minute per token), so two
 * authentications holding the same token share one pace; the id serves only an
 * authentication without secrets.
 */
function pacingKey(secrets: string[], authId: string | undefined): string {
  return secrets.length ? hashKey(secrets) : (authId ?? 'anonymous');
}

export function createHttpClient<F = Record<string, unknown>>(
  opts: HttpClientOptions<F>,
): HttpClient {
  const clock: Clock = opts.env.clock ?? realClock;
  const retries = { ...DEFAULT_RETRIES, ...opts.retries };
  const baseOrigin = originOf(opts.baseUrl);
  const service = opts.service ?? (opts.baseUrl ? new URL(opts.baseUrl).host : 'The service');
  const fields = opts.fields as Record<string, unknown> | undefined;
  const secrets =
    opts.auth && fields ? secretValues(fields, secretFieldNames(opts.auth.fields)) : [];
  const pacing =
    opts.pacing === false || opts.env.pacing === false
      ? undefined
      : (opts.pacing ??
        (opts.auth?.pacing
          ? {
              perMinute: opts.auth.pacing.perMinute,
              key: `${opts.auth.title}:${pacingKey(secrets, opts.authId)}`,
            }
          : undefined));
  const errorText = opts.errorText ?? serviceErrorText;

  async function credentials(
    url: URL,
    req: HttpRequest,
  ): Promise<{ headers: Record<string, string>; query: Record<string, string> }> {
    const out = { headers: {} as Record<string, string>, query: {} as Record<string, string> };
    if (!opts.auth?.apply || !opts.fields || req.withoutCredentials) return out;
    if (!baseOrigin || url.origin !== baseOrigin) {
      throw new StepError(
        'FORBIDDEN',
        `Refused to send the authentication's credentials to ${url.origin}: they may only go to ${baseOrigin ?? "the authentication's base URL"}. Use a URL under the authentication's base URL, or remove the authentication from the step.`,
        { details: { url: url.origin, allowed: baseOrigin } },
      );
    }
    await opts.auth.apply(opts.fields, out, {
      authId: opts.authId,
      env: opts.env,
      signal: opts.signal ?? new AbortController().signal,
    });
    return out;
  }

  /** One exchange, body included: the timeout and cancellation cover reading the answer too. */
  async function send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    timeoutMs: number,
  ): Promise<{ res: Response; text: string }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : (body as BodyInit | undefined),
        signal,
        redirect: 'manual',
      });
      const what = `${service}'s answer to ${method} ${url.pathname}`;
      return { res, text: await readBodyCapped(res, maxOutputBytes(opts.env), what) };
    } catch (err) {
      if (err instanceof StepError) throw err;
      if (opts.signal?.aborted) {
        const reason: unknown = opts.signal.reason;
        throw reason instanceof StepError
          ? reason
          : new StepError('CANCELLED', `The call to ${service} was stopped.`, { cause: reason });
      }
      if (timeout.aborted) {
        throw new StepError(
          'STEP_TIMEOUT',
          `${service} did not answer ${method} ${url.pathname} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`,
          { retryable: true, cause: err },
        );
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new StepError(
        'NETWORK',
        `Could not reach ${service} at ${url.origin} (${why}). Check the base URL and that the service is up.`,
        { retryable: true, cause: err },
      );
    }
  }

  /** send(), reported to env.onHttpCall (metrics): each attempt, answered or not; not when cancelled. */
  async function observed(
    ...args: Parameters<typeof send>
  ): Promise<Awaited<ReturnType<typeof send>>> {
    const onCall = opts.env.onHttpCall;
    if (!onCall) return send(...args);
    const started = performance.now();
    const report = (status: number | null) =>
      onCall({ service, method: args[0], status, durationMs: performance.now() - started });
    try {
      const answer = await send(...args);
      report(answer.res.status);
      return answer;
    } catch (err) {
      if (!opts.signal?.aborted) report(null);
      throw err;
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    let url = resolveUrl(opts.baseUrl, req.url);
    addQuery(url, req.query);
    let method: string = req.method;
    const userHeaders: Record<string, string> = { ...req.headers };
    let body = encodeBody(req, userHeaders);
    let creds = await credentials(url, req);
    const redactor = new Redactor({
      values: [...secrets, ...Object.values(creds.headers), ...Object.values(creds.query)],
      headers: Object.keys(creds.headers),
      query: Object.keys(creds.query),
    });
    const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    for (let attempt = 1, redirects = 0; ; attempt++) {
      const target = new URL(url);
      addQuery(target, creds.query);
      const headers = withCredentials(userHeaders, creds.headers);
      // The limit is on calls made with the credential; a request sent without it (Totango's
      // collector, which takes only the Service ID) does not count and need not wait, unless
      // the operation asks for it (`paced`).
      if (pacing && (!req.withoutCredentials || req.paced)) {
        if (opts.env.pacer) await opts.env.pacer(pacing.key, pacing.perMinute, opts.signal);
        else await acquireSlot(pacing.key, pacing.perMinute, clock, opts.signal);
      }
      const started = clock.now();
      const { res, text } = await observed(method, target, headers, body, timeoutMs);
      const resHeaders = Object.fromEntries(res.headers.entries());
      const exchange: HttpExchange = {
        request: {
          method,
          url: redactor.url(target.toString()),
          headers: redactor.headers(headers),
          body: redactor.body(bodyText(body)),
        },
        response: {
          status: res.status,
          headers: redactor.headers(resHeaders),
          body: redactor.body(text),
        },
        attempt,
        durationMs: clock.now() - started,
      };
      opts.capture?.(exchange);

      const location = res.headers.get('location');
      if (
        REDIRECTS.has(res.status) &&
        location &&
        req.followRedirects !== false &&
        redirects < MAX_REDIRECTS
      ) {
        // Followed by hand: credentials and bodies never ride a redirect to another origin.
        redirects++;
        attempt--;
        const next = redirectTarget(location, target, method, res.status, service);
        if (next.url.origin !== target.origin) {
          if (next.keepsBody && body !== undefined)
            throw new StepError(
              'FORBIDDEN',
              `${service} answered ${method} ${target.pathname} with a redirect (HTTP ${res.status}) to ${next.url.origin}; Stepwise does not send a request body on to another address. Call ${next.url.origin} directly if that is where it belongs.`,
              { details: { status: res.status, from: target.origin, to: next.url.origin } },
            );
          // Credential headers the step set itself (an Authorization, a Cookie) stay behind too.
          for (const name of Object.keys(userHeaders))
            if (isCredentialHeader(name, creds.headers)) delete userHeaders[name];
        }
        method = next.method;
        if (!next.keepsBody) {
          body = undefined;
          for (const name of Object.keys(userHeaders))
            if (/^content-(type|length|encoding)$/i.test(name)) delete userHeaders[name];
        }
        url = next.url;
        creds =
          url.origin === baseOrigin ? await credentials(url, req) : { headers: {}, query: {} };
        continue;
      }

      const parsed = parseBody(text, res.headers.get('content-type') ?? '');
      const response: HttpResponse = {
        status: res.status,
        headers: resHeaders,
        body: parsed,
        text,
        url: redactor.url(target.toString()),
      };
      if (res.status < 400) return response;

      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after') ?? undefined, Date.now());
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt <= retries.max) {
        const wait = retryAfterMs ?? retries.baseDelayMs * 2 ** (attempt - 1);
        if (wait <= retries.maxWaitMs) {
          await clock.sleep(wait, opts.signal);
          continue;
        }
      }
      if (req.acceptAnyStatus) return response;
      throw statusError(service, exchange, errorText(parsed, text), retryAfterMs);
    }
  }

  return { baseUrl: opts.baseUrl, request };
}
