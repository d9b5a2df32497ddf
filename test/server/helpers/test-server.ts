// A real Stepwise server on 127.0.0.1 (ephemeral port) over a real SQLite file in a temp
// folder, with the engine's test connector (or any connector directory) as its catalog.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../../server/app.js';
import { openStore } from '../../../server/db/store.js';
import { createServices, type Services } from '../../../server/services/index.js';
import {
  directoryFromCatalog,
  type ConnectorDirectory,
} from '../../../server/services/connector-directory.js';
import { createTestConnector, type TestConnector } from '../../helpers/test-connector.js';
import { tempDir } from '../../helpers/temp-dir.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface TestServer {
  url: string;
  dataDir: string;
  services: Services;
  test: TestConnector;
  logs: string[];
  /** Call the API; `token` goes in `Authorization: Bearer`. */
  api<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<ApiAnswer<T>>;
  /** Sets up the owner (an admin) and answers their token. */
  owner(): Promise<string>;
  /** Adds a user (as the owner) and logs them in. */
  user(email: string, role?: 'admin' | 'builder'): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: {
    connectors?: ConnectorDirectory;
    concurrency?: number;
    loginLimit?: { max: number; windowMs: number; addressMax?: number };
    bodyLimit?: string;
    trustProxy?: number | string[];
  } = {},
): Promise<TestServer> {
  const dir = tempDir('stepwise-server-');
  const test = createTestConnector();
  const store = openStore(join(dir.path, 'stepwise.db'));
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const services = createServices({
    store,
    connectors: options.connectors ?? directoryFromCatalog(test.catalog),
    secretKey: randomBytes(32),
    concurrency: options.concurrency,
    loginLimit: options.loginLimit,
    log,
  });
  const app = createApp({
    services,
    editorDir: null,
    version: 'test',
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    log,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let ownerToken: string | undefined;

  const api: TestServer['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
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
      // Not JSON (e.g. an SSE stream): keep the text.
    }
    return { status: res.status, body: parsed as any, text, headers: res.headers };
  };

  const owner = async () => {
    if (ownerToken) return ownerToken;
    const res = await api('POST', '/api/auth/setup', {
      body: { email: 'owner@example.com', password: 'owner-password-1' },
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.text}`);
    ownerToken = res.body.token as string;
    return ownerToken;
  };

  return {
    url,
    dataDir: dir.path,
    services,
    test,
    logs,
    api,
    owner,
    async user(email, role = 'builder') {
      const admin = await owner();
      const created = await api('POST', '/api/users', {
        token: admin,
        body: { email, password: 'user-password-1', role },
      });
      if (created.status !== 201) throw new Error(`user failed: ${created.text}`);
      const login = await api('POST', '/api/auth/login', {
        body: { email, password: 'user-password-1' },
      });
      return login.body.token as string;
    },
    async close() {
      await services.queue.stop(2000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.db.close();
      dir.remove();
    },
  };
}

/** A workflow document with connector steps of the test connector. */
export function testWorkflow(
  name: string,
  steps: unknown[] = [],
  trigger: unknown = { type: 'manual' },
): Record<string, unknown> {
  return { name, trigger, steps };
}
