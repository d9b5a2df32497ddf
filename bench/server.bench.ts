// `npm run bench:server`: runs per second and latency of a three-step workflow started through
// the API with ?wait=1 (1, 8 and 32 concurrent clients), against a plain-Node baseline (an HTTP
// server that inserts one SQLite row per request) measured the same way; debug records written
// per second by the store; and how long `npm start` takes to answer its health check. What logs
// and metrics cost a run: npm run bench:observability. The servers run in child processes
// (server-child.ts), so the clients do not share their CPU time.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../test/helpers/temp-dir.js';
import { load, type Result, setUpWorkflow, startChild, WARMUP } from './server-child.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENTS = [1, 8, 32];
const RUNS = Number(process.env.BENCH_RUNS ?? 6000);

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

await main();
