// `npm run bench:server`: runs per second and latency of a three-step workflow started through
// the API with ?wait=1 (1, 8 and 32 concurrent clients), against a plain-Node baseline (an HTTP
// server that inserts one SQLite row per request) measured the same way; debug records written
// per second by the store; and how long `npm start` takes to answer its health check.
// The servers run in child processes (this file with --serve / --baseline), so the clients
// do not share their CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from '../test/helpers/temp-dir.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const CLIENTS = [1, 8, 32];
const RUNS = Number(process.env.BENCH_RUNS ?? 6000);
const WARMUP = 500;

// ---------------------------------------------------------------- child: the Stepwise server
async function serve(dataDir: string): Promise<void> {
  // Exit normally on a signal, so that `node --cpu-prof` can write its profile.
  process.on('SIGTERM', () => process.exit(0));
  const { createApp } = await import('../server/app.js');
  const { openStore } = await import('../server/db/store.js');
  const { createServices } = await import('../server/services/index.js');
  const { directoryFromCatalog } = await import('../server/services/connector-directory.js');
  const { createTestConnector } = await import('../test/helpers/test-connector.js');
  const services = createServices({
    store: openStore(join(dataDir, 'stepwise.db')),
    connectors: directoryFromCatalog(createTestConnector().catalog),
    secretKey: randomBytes(32),
    concurrency: 64,
  });
  const app = createApp({ services, editorDir: null });
  const server = app.listen(0, '127.0.0.1', () =>
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
function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], {
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

function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(data
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

interface Result {
  clients: number;
  runsPerSecond: number;
  p50: number;
  p99: number;
  cpuUsPerRun: number | null;
}

/** CPU time (user + system, µs) a child has used: wall-clock numbers swing with the machine's load, this much less. */
function cpuMicros(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return null;
  }
}

async function load(
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
  const cpuBefore = cpuMicros(pid);
  await Promise.all(Array.from({ length: clients }, worker));
  const cpuAfter = cpuMicros(pid);
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

async function benchStepwise(dataDir: string): Promise<Result[]> {
  const { child, port } = await startChild(['--serve', dataDir]);
  try {
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
    const path = `/api/workflows/${wf.id}/runs?wait=1`;
    await load(port, path, setup.token, 8, WARMUP);
    const results: Result[] = [];
    for (const clients of CLIENTS)
      results.push(
        await load(
          port,
          path,
          setup.token,
          clients,
          clients === 1 ? Math.min(RUNS, 3000) : RUNS,
          child.pid,
        ),
      );
    return results;
  } finally {
    child.kill('SIGKILL');
  }
}

async function benchBaseline(dataDir: string): Promise<Result[]> {
  const { child, port } = await startChild(['--baseline', dataDir]);
  try {
    await load(port, '/runs', undefined, 8, WARMUP);
    const results: Result[] = [];
    for (const clients of CLIENTS)
      results.push(
        await load(
          port,
          '/runs',
          undefined,
          clients,
          clients === 1 ? Math.min(RUNS, 3000) : RUNS,
          child.pid,
        ),
      );
    return results;
  } finally {
    child.kill('SIGKILL');
  }
}

async function benchRecords(dataDir: string): Promise<number> {
  const { openStore } = await import('../server/db/store.js');
  const { toRecordRow } = await import('../server/services/run-json.js');
  const store = openStore(join(dataDir, 'records.db'));
  store.users.insert({
    id: 'u',
    email: 'u@example.com',
    passwordHash: 'x',
    role: 'admin',
    createdAt: '',
  });
  store.workflows.create(
    {
      id: 'wf',
      name: 'wf',
      ownerId: 'u',
      latestVersion: 1,
      triggerType: 'manual',
      createdAt: '',
      updatedAt: '',
    },
    '{}',
  );
  store.runs.insert({
    id: 'run',
    workflowId: 'wf',
    workflowVersion: 1,
    triggerType: 'manual',
    triggerOutput: '{}',
    startedBy: null,
    retryOf: null,
    createdAt: '',
    checkpoint: null,
  });
  const n = 50_000;
  const started = performance.now();
  for (let seq = 1; seq <= n; seq++) {
    // One commit per record, as during a run (each is committed before the next step).
    store.runs.insertRecord(
      toRecordRow({
        runId: 'run',
        seq,
        stepId: 'slack-1',
        place: `loop-1[${seq}] > slack-1`,
        status: 'ok',
        attempt: 1,
        input: { channel: '#cs-alerts', text: `Account ${seq}` },
        output: { ok: true, ts: '1700000000.000100' },
        error: null,
        startedAt: new Date().toISOString(),
        durationMs: 1,
      }),
    );
  }
  const perSecond = n / ((performance.now() - started) / 1000);
  store.db.close();
  return perSecond;
}

async function benchBoot(dataDir: string): Promise<{ ms: number; editorBuilt: boolean }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'start.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', STEPWISE_DATA_DIR: join(dataDir, 'boot') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/api/health`).catch(() => undefined);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - started, editorBuilt: false };
  } finally {
    child.kill('SIGKILL');
  }
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const dir = tempDir('stepwise-bench-');
  try {
    console.log(
      'Stepwise server bench: a three-step workflow (test connector: echo, echo, noop) started with POST /api/workflows/:id/runs?wait=1',
    );
    console.log(
      `Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} at the start; ${RUNS} runs per row (3000 for 1 client); keep-alive HTTP clients in a separate process from the server.\n`,
    );
    const stepwise = await benchStepwise(dir.path);
    const plain = await benchBaseline(dir.path);
    const cpu = (r: Result) => (r.cpuUsPerRun === null ? 'n/a' : f(r.cpuUsPerRun));
    console.log(
      '| clients | Stepwise runs/s | p50 ms | p99 ms | server CPU µs/run | plain Node + SQLite req/s | p50 ms | p99 ms | server CPU µs/req | Stepwise / plain |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    stepwise.forEach((s, i) => {
      const p = plain[i];
      console.log(
        `| ${s.clients} | ${f(s.runsPerSecond)} | ${f(s.p50, 2)} | ${f(s.p99, 2)} | ${cpu(s)} | ${f(p.runsPerSecond)} | ${f(p.p50, 2)} | ${f(p.p99, 2)} | ${cpu(p)} | ${f(s.runsPerSecond / p.runsPerSecond, 2)} |`,
      );
    });
    const records = await benchRecords(dir.path);
    console.log(`\nDebug records written by the store (one commit each): ${f(records)} per second`);
    const boot = await benchBoot(dir.path);
    console.log(
      `npm start (node bin/start.js) to a 200 from /api/health, fresh data folder: ${f(boot.ms)} ms`,
    );
    console.log(
      `Load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine slows every number above but the CPU columns).`,
    );
    console.log(
      '\nAims: p50 under 2 ms at 1 client, over 2,500 runs/s at 8 clients, healthy in under 1 s.',
    );
  } finally {
    dir.remove();
  }
}

const mode = process.argv[2];
if (mode === '--serve') await serve(process.argv[3]);
else if (mode === '--baseline') baseline(process.argv[3]);
else await main();
