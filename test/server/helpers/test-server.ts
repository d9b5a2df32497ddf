// A real Stepwise server on 127.0.0.1 (ephemeral port) over a real SQLite file in a temp
// folder, for the server tests. Two shapes:
// - the app (default): services and the express app, with the engine's test connector (or any
//   connector directory) as its catalog; no scheduler, files API or notifications;
// - `full: true`: server/start-server.ts's startServer, as `npm start` wires it (scheduler,
//   files API, notifications, the shipped connectors unless `connectors` is given).
// useTestServer() starts one around the tests of a file (or each test) and cleans up after.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createApp, type AppDeps } from '../../../server/app.js';
import { openStore } from '../../../server/db/store.js';
import { createServices, type Services } from '../../../server/services/index.js';
import {
  directoryFromCatalog,
  type ConnectorDirectory,
} from '../../../server/services/connector-directory.js';
import { startServer, type StartOptions } from '../../../server/start-server.js';
import { createTestConnector, type TestConnector } from '../../helpers/test-connector.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** An API answer: `body` is the parsed JSON (the text itself when it is not JSON). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ApiCallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (a CSV upload, a FormData, a malformed JSON text). */
  raw?: BodyInit;
  /** Goes in `Authorization: Bearer`. */
  token?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  dataDir: string;
  services: Services;
  /** The engine's test connector (the catalog of an app server unless `connectors` is given). */
  test: TestConnector;
  /** Every line the server logged. */
  logs: string[];
  /** The owner's token, once signed in (useTestServer signs in unless `signIn: false`). */
  token: string;
  /** Call the API. `T` is the answer's type as the test expects it (checked by the test). */
  api<T = unknown>(method: string, path: string, options?: ApiCallOptions): Promise<ApiAnswer<T>>;
  /** Sets up the owner (an admin) and answers their token. */
  owner(): Promise<string>;
  /** Adds a user (as the owner) and logs them in. */
  user(email: string, role?: 'admin' | 'builder'): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  connectors?: ConnectorDirectory;
  concurrency?: number;
  bodyLimit?: string;
  editorDir?: string | null;
  /** App only: the login rate limit. */
  loginLimit?: { max: number; windowMs: number; addressMax?: number };
  /** Start it as `npm start` does (startServer) rather than the bare app. */
  full?: boolean;
  /** Full only: the environment startServer reads (default: none of process.env). */
  env?: NodeJS.ProcessEnv;
  /** Full only. */
  maxRecords?: number;
  /** STEPWISE_TRUST_PROXY: proxy hops, or the proxies' addresses. */
  trustProxy?: StartOptions['trustProxy'];
  /** App only: live run streams' limits and timing. */
  streams?: AppDeps['streams'];
  /** How long a webhook with "reply": "respond-step" waits for its run's answer. */
  webhookReplyTimeoutMs?: number;
  /** App only: webhook calls a minute per workflow. */
  webhookRatePerMinute?: number;
  /** App only: runs one person may have executing at once. */
  userConcurrency?: number;
  /** App only: the longest one execution of a run may take. */
  runTimeoutMs?: number;
}

interface Listening {
  url: string;
  services: Services;
  close(): Promise<void>;
}

async function startApp(
  dataDir: string,
  options: TestServerOptions,
  test: TestConnector,
  log: (m: string) => void,
): Promise<Listening> {
  const store = openStore(join(dataDir, 'stepwise.db'));
  const services = createServices({
    store,
    connectors: options.connectors ?? directoryFromCatalog(test.catalog),
    secretKey: randomBytes(32),
    concurrency: options.concurrency,
    loginLimit: options.loginLimit,
    userConcurrency: options.userConcurrency,
    runTimeoutMs: options.runTimeoutMs,
    log,
  });
  const app = createApp({
    services,
    editorDir: options.editorDir ?? null,
    version: 'test',
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    streams: options.streams,
    webhookReplyTimeoutMs: options.webhookReplyTimeoutMs,
    webhookRatePerMinute: options.webhookRatePerMinute,
    log,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    services,
    async close() {
      services.runs.stopParking();
      await services.queue.stop(2000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.db.close();
    },
  };
}

async function startFull(
  dataDir: string,
  options: TestServerOptions,
  log: (m: string) => void,
): Promise<Listening> {
  const config: StartOptions = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    redisUrl: undefined,
    concurrency: options.concurrency ?? 2,
    bodyLimit: options.bodyLimit ?? '1mb',
    maxRecords: options.maxRecords,
    trustProxy: options.trustProxy,
    webhookReplyTimeoutMs: options.webhookReplyTimeoutMs,
    env: options.env ?? {},
    connectors: options.connectors,
    editorDir: options.editorDir ?? null,
    log,
  };
  const running = await startServer(config);
  return { url: running.url, services: running.services, close: () => running.close() };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir('stepwise-server-');
  const test = createTestConnector();
  const logs: string[] = [];
  const log = (m: string) => {
    logs.push(m);
  };
  const listening = options.full
    ? await startFull(dir.path, options, log)
    : await startApp(dir.path, options, test, log);
  const { url } = listening;
  let ownerToken: string | undefined;

  const api: TestServer['api'] = async <T>(
    method: string,
    path: string,
    opts: ApiCallOptions = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. an SSE stream or a downloaded file): keep the text.
    }
    // The test names the type it expects and its assertions check it.
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  };

  const owner = async () => {
    if (ownerToken) return ownerToken;
    const res = await api<{ token: string }>('POST', '/api/auth/setup', {
      body: { email: 'owner@example.com', password: 'owner-password-1' },
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.text}`);
    ownerToken = res.body.token;
    return ownerToken;
  };

  return {
    url,
    dataDir: dir.path,
    services: listening.services,
    test,
    logs,
    get token() {
      if (!ownerToken) throw new Error('No owner yet: call owner() first');
      return ownerToken;
    },
    api,
    owner,
    async user(email, role = 'builder') {
      const admin = await owner();
      const created = await api('POST', '/api/users', {
        token: admin,
        body: { email, password: 'user-password-1', role },
      });
      if (created.status !== 201) throw new Error(`user failed: ${created.text}`);
      const login = await api<{ token: string }>('POST', '/api/auth/login', {
        body: { email, password: 'user-password-1' },
      });
      return login.body.token;
    },
    async close() {
      await listening.close();
      dir.remove();
    },
  };
}

export interface UseTestServerOptions extends TestServerOptions {
  /** A fresh server (and folder) for each test; default one for the whole file. */
  each?: boolean;
  /** Set up the owner before the tests (`srv.token`). Default true. */
  signIn?: boolean;
}

/**
 * Starts a test server before the file's tests (or each test) and closes it and removes its
 * folder after. Call it at the top of a test file (or a describe); the answer stands for the
 * current server, so read its fields inside hooks and tests, not at load time.
 */
export function useTestServer(options: UseTestServerOptions = {}): TestServer {
  const { each = false, signIn = true, ...serverOptions } = options;
  let current: TestServer | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    current = await startTestServer(serverOptions);
    if (signIn) await current.owner();
  });
  (each ? afterEach : afterAll)(async () => {
    await current?.close();
    current = undefined;
  });
  // Every property read goes to the server of the running test.
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!current) throw new Error('The test server runs only inside tests and their hooks');
      return Reflect.get(current, key);
    },
  });
}

/** A workflow document with connector steps of the test connector. */
export function testWorkflow(
  name: string,
  steps: unknown[] = [],
  trigger: unknown = { type: 'manual' },
): Record<string, unknown> {
  return { name, trigger, steps };
}
