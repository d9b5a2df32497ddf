// biome-ignore-all lint/suspicious/noExplicitAny: API answers in tests are loose JSON
// Queue mode in tests: an API process (startServer in this process, no worker of its own:
// STEPWISE_WORKER=0) and real worker processes (`node --import tsx server/worker-main.ts`)
// on the real Redis, each test file under its own key prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface QueueSetup {
  redisUrl: string;
  prefix: string;
  secretKey: string;
  /** Worker lock in seconds: a killed worker's runs move on within about 1.5 times this. */
  lockSeconds: number;
}

export function queueSetup(redisUrl: string, lockSeconds = 4): QueueSetup {
  return {
    redisUrl,
    prefix: `test-queue-${randomUUID()}`,
    secretKey: randomBytes(32).toString('hex'),
    lockSeconds,
  };
}

export interface Api {
  server: RunningServer;
  url: string;
  token: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  createWorkflow(doc: unknown): Promise<{ id: string }>;
  startRun(workflowId: string, payload?: unknown): Promise<{ status: number; body: any }>;
  /** Polls until the run has ended (or fails the test after `timeoutMs`). */
  waitForEnd(runId: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startApi(
  setup: QueueSetup,
  env: Record<string, string> = {},
  options: { dataDir?: string; token?: string } = {},
): Promise<Api> {
  // A given data folder is the caller's to remove (an API started again on it).
  const dir = options.dataDir
    ? { path: options.dataDir, remove: () => {} }
    : tempDir('stepwise-queue-api-');
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir.path,
    redisUrl: setup.redisUrl,
    queuePrefix: setup.prefix,
    concurrency: 8,
    bodyLimit: '1mb',
    env: {
      STEPWISE_SECRET_KEY: setup.secretKey,
      STEPWISE_WORKER: '0',
      STEPWISE_WORKER_LOCK_SECONDS: String(setup.lockSeconds),
      ...env,
    },
    editorDir: null,
    log: process.env.STEPWISE_TEST_LOG ? (m) => console.error(`[api] ${m}`) : () => {},
  });
  const url = server.url;
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  token =
    options.token ??
    (
      await call('POST', '/api/auth/setup', {
        email: 'owner@example.com',
        password: 'queue-owner-password-1',
      })
    ).body.token;
  const api: Api = {
    server,
    url,
    token,
    call,
    async createWorkflow(doc) {
      const res = await call('POST', '/api/workflows', doc);
      if (res.status !== 201) throw new Error(`workflow not created: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    startRun: (workflowId, payload) =>
      call('POST', `/api/workflows/${workflowId}/runs`, payload === undefined ? {} : { payload }),
    async waitForEnd(runId, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const run = (await call('GET', `/api/runs/${runId}`)).body;
        if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
        if (Date.now() > end)
          throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await server.close();
      dir.remove();
    },
  };
  return api;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Start `npm run worker`'s entry point; resolves once it says it is running. */
export function spawnWorker(
  setup: QueueSetup | null,
  env: Record<string, string | undefined> = {},
  options: { cwd?: string; waitReady?: boolean } = {},
): Promise<WorkerProcess> {
  // tsx by absolute path: the worker may run in a folder with no node_modules.
  const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'server/worker-main.ts')], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(setup
        ? {
            REDIS_URL: setup.redisUrl,
            STEPWISE_QUEUE_PREFIX: setup.prefix,
            STEPWISE_SECRET_KEY: setup.secretKey,
            STEPWISE_WORKER_LOCK_SECONDS: String(setup.lockSeconds),
          }
        : {}),
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const worker: WorkerProcess = { child, pid: child.pid!, exited, output: () => output };
  if (options.waitReady === false) return Promise.resolve(worker);
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (/is running/.test(output)) {
        child.stdout!.off('data', onData);
        resolve(worker);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`the worker exited before it was ready:\n${output}`)));
  });
}

export async function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
  await worker.exited;
}

/** Every value under the prefix, as text, with its key (strings, hashes, lists, sets, zsets, streams). */
export async function everyRedisValue(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl);
  try {
    const out: string[] = [];
    const keys = await redis.keys(`${prefix}:*`);
    for (const key of keys) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(...(await redis.hgetall(key).then(Object.entries)).flat());
      else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(...(await redis.smembers(key)));
      else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
      else if (type === 'stream')
        for (const [, fields] of await redis.xrange(key, '-', '+')) out.push(...fields);
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

export async function removeKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}
