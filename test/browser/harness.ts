// The browser suites' stack: the fake Totango and Slack, the real server started as
// `npm start` would (node bin/start.js, a fresh data folder), and Debian's Chromium driven
// by playwright-core with a fresh profile. Any console error fails the suite.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import { CHROMIUM_PATH, chromiumInstalled, requireService } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where the tutorial test saves its screenshots: docs/screenshots with UPDATE_SCREENSHOTS=1
 * (to refresh the ones the README shows), else a temp folder so a test run leaves git clean.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(tmpdir(), 'stepwise-screenshots');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/**
 * Build the editor from the current sources (as npm install does) when editor/dist is older
 * than them, so the tests see this checkout. Browser suites run in parallel: a lock folder
 * lets one build while the others wait, then find the build fresh.
 */
export async function buildEditor(): Promise<void> {
  const lock = join(ROOT, 'editor', '.build-lock');
  const built = join(ROOT, 'editor', 'dist', 'index.html');
  const sources = [
    'editor/src',
    'editor/index.html',
    'editor/vite.config.ts',
    'examples',
    'wire',
    'engine/model',
  ]
    .map((p) => join(ROOT, p))
    .filter(existsSync);
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (existsSync(built) && statSync(built).mtimeMs > Math.max(...sources.map(newestSource)))
      return;
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'build-editor.js')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0)
      throw new Error(`The editor did not build:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

export interface Stack {
  url: string;
  page: Page;
  context: BrowserContext;
  totango: FakeTotango;
  slack: FakeSlack;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors: string[];
  /** Console warnings (React and React Flow report misuse as warnings). */
  consoleWarnings: string[];
  /** The server's output (shown when a test fails). */
  serverLog: () => string;
  /** Stop the server and start it again on the same data folder and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    setTimeout(resolve, 5000);
  });
}

async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'start.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return { url, child, log: () => output };
}

export async function startStack(): Promise<Stack> {
  const totango = await startFakeTotango({
    accounts: [
      { id: 'acc-1', display_name: 'Initech', status_group: 'paying' },
      { id: 'acc-2', display_name: 'Globex', status_group: 'paying' },
      { id: 'acc-3', display_name: 'Hooli', status_group: 'trial' },
    ],
  });
  const slack = await startFakeSlack();
  const data = tempDir('stepwise-browser-data-');
  const profile = tempDir('stepwise-browser-profile-');
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    STEPWISE_DATA_DIR: data.path,
    TOTANGO_BASE_URL: totango.url,
    SLACK_API_URL: slack.url,
    REDIS_URL: '',
  };
  let server = await startServer(env);
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
    if (msg.type() === 'warning') consoleWarnings.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  const stack: Stack = {
    url: server.url,
    page,
    context,
    totango,
    slack,
    consoleErrors,
    consoleWarnings,
    serverLog: () => server.log(),
    async restart() {
      await stopServer(server.child);
      // The same port: the page's origin (its localStorage, its cookie) stays the same.
      server = await startServer({ ...env, PORT: new URL(server.url).port });
      stack.url = server.url;
    },
    async close() {
      await context.close().catch(() => undefined);
      await stopServer(server.child);
      await totango.close();
      await slack.close();
      data.remove();
      profile.remove();
    },
  };
  return stack;
}

/** Whether the browser suites run: Chromium is there (in CI its absence fails, elsewhere it skips loudly). */
export function chromiumRuns(): boolean {
  return requireService('Chromium', chromiumInstalled());
}

/**
 * Give the calling describe block one stack for all its tests: build the editor, start the
 * stack and hand it to `setUp` (to keep it, sign in, seed data) before them; close it after.
 */
export function useStack(setUp: (stack: Stack) => Promise<void> | void): void {
  let stack: Stack | undefined;
  beforeAll(async () => {
    await buildEditor();
    stack = await startStack();
    await setUp(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
}

/**
 * Sign up the owner, create `workflow` through the API and open it in the editor. Its id,
 * and the signed-in API caller for reading it back.
 */
export async function openNewWorkflow(
  stack: Stack,
  workflow: Record<string, unknown>,
): Promise<{ id: string; call: ApiCall }> {
  await setUpOwner(stack);
  const call = await apiClient(stack);
  const { id } = await call<{ id: string }>('POST', '/api/workflows', workflow);
  await stack.page.goto(`${stack.url}/#/workflows/${id}`);
  return { id, call };
}

/** Sign up the owner through the login page (a fresh server shows the setup form). */
export async function setUpOwner(stack: Stack, screenshot?: string): Promise<void> {
  const { page } = stack;
  await page.goto(`${stack.url}/`);
  await page.getByRole('tab', { name: 'First start: set up the owner' }).waitFor();
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('tab', { name: 'First start: set up the owner', selected: true }).waitFor();
  if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, screenshot) });
  await page.getByRole('button', { name: 'Create owner and sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
}

/**
 * Wait until `check` passes on what `read` returns (the page updates asynchronously);
 * after `timeoutMs` the last assertion error is thrown, so a failure says what was seen.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => void,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check(await read());
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A signed-in API caller for setting up data the test is not about (login as the owner). */
export async function apiClient(stack: Stack): Promise<ApiCall> {
  const login = await fetch(`${stack.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
  });
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}
