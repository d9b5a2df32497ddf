// How a connector is declared (CONNECTORS.md is the contract for the ids). A connector is
// data plus one execute function per operation; connectors/index.ts turns the list of
// connectors into the engine's Catalog (engine/run/catalog.ts).
import type { z } from 'zod';
import type { StepLogger, StepStateStore } from '../../engine/run/catalog.js';
import type { StepStorage } from '../../engine/run/storage.js';
import type { Clock } from './clock.js';

/**
 * What a connector sees of the server: the files folder, the clock, pacing, and the
 * environment settings connectors declare (`env` on the connector, read by envFromProcess in
 * connectors/index.ts). Settings are upper-case names, e.g. `env.TOTANGO_BASE_URL`; unset or
 * blank is undefined.
 */
export interface ConnectorEnv {
  /** `$STEPWISE_DATA_DIR/files`: the only folder the file connector may touch. */
  filesDir: string;
  /** Time for HTTP retries and pacing; tests pass a stepping clock (connectors/sdk/clock.ts). Default: real time. */
  clock?: Clock;
  /** Set false to switch off per-authentication pacing (tests that make many calls). Default true. */
  pacing?: boolean;
  /** The most one step may read from a service or a file (STEPWISE_MAX_OUTPUT_BYTES). Default 50 MiB. */
  maxOutputBytes?: number;
  /**
   * Where pacing counts calls: wait until one more call with `key` fits in the last minute,
   * count it, and resolve with the ms waited. Default: this process's own count (sdk/pacer.ts);
   * queue-mode workers share one count in Redis.
   */
  pacer?: (key: string, perMinute: number, signal?: AbortSignal) => Promise<number>;
  /**
   * Told of every HTTP call a connector makes, each attempt once (the server counts them for
   * GET /metrics). `status` is null when no answer came (network error, timeout).
   */
  onHttpCall?: (call: HttpCallInfo) => void;
  /** A declared environment setting's value (ConnectorDef.env). */
  [setting: Uppercase<string>]: string | undefined;
}

/** One HTTP call as ConnectorEnv.onHttpCall hears of it: no URL, no headers, no body. */
export interface HttpCallInfo {
  /** The connector's title ("Totango", "Slack", "HTTP"), or the login it made ("Salesforce login"). */
  service: string;
  method: string;
  status: number | null;
  durationMs: number;
}

/** One environment setting a connector reads; docs/server.md lists every one (a test checks it). */
export interface EnvSetting {
  /** The variable, upper case, e.g. TOTANGO_BASE_URL. */
  name: Uppercase<string>;
  /** What applies when it is unset, as docs/server.md shows it (the connector's code applies it). */
  default: string;
  /** What it does, for docs/server.md. */
  description: string;
  /**
   * What a value must be, checked when the process starts (server, worker, CLI): answers what
   * is wrong with `value` ("must be …"), or undefined when it is fine. A bad value then stops
   * the start naming the setting, rather than failing every step that reads it.
   */
  check?: (value: string) => string | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** A path (joined to the client's base URL) or, for clients without a base URL, an absolute URL. */
  url: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  /** One of: a JSON body, a form body (application/x-www-form-urlencoded), or raw text/bytes. */
  json?: unknown;
  form?: Record<string, string | number | boolean | undefined | null>;
  body?: string | Uint8Array;
  timeoutMs?: number;
  /** Let a non-2xx answer through instead of throwing (raw HTTP operations). Default false. */
  acceptAnyStatus?: boolean;
  /**
   * Send without the authentication's credentials. Only such a request may go to another
   * origin than the base URL's (e.g. a Slack incoming-webhook URL). Default false.
   */
  withoutCredentials?: boolean;
  /**
   * Count a request sent without credentials against the authentication's pace all the same
   * (Totango's collector calls of send_segment_event, which CONNECTORS.md paces like every
   * other Totango call). Requests with credentials are always paced. Default false.
   */
  paced?: boolean;
  /**
   * Follow 3xx answers (default true). False: the 3xx answer comes back as it is. OAuth token
   * requests set it, so a sign-in form (client secret, password) is never sent on anywhere.
   */
  followRedirects?: boolean;
}

/** One HTTP exchange as the debug record and errors show it: secrets replaced by "[redacted]", bodies capped. */
export interface HttpExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body?: string };
  attempt: number;
  durationMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else text. */
  body: unknown;
  text: string;
  url: string;
}

/**
 * One HTTP client for all connectors (connectors/sdk/http-client.ts): base URL, credentials
 * applied only to the authentication's own origin, timeouts, retries of 429/5xx honouring
 * Retry-After, pacing per authentication, and capture of each exchange (secrets removed) for
 * the debug record. Failures throw StepError (CONNECTOR_HTTP_<status>, RATE_LIMITED, NETWORK,
 * STEP_TIMEOUT, AUTH_FAILED for 401).
 */
export interface HttpClient {
  readonly baseUrl: string | undefined;
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface OperationContext<I, F> {
  input: I;
  /** The step's authentication fields (decrypted), typed by the connector's auth schema. */
  auth: F;
  /** Bound to this connector's base URL and credentials. */
  http: HttpClient;
  /** For operations that talk to several services: each service's fields and client. */
  services: Record<string, { auth: unknown; http: HttpClient }>;
  env: ConnectorEnv;
  log: StepLogger;
  signal: AbortSignal;
  /** Per workflow and step, persistent across runs (sync cursors). */
  state: StepStateStore;
  /** Values kept per run, workflow or account (the storage connector), atomic per call. */
  storage: StepStorage;
  runId: string;
  /** The run's workflow (undefined for a document run from the CLI without an id). */
  workflowId: string | undefined;
  stepId: string;
  /** Same value when a crashed run re-runs this step execution (see engine OperationCall). */
  idempotencyKey: string;
  /** The authentication's id (stable cache key, e.g. for an OAuth access token). */
  authId: string | undefined;
  /**
   * Report a credential obtained at run time (an OAuth access or refresh token, a session id)
   * the moment it is obtained: the run redacts it, in every encoded form, from then on.
   */
  secret(value: string): void;
}

export interface AuthDef<F = Record<string, unknown>> {
  /** token: an API token; oauth2: OAuth 2.0; http: the generic HTTP connector's kinds. */
  kind: 'token' | 'oauth2' | 'http';
  title: string;
  /** A zod object. Mark secret fields with `.meta({ secret: true })`; titles with `.meta({ title })`. */
  fields: z.ZodType<F>;
  /** The base URL requests go to: the field, else the environment default, else the service default. */
  baseUrl?(fields: F, env: ConnectorEnv): string | undefined;
  /**
   * Put the credentials on a request. The HTTP client calls it only when the request's origin
   * is the base URL's origin, so credentials never leave their host.
   */
  apply?(
    fields: F,
    req: { headers: Record<string, string>; query: Record<string, string> },
    ctx: { authId: string | undefined; env: ConnectorEnv; signal: AbortSignal },
  ): void | Promise<void>;
  /** The service's own limit on calls per authentication; the HTTP client paces itself to it. */
  pacing?: { perMinute: number };
  /** One cheap call that fails on bad credentials; the message is shown to a person. */
  test?(ctx: {
    auth: F;
    http: HttpClient;
    env: ConnectorEnv;
    signal: AbortSignal;
    authId: string | undefined;
  }): Promise<{ ok: boolean; message: string }>;
}

/** What `ctx.auth` is in an operation: the fields, or undefined when the step may leave them out. */
export type AuthFieldsIn<F, Optional extends boolean> = Optional extends true ? F | undefined : F;

/** The authentication fields an AuthDef declares. */
export type FieldsOf<A> = A extends AuthDef<infer F> ? F : never;

/** `ctx.services` of a multi-service operation: each named service's fields and client. */
export type ServiceClients<S> = { [K in keyof S]: { auth: FieldsOf<S[K]>; http: HttpClient } };

/**
 * One operation as the catalog keeps it. `A` is the type of `ctx.auth`; write operations with
 * `defineOperation`, which infers it from the `auth` the operation names.
 */
export interface OperationDef<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  A = unknown,
> {
  /** Stable forever (CONNECTORS.md); `title` may change. */
  id: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /**
   * The connector's authentication (the same object as the connector's `auth`): it types
   * `ctx.auth`. Left out only by operations of a connector without authentication.
   */
  auth?: AuthDef;
  /** Input field names never recorded (their values are redacted). */
  secretInputs?: string[];
  /**
   * `true` when running it twice with the same `idempotencyKey` has the effect of running it
   * once (reads; writes that send the key, such as an Idempotency-Key header; upserts by an
   * external id). A queue worker stopped in the middle of the step then runs it again; for any
   * other operation the run fails, saying the step may or may not have happened.
   */
  idempotent?: boolean;
  /**
   * `false` for an operation that changes nothing anywhere (reads, reshapes data): the server
   * then runs it without first committing the steps before it, and the editor replays it
   * without asking (GET /api/connectors says `readOnly: true`). Leave it out otherwise: the
   * operation may write, and "Replay this step" asks first.
   */
  sideEffects?: false;
  /**
   * This operation's own answer to "may the step leave the authentication out?", over the
   * connector's `authOptional` (Slack: only the webhook operation works without a token).
   * `true` makes `ctx.auth` possibly undefined.
   */
  authOptional?: boolean;
  /** For an operation that names several authentications, e.g. { salesforce: sfAuth, totango: totangoAuth }. */
  services?: Record<string, AuthDef>;
  /**
   * Problems validate reports before any run, for the input fields written as literals (mapped
   * fields are absent): e.g. script code that does not parse. The schema is checked already.
   */
  check?(literal: Record<string, unknown>): { field: string; message: string }[];
  /**
   * Problems only the service can tell before a run (a Salesforce field that does not exist),
   * for the input fields written as literals. Validate calls it when the step's authentications
   * can be used; it should ask cheaply (a describe), and answer nothing when it cannot tell.
   */
  checkWithService?(ctx: ServiceCheckContext<A>): Promise<{ field: string; message: string }[]>;
  execute(ctx: OperationContext<z.output<I>, A>): Promise<z.input<O>>;
}

/** What `checkWithService` sees: the literal input fields, and the clients `execute` would get. */
export type ServiceCheckContext<F> = Pick<
  OperationContext<unknown, F>,
  'auth' | 'http' | 'services' | 'env' | 'log' | 'signal' | 'authId' | 'secret'
> & {
  /** The input fields written as literals (mapped fields are left out), not yet parsed. */
  literal: Record<string, unknown>;
  /** The input fields whose values are mapped: known only in a run, so not to be checked. */
  mapped: string[];
};

/** What `defineOperation` takes: an OperationDef whose `auth`, `authOptional` and `services` type `ctx`. */
export interface OperationSpec<
  I extends z.ZodType,
  O extends z.ZodType,
  F,
  Optional extends boolean,
  S extends Record<string, AuthDef>,
> extends Omit<
    OperationDef<I, O>,
    'auth' | 'authOptional' | 'services' | 'execute' | 'checkWithService'
  > {
  auth?: AuthDef<F>;
  authOptional?: Optional;
  services?: S;
  checkWithService?(
    ctx: Omit<ServiceCheckContext<AuthFieldsIn<F, Optional>>, 'services'> & {
      services: ServiceClients<S>;
    },
  ): Promise<{ field: string; message: string }[]>;
  execute(
    ctx: Omit<OperationContext<z.output<I>, AuthFieldsIn<F, Optional>>, 'services'> & {
      services: ServiceClients<S>;
    },
  ): Promise<z.input<O>>;
}

export interface ConnectorDef {
  /** Stable forever: `totango`, `slack`, … */
  id: string;
  title: string;
  description: string;
  /** null: no authentication. */
  auth: AuthDef | null;
  /** The step may leave the authentication out (the http connector). */
  authOptional?: boolean;
  /** The environment settings this connector reads (server-wide defaults, e.g. a base URL). */
  env?: EnvSetting[];
  /** Every operation only reads or only computes: as `sideEffects: false` on each of them. */
  sideEffects?: false;
  operations: OperationDef[];
}

/**
 * Declares one operation. Name the connector's authentication as `auth` and `ctx.auth` is
 * typed from it, with no generics written by hand:
 *
 *     export const getTask = defineOperation({ auth: totangoAuth, id: 'get_task', ...,
 *       async execute({ input, auth, http }) { ... } });   // auth: TotangoAuthFields
 *
 * `authOptional: true` makes it `TotangoAuthFields | undefined`; an operation without `auth`
 * (the file connector) gets `ctx.auth: undefined`. `services: { salesforce: salesforceAuth,
 * totango: totangoAuth }` types `ctx.services.salesforce.auth` the same way.
 */
export function defineOperation<
  I extends z.ZodType,
  O extends z.ZodType,
  F = undefined,
  Optional extends boolean = false,
  S extends Record<string, AuthDef> = Record<never, never>,
>(def: OperationSpec<I, O, F, Optional, S>): OperationDef<I, O, AuthFieldsIn<F, Optional>> {
  return def as OperationDef<I, O, AuthFieldsIn<F, Optional>>;
}
/** Identity helpers: the value is the declaration; they only give type inference. */
export function defineAuth<F>(def: AuthDef<F>): AuthDef<F> {
  return def;
}
export function defineConnector(def: ConnectorDef): ConnectorDef {
  return def;
}
