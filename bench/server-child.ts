// The server processes the benches drive, and their clients. Run as a child (this file with
// --serve, --serve-observed, --serve-quiet or --baseline and a data folder) it is a Stepwise
// server or a plain-Node baseline answering on a free port ("READY <port>" on stdout);
// imported, it starts such children and loads them with runs of a three-step workflow.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { cpuMicros, request } from './process-http.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
/** Runs before measuring, so that the server's code is compiled and warm. */
export const WARMUP = 500;

// ---------------------------------------------------------------- child: the Stepwise server
/**
 * `observed`: true, logs at info (JSON lines into a file, as a service's stdout would go to
 * journald) and metrics on, as `npm start` has them; false, both off; unset, the library's
 * default (problems only).
 */
async function serve(dataDir: string, observed?: boolean): Promise<void> {
  // Exit normally on a signal, so that `node --cpu-prof` can write its profile.
  process.on('SIGTERM', () => process.exit(0));
  const { createApp } = await import('../server/app.js');
  const { createLogger } = await import('../server/log/logger.js');
  const { createMetrics } = await import('../server/metrics/metrics.js');
  const { lineFile } = await import('../server/log/line-file.js');
  // BENCH_OBSERVED=logs or =metrics: only that part on (to see which costs what).
  const parts = (process.env.BENCH_OBSERVED ?? 'logs,metrics').split(',');
  const log =
    observed === undefined
      ? undefined
      : observed && parts.includes('logs')
        ? createLogger({
            level: 'info',
            pretty: false,
            // As the logger writes to stdout (logger.ts): lines serialised and written in batches
            // (under valgrind stretched as time is, callgrind-child.ts).
            defer: true,
            batchMs: Number(process.env.BENCH_LOG_BATCH_MS) || undefined,
            destination: lineFile(join(dataDir, 'server.log')),
          })
        : createLogger({ level: 'silent', pretty: false });
  // A busy server's log list is full: every OAuth token it refreshed joined it (log-secrets.ts).
  // Every line is scrubbed of all of them; BENCH_LOG_SECRETS=0 for a server that knows none.
  const { logSecrets, MAX_LOG_SECRETS } = await import('../server/log/log-secrets.js');
  const known = Number(process.env.BENCH_LOG_SECRETS ?? MAX_LOG_SECRETS);
  for (let i = 0; i < known; i++) logSecrets.add(randomBytes(24).toString('base64url'));
  const metrics =
    observed && parts.includes('metrics')
      ? createMetrics({ role: 'server', version: 'bench', mode: 'embedded' })
      : undefined;
  const { openStore } = await import('../server/db/store.js');
  const { createServices } = await import('../server/services/index.js');
  const { directoryFromCatalog } = await import('../server/services/connector-directory.js');
  const { createTestConnector } = await import('../test/helpers/test-connector.js');
  const services = createServices({
    store: openStore(join(dataDir, 'stepwise.db')),
    connectors: directoryFromCatalog(createTestConnector().catalog),
    secretKey: randomBytes(32),
    concurrency: 64,
    log,
    metrics,
  });
  const app = createApp({ services, editorDir: null, log, metrics });
  // As start-server.ts serves it.
  const { httpServerFor } = await import('../server/http/http-server.js');
  const server = httpServerFor(app).listen(0, '127.0.0.1', () =>
    console.log(`READY ${(server.address() as AddressInfo).port}`),
  );
  server.keepAliveTimeout = 60_000;
}

// ---------------------------------------------------------------- child: the plain-Node baseline
function baseline(dataDir: string): void {
  const db = new Database(join(dataDir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE runs (id TEXT PRIMARY KEY, payload TEXT, created_at TEXT)');
  const insert = db.prepare('INSERT INTO runs VALUES (?, ?, ?)');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = randomBytes(12).toString('base64url');
      insert.run(id, Buffer.concat(chunks).toString(), new Date().toISOString());
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id, status: 'succeeded' }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () =>
    console.log(`READY ${(server.address() as AddressInfo).port}`),
  );
}

// ---------------------------------------------------------------- the clients
/**
 * `pinTo`: run the child on this CPU only (taskset), when the machine has taskset. `wrap`: a
 * command the child runs under (valgrind), and `nodeFlags` for its Node.
 */
export function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  pinTo?: number,
  options: { wrap?: string[]; nodeFlags?: string[] } = {},
): Promise<{ child: ChildProcess; port: number }> {
  const pinned = pinTo !== undefined && existsSync('/usr/bin/taskset');
  const command = [
    ...(pinned ? ['/usr/bin/taskset', '-c', String(pinTo)] : []),
    ...(options.wrap ?? []),
    process.execPath,
    ...(options.nodeFlags ?? []),
    '--import',
    'tsx',
    SELF,
    ...args,
  ];
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /READY (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

export interface Result {
  clients: number;
  runsPerSecond: number;
  p50: number;
  p99: number;
  cpuUsPerRun: number | null;
}

/** The child's CPU time (µs), or null where /proc cannot tell (not Linux, or the child is gone). */
function cpuOrNull(pid: number | undefined): number | null {
  try {
    return cpuMicros(pid);
  } catch {
    return null;
  }
}

export async function load(
  port: number,
  path: string,
  token: string | undefined,
  clients: number,
  total: number,
  pid?: number,
): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const res = await request(agent, port, 'POST', path, { payload: { n: next } }, token);
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`unexpected ${res.status}: ${res.body}`);
    }
  };
  const started = performance.now();
  const cpuBefore = cpuOrNull(pid);
  await Promise.all(Array.from({ length: clients }, worker));
  const cpuAfter = cpuOrNull(pid);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))];
  const cpuUsPerRun =
    cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / latencies.length;
  return {
    clients,
    runsPerSecond: latencies.length / seconds,
    p50: pct(50),
    p99: pct(99),
    cpuUsPerRun,
  };
}

/** The owner's token and the three-step workflow's run path on a fresh server. */
export async function setUpWorkflow(port: number): Promise<{ token: string; path: string }> {
  const agent = new http.Agent({ keepAlive: true });
  const setup = JSON.parse(
    (
      await request(agent, port, 'POST', '/api/auth/setup', {
        email: 'bench@example.com',
        password: 'bench-password',
      })
    ).body,
  ) as { token: string };
  const wf = JSON.parse(
    (
      await request(
        agent,
        port,
        'POST',
        '/api/workflows',
        {
          name: 'Three steps',
          trigger: { type: 'manual' },
          steps: [
            {
              id: 'echo-1',
              connector: 'test',
              operation: 'echo',
              input: { n: { $jsonpath: '$.trigger.n' } },
            },
            {
              id: 'echo-2',
              connector: 'test',
              operation: 'echo',
              input: { text: 'Run {$.steps.echo-1.n}' },
            },
            { id: 'noop-1', connector: 'test', operation: 'noop', input: {} },
          ],
        },
        setup.token,
      )
    ).body,
  ) as { id: string };
  agent.destroy();
  return { token: setup.token, path: `/api/workflows/${wf.id}/runs?wait=1` };
}

if (process.argv[1] === SELF) {
  const [mode, dataDir] = process.argv.slice(2);
  if (mode === '--serve') await serve(dataDir);
  else if (mode === '--serve-observed') await serve(dataDir, true);
  else if (mode === '--serve-quiet') await serve(dataDir, false);
  else if (mode === '--baseline') baseline(dataDir);
  else throw new Error(`unknown mode ${mode}`);
}
