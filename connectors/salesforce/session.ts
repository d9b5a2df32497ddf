// A Salesforce session: the OAuth token (cached per authentication in this process), the
// instance_url it came with, and the shared HTTP client bound to that instance. A call that
// gets 401 INVALID_SESSION_ID signs in once more and is sent again; every other failure
// becomes a step error (errors.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StepError } from '../../engine/errors/step-error.js';
import type { StepLogger } from '../../engine/run/catalog.js';
import { createHttpClient } from '../sdk/http-client.js';
import { captureToLog } from '../sdk/resolve-auth.js';
import {
  defineAuth,
  type ConnectorEnv,
  type HttpClient,
  type HttpExchange,
  type HttpRequest,
  type HttpResponse,
} from '../sdk/types.js';
import { resolveLoginUrl, type SalesforceAuthFields } from './auth-fields.js';
import { parseLimitInfo, salesforceError, type LimitInfo } from './errors.js';

interface Token {
  accessToken: string;
  instanceUrl: string;
}

/** One token per authentication (and per content of its fields, so an edited auth signs in afresh). */
const tokens = new Map<string, Promise<Token>>();

export interface SalesforceSession {
  readonly instanceUrl: string;
  readonly apiVersion: string;
  /** The API usage from the last answer's Sforce-Limit-Info. */
  readonly limitInfo: LimitInfo | undefined;
  /**
   * A call under /services/data/<version> (url `/query`, `/sobjects/Task`), or a path from
   * the service such as nextRecordsUrl (url starting with `/services/`). Throws on non-2xx.
   */
  data(req: HttpRequest): Promise<HttpResponse>;
  /** The same, but any HTTP status comes back as data (the raw HTTP operation). */
  raw(req: HttpRequest): Promise<HttpResponse>;
}

export interface SessionOptions {
  fields: SalesforceAuthFields;
  env: ConnectorEnv;
  signal: AbortSignal;
  authId: string | undefined;
  log: StepLogger;
  /** Told of the access token as soon as the session holds it (the run redacts it from then on). */
  onSecret?: (value: string) => void;
}

function cacheKey(
  fields: SalesforceAuthFields,
  env: ConnectorEnv,
  authId: string | undefined,
): string {
  const material = [
    resolveLoginUrl(fields, env),
    fields.clientId,
    fields.clientSecret,
    fields.username ?? '',
    fields.password ?? '',
    fields.securityToken ?? '',
    fields.refreshToken ?? '',
  ];
  return `${authId ?? 'unsaved'}:${createHash('sha256').update(material.join('\u0000')).digest('hex').slice(0, 24)}`;
}

/** The token exchange carries passwords and returns a token: record only the outcome. */
function tokenCapture(log: StepLogger): (ex: HttpExchange) => void {
  return (ex) =>
    log(
      'debug',
      `Salesforce sign-in: POST ${ex.request.url} → ${ex.response?.status ?? 'no answer'}`,
      {
        http: {
          request: {
            method: ex.request.method,
            url: ex.request.url,
            headers: {},
            body: '[sign-in form: not recorded]',
          },
          response: ex.response
            ? {
                status: ex.response.status,
                headers: {},
                body: ex.response.status === 200 ? '[token: not recorded]' : ex.response.body,
              }
            : undefined,
          attempt: ex.attempt,
          durationMs: ex.durationMs,
        },
      },
    );
}

async function signIn(opts: SessionOptions): Promise<Token> {
  const { fields, env, signal, log } = opts;
  const loginUrl = resolveLoginUrl(fields, env);
  const client = createHttpClient({
    baseUrl: loginUrl,
    env,
    signal,
    service: 'Salesforce login',
    capture: tokenCapture(log),
  });
  const form = fields.refreshToken
    ? {
        grant_type: 'refresh_token',
        refresh_token: fields.refreshToken,
        client_id: fields.clientId,
        client_secret: fields.clientSecret,
      }
    : {
        grant_type: 'password',
        client_id: fields.clientId,
        client_secret: fields.clientSecret,
        username: fields.username,
        password: `${fields.password ?? ''}${fields.securityToken ?? ''}`,
      };
  const res = await client.request({
    method: 'POST',
    url: '/services/oauth2/token',
    form,
    acceptAnyStatus: true,
    // The form holds the client secret and the password: never sent on, to any address.
    followRedirects: false,
  });
  if (res.status >= 300 && res.status < 400) {
    const to = res.headers.location ? ` to ${originOf(res.headers.location, loginUrl)}` : '';
    throw new StepError(
      'AUTH_FAILED',
      `Salesforce sign-in at ${loginUrl} answered with a redirect (HTTP ${res.status})${to}. Stepwise never sends sign-in details on to another address: set the authentication's login URL to the address Salesforce signs in at (your My Domain, or "sandbox").`,
      { details: { loginUrl, status: res.status } },
    );
  }
  const body = (res.body ?? {}) as {
    access_token?: unknown;
    instance_url?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (res.status !== 200 || typeof body.access_token !== 'string') {
    const flow = fields.refreshToken ? 'refresh-token' : 'username-password';
    const said = body.error
      ? `${String(body.error)}: ${String(body.error_description ?? '')}`
      : `HTTP ${res.status}`;
    throw new StepError(
      'AUTH_FAILED',
      `Salesforce sign-in (${flow} flow) at ${loginUrl} failed: ${said}. Check the consumer key and secret, the ${fields.refreshToken ? 'refresh token' : 'username, password and security token'}, and the login URL (production or sandbox).`,
      {
        details: {
          loginUrl,
          status: res.status,
          error: body.error,
          error_description: body.error_description,
        },
      },
    );
  }
  if (typeof body.instance_url !== 'string' || !/^https?:\/\//.test(body.instance_url)) {
    throw new StepError(
      'AUTH_FAILED',
      `Salesforce sign-in at ${loginUrl} returned no usable instance_url.`,
      { details: { loginUrl } },
    );
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, '') };
}

/** Just the origin of a Location header: its path or query could hold anything. */
function originOf(location: string, base: string): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an address that is not a URL';
  }
}

function getToken(opts: SessionOptions, key: string): Promise<Token> {
  let pending = tokens.get(key);
  if (!pending) {
    pending = signIn(opts);
    tokens.set(key, pending);
    // A failed sign-in is not cached: the next step tries again.
    pending.catch(() => {
      if (tokens.get(key) === pending) tokens.delete(key);
    });
  }
  return pending;
}

/** Forget every cached token (tests; a server that rotates keys). */
export function clearSalesforceTokens(): void {
  tokens.clear();
}

export async function openSession(opts: SessionOptions): Promise<SalesforceSession> {
  const key = cacheKey(opts.fields, opts.env, opts.authId);
  let token = await getToken(opts, key);
  // A cached token too: this run has not seen it yet.
  opts.onSecret?.(token.accessToken);
  let limitInfo: LimitInfo | undefined;
  const apiVersion = opts.fields.apiVersion;

  // The bearer token goes only to the instance's origin: the shared client refuses any other.
  const bearer = defineAuth<{ accessToken: string }>({
    kind: 'oauth2',
    title: 'Salesforce',
    fields: z.object({ accessToken: z.string().meta({ secret: true }) }),
    apply: (_fields, req) => {
      req.headers.authorization = `Bearer ${token.accessToken}`;
    },
  });
  const clientFor = (t: Token): HttpClient =>
    createHttpClient({
      baseUrl: `${t.instanceUrl}/services/data/${apiVersion}`,
      auth: bearer,
      fields: { accessToken: t.accessToken },
      authId: opts.authId,
      env: opts.env,
      signal: opts.signal,
      service: 'Salesforce',
      capture: captureToLog(opts.log, 'Salesforce'),
    });
  let client = clientFor(token);

  async function send(req: HttpRequest, throwOnError: boolean): Promise<HttpResponse> {
    const target = (): HttpRequest => ({
      ...req,
      url: req.url.startsWith('/services/') ? `${token.instanceUrl}${req.url}` : req.url,
      acceptAnyStatus: true,
    });
    let res = await client.request(target());
    if (res.status === 401) {
      // The session expired (or was revoked): sign in again once and repeat the call.
      // Drop the cached token only if it is still the stale one (a parallel step may have renewed it).
      const stale = token;
      const cached = tokens.get(key);
      if (cached && (await cached.catch(() => undefined)) === stale) tokens.delete(key);
      token = await getToken(opts, key);
      opts.onSecret?.(token.accessToken);
      client = clientFor(token);
      opts.log('info', 'Salesforce session expired; signed in again and repeated the call.');
      res = await client.request(target());
    }
    limitInfo = parseLimitInfo(res.headers) ?? limitInfo;
    if (throwOnError && res.status >= 300)
      throw salesforceError(res, `${req.method} ${req.url.split('?')[0]}`);
    return res;
  }

  return {
    get instanceUrl() {
      return token.instanceUrl;
    },
    apiVersion,
    get limitInfo() {
      return limitInfo;
    },
    data: (req) => send(req, true),
    raw: (req) => send(req, false),
  };
}
