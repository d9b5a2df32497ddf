// `npm run bench:server`: runs per second and latency of a three-step workflow started through
// the API with ?wait=1 (1, 8 and 32 concurrent clients), against a plain-Node baseline (an HTTP
// server that inserts one SQLite row per request) measured the same way; debug records written
// per second by the store; how long `npm start` takes to answer its health check; and what logs
// and metrics cost a run (the same server with both off, then on, in turns).
// The servers run in child processes (this file with --serve / --baseline), so the clients
// do not share their CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDir } from '../test/helpers/temp-dir.js';
import { cpuMicros, request } from './process-http.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const CLIENTS = [1, 8, 32];
const RUNS = Number(process.env.BENCH_RUNS ?? 6000);
const WARMUP = 500;

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
  const { destination } = await import('pino');
  const { logFile } = await import('../server/log/logger.js');
  const log =
    observed === undefined
      ? undefined
      : observed
        ? createLogger({
            level: 'info',
            pretty: false,
            // As the logger writes to stdout (logger.ts): lines serialised and written in batches.
            defer: true,
            destination: destination(logFile(join(dataDir, 'server.log'))),
          })
        : createLogger({ level: 'silent', pretty: false });
  const metrics = observed
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
/** `pinTo`: run the child on this CPU only (taskset), when the machine has taskset. */
function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  pinTo?: number,
): Promise<{ child: ChildProcess; port: number }> {
  const command = [process.execPath, '--import', 'tsx', SELF, ...args];
  const pinned = pinTo !== undefined && existsSync('/usr/bin/taskset');
  const child = spawn(
    pinned ? '/usr/bin/taskset' : command[0],
    [...(pinned ? ['-c', String(pinTo), command[0]] : []), ...command.slice(1)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /READY (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

interface Result {
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
async function setUpWorkflow(port: number): Promise<{ token: string; path: string }> {
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

async function benchStepwise(dataDir: string): Promise<Result[]> {
  const { child, port } = await startChild(['--serve', dataDir]);
  try {
    const { token, path } = await setUpWorkflow(port);
    await load(port, path, token, 8, WARMUP);
    const results: Result[] = [];
    for (const clients of CLIENTS)
      results.push(
        await load(
          port,
          path,
          token,
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

/**
 * Two servers side by side on one CPU (taskset), the load going to one, then the other, in
 * short batches, in turns, so that whatever else the machine does weighs on both alike; each
 * server's CPU time per run is summed over its batches. `serveAs`: how each is started.
 */
async function sideBySide(
  dataDir: string,
  serveAs: [string, string],
  clientCounts: number[],
  scrapeSecond: boolean,
): Promise<{ clients: number; rps: [number, number]; cpu: [number, number] }[]> {
  const batches = Number(process.env.BENCH_BATCHES ?? 20);
  const batchRuns = Math.max(100, Math.floor(RUNS / batches));
  const servers = await Promise.all(
    serveAs.map(async (mode, i) => {
      const folder = join(dataDir, `side-${i}-${mode.slice(2)}-${Date.now()}`);
      mkdirSync(folder);
      // Both on the same CPU: two servers on different CPUs meet different neighbours (the
      // clients, the machine's other work), and that alone made identical servers differ by 8 %.
      const started = await startChild([mode, folder], {}, cpus().length - 1);
      const workflow = await setUpWorkflow(started.port);
      await load(started.port, workflow.path, workflow.token, 8, WARMUP);
      return { i, ...started, ...workflow };
    }),
  );
  // Prometheus scrapes every 15 s; the second server is scraped every second.
  const scraper = scrapeSecond
    ? setInterval(() => {
        fetch(`http://127.0.0.1:${servers[1].port}/metrics`)
          .then((res) => res.text())
          .catch(() => undefined);
      }, 1000)
    : undefined;
  try {
    const out: { clients: number; rps: [number, number]; cpu: [number, number] }[] = [];
    for (const clients of clientCounts) {
      const sum = servers.map(() => ({ cpu: 0, seconds: 0, runs: 0 }));
      for (let batch = 0; batch < batches; batch++)
        for (const server of batch % 2 ? [...servers].reverse() : servers) {
          const r = await load(
            server.port,
            server.path,
            server.token,
            clients,
            batchRuns,
            server.child.pid,
          );
          sum[server.i].cpu += (r.cpuUsPerRun ?? Number.NaN) * batchRuns;
          sum[server.i].seconds += batchRuns / r.runsPerSecond;
          sum[server.i].runs += batchRuns;
        }
      out.push({
        clients,
        rps: [sum[0].runs / sum[0].seconds, sum[1].runs / sum[1].seconds],
        cpu: [sum[0].cpu / sum[0].runs, sum[1].cpu / sum[1].runs],
      });
    }
    return out;
  } finally {
    clearInterval(scraper);
    for (const server of servers) server.child.kill('SIGKILL');
  }
}

/**
 * Logs and metrics off and on, measured in the same run: a server with both off (level silent,
 * no metrics) beside one as `npm start` has them (level info: a JSON line per request and two
 * per run, into a file; metrics counted; /metrics scraped every second). Then two servers with
 * both off, the same way: what the method reads as a difference where there is none (this
 * machine is shared). And the work logs and metrics add to one run, measured alone.
 */
async function benchObservability(dataDir: string): Promise<void> {
  const pct = (a: number, b: number) => `${f(((a - b) / b) * 100, 1)} %`;
  const compared = await sideBySide(dataDir, ['--serve-quiet', '--serve-observed'], [1, 8], true);
  const same = await sideBySide(dataDir, ['--serve-quiet', '--serve-quiet'], [1, 8], false);
  const work = await observabilityWork();
  const batches = Number(process.env.BENCH_BATCHES ?? 20);
  console.log(
    `\nLogs and metrics, off and on: two servers side by side on one CPU, ${batches} batches of ${Math.max(100, Math.floor(RUNS / batches))} runs to each in turns:\n`,
  );
  console.log(
    '| clients | off runs/s | on runs/s | off server CPU µs/run | on server CPU µs/run | cost (CPU per run) | cost (runs/s) | off vs off (CPU per run: the noise) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  compared.forEach((r, i) => {
    const noise = same[i];
    console.log(
      `| ${r.clients} | ${f(r.rps[0])} | ${f(r.rps[1])} | ${f(r.cpu[0])} | ${f(r.cpu[1])} | ${pct(r.cpu[1], r.cpu[0])} | ${pct(r.rps[0], r.rps[1])} | ${pct(noise.cpu[1], noise.cpu[0])} |`,
    );
  });
  console.log(
    `The work they add to one run, measured alone (its events through the log and metric listeners, a request line, three metered steps): ${f(work.on - work.off, 1)} µs (${f(work.off, 1)} µs without them, ${f(work.on, 1)} µs with).`,
  );
  console.log('Aim: logs and metrics cost under 5 % of a run.');
}

/**
 * CPU µs per run of what logs and metrics do for one run, alone: the run's status events
 * (queued, running, succeeded) and three step records through the listeners, three connector
 * operations through the metered catalog, a request line. Without them: the same events and
 * operations with nobody listening.
 */
async function observabilityWork(): Promise<{ off: number; on: number }> {
  const { destination } = await import('pino');
  const { createRunEvents } = await import('../server/services/run-events.js');
  const { toRunJson } = await import('../server/services/run-json.js');
  const { createLogger, logFile } = await import('../server/log/logger.js');
  const { logRuns } = await import('../server/log/run-log.js');
  const { createMetrics } = await import('../server/metrics/metrics.js');
  const { countRuns } = await import('../server/metrics/run-metrics.js');
  const { meteredCatalog } = await import('../server/metrics/metered-catalog.js');
  const { createTestConnector } = await import('../test/helpers/test-connector.js');
  const dir = tempDir('stepwise-bench-work-');
  try {
    const measure = async (on: boolean): Promise<number> => {
      const events = createRunEvents();
      const logger = createLogger({
        level: 'info',
        pretty: false,
        destination: destination(logFile(join(dir.path, `work-${on}.log`))),
        defer: true,
      });
      const metrics = createMetrics({ role: 'server', version: 'bench', mode: 'embedded' });
      if (on) {
        logRuns(events, logger);
        countRuns(events, metrics);
      }
      const base = createTestConnector().catalog;
      const op = (on ? meteredCatalog(base, metrics) : base).get('test', 'echo')!;
      const createdAt = new Date().toISOString();
      const row = {
        id: 'run_bench',
        workflowId: 'wf_bench',
        workflowVersion: 1,
        triggerType: 'manual',
        triggerOutput: '{"n":1}',
        startedBy: 'u',
        retryOf: null,
        status: 'queued' as const,
        createdAt,
        startedAt: null,
        finishedAt: null,
        error: null,
        stepCount: 0,
        recordsOmitted: 0,
      };
      const call = {
        input: { n: 1 },
        auth: undefined,
        signal: new AbortController().signal,
        runId: row.id,
        workflowId: row.workflowId,
        stepId: 'echo-1',
        idempotencyKey: 'run_bench:echo-1',
        log: () => {},
        state: { get: async () => undefined, set: async () => {} },
      };
      const emit = (run: ReturnType<typeof toRunJson>) => {
        if (events.listenerCount('run') > 0) events.emit('run', run);
      };
      const oneRun = async () => {
        emit(toRunJson(row));
        const startedAt = new Date().toISOString();
        if (events.listenerCount('run') > 0)
          emit(toRunJson({ ...row, status: 'running', startedAt }, 0));
        for (let seq = 1; seq <= 3; seq++) {
          await op.execute(call);
          if (events.listenerCount('step') > 0)
            events.emit('step', {
              runId: row.id,
              seq,
              stepId: `echo-${seq}`,
              place: `echo-${seq}`,
              status: 'ok',
              attempt: 1,
              input: { n: 1 },
              output: { n: 1 },
              error: null,
              startedAt,
              durationMs: 0,
            });
        }
        emit(
          toRunJson({
            ...row,
            status: 'succeeded',
            startedAt,
            finishedAt: startedAt,
            stepCount: 3,
          }),
        );
        if (on)
          logger.info(
            {
              event: 'request',
              reqId: 'bench-1',
              method: 'POST',
              path: '/api/workflows/wf_bench/runs',
              status: 200,
              ms: 1.2,
              userId: 'u',
            },
            'POST /api/workflows/wf_bench/runs 200',
          );
      };
      for (let i = 0; i < 2000; i++) await oneRun();
      const n = 20_000;
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) await oneRun();
      const used = process.cpuUsage(before);
      return (used.user + used.system) / n;
    };
    // In turns as well, three times each: the lowest of each is the least disturbed.
    const off: number[] = [];
    const on: number[] = [];
    for (let i = 0; i < 3; i++) {
      off.push(await measure(false));
      on.push(await measure(true));
    }
    return { off: Math.min(...off), on: Math.min(...on) };
  } finally {
    dir.remove();
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
    // BENCH_PART=observability: only the logs-and-metrics comparison.
    if (process.env.BENCH_PART === 'observability') {
      console.log(
        `Stepwise server bench, logs and metrics only: Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; ${RUNS} runs per row (3000 for 1 client)`,
      );
      await benchObservability(dir.path);
      return;
    }
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
    await benchObservability(dir.path);
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
else if (mode === '--serve-observed') await serve(process.argv[3], true);
else if (mode === '--serve-quiet') await serve(process.argv[3], false);
else if (mode === '--baseline') baseline(process.argv[3]);
else await main();
