// `npm run bench:queue`: queue mode beside embedded mode, in the same run. Short runs (three
// text steps) started through the API with ?wait=1 by 32 clients; embedded mode, then queue
// mode with 1 and 2 worker processes (`server/worker-main.ts`, the API with STEPWISE_WORKER=0).
// Runs per second, p50/p99 start-to-finish latency (as a client sees it), and where the time
// goes: Redis commands per run (INFO commandstats, by command), and CPU per run of the API
// process (HTTP, SQLite, the drain), the workers and Redis. Redis is our own redis-server on a
// free port with the settings docs/operations.md asks for (AOF, noeviction).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { tempDir } from '../test/helpers/temp-dir.js';
import { cpuMicros, request } from './process-http.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const WARMUP = 300;
const CLIENTS = 32;
// BENCH_PROFILE=<dir>: the API and worker processes write CPU profiles there.
const PROFILE = process.env.BENCH_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
  : [];
// One key for the API child and the workers (the children read it from the environment).
const KEY = process.env.BENCH_SECRET_KEY ?? randomBytes(32).toString('hex');

// ---------------------------------------------------------------- child: the API process
async function serve(dataDir: string, redisUrl: string): Promise<void> {
  process.on('SIGTERM', () => process.exit(0));
  const { startServer } = await import('../server/start-server.js');
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    redisUrl: redisUrl || undefined,
    queuePrefix: 'bench',
    concurrency: 64,
    bodyLimit: '1mb',
    env: { STEPWISE_SECRET_KEY: KEY, STEPWISE_WORKER: '0' },
    editorDir: null,
    log: () => {},
  });
  console.log(`READY ${new URL(running.url).port}`);
}

// ---------------------------------------------------------------- helpers
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${out}`)));
  });
}

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const text = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) out.set(m[1], Number(m[2]));
  return out;
}

async function redisCpu(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(text)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(text)?.[1] ?? 0);
  return (user + sys) * 1e6;
}

interface Row {
  mode: string;
  runsPerSecond: number;
  p50: number;
  p99: number;
  apiUs: number;
  workerUs: number | null;
  redisUs: number | null;
  commands: number | null;
  byCommand: string;
}

const WORKFLOW = {
  name: 'Three text steps',
  trigger: { type: 'manual' },
  steps: [
    {
      id: 't1',
      connector: 'text',
      operation: 'change_case',
      input: { text: { $jsonpath: '$.trigger.name' }, to: 'upper' },
    },
    {
      id: 't2',
      connector: 'text',
      operation: 'change_case',
      input: { text: { $jsonpath: '$.steps.t1.text' }, to: 'lower' },
    },
    {
      id: 't3',
      connector: 'text',
      operation: 'change_case',
      input: { text: { $jsonpath: '$.steps.t2.text' }, to: 'title' },
    },
  ],
};

async function measure(
  mode: string,
  redisUrl: string,
  workerCount: number,
  redis: Redis | null,
): Promise<Row> {
  const dir = tempDir('stepwise-bench-queue-');
  const api = spawn(
    process.execPath,
    [...PROFILE, '--import', 'tsx', SELF, '--serve', dir.path, redisUrl],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_SECRET_KEY: KEY },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const workers: ChildProcess[] = [];
  try {
    const port = Number((await waitForLine(api, /READY (\d+)/))[1]);
    for (let i = 0; i < workerCount; i++) {
      const w = spawn(
        process.execPath,
        [...PROFILE, '--import', 'tsx', join(ROOT, 'server/worker-main.ts')],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            REDIS_URL: redisUrl,
            STEPWISE_QUEUE_PREFIX: 'bench',
            STEPWISE_SECRET_KEY: KEY,
            STEPWISE_WORKER_CONCURRENCY: String(CLIENTS),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      workers.push(w);
      await waitForLine(w, /is running/);
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const { token } = JSON.parse(
      (
        await request(agent, port, 'POST', '/api/auth/setup', {
          email: 'bench@example.com',
          password: 'bench-password-long-1',
        })
      ).body,
    ) as { token: string };
    const wf = JSON.parse(
      (await request(agent, port, 'POST', '/api/workflows', WORKFLOW, token)).body,
    ) as { id: string };
    const path = `/api/workflows/${wf.id}/runs?wait=1`;
    const latencies: number[] = [];
    const drive = async (total: number, keep: boolean) => {
      let next = 0;
      const client = async () => {
        while (next < total) {
          next++;
          const t0 = performance.now();
          const res = await request(
            agent,
            port,
            'POST',
            path,
            { payload: { name: `account ${next}` } },
            token,
          );
          if (res.status !== 200) throw new Error(`${mode}: ${res.status} ${res.body}`);
          const run = JSON.parse(res.body) as { status: string };
          if (run.status !== 'succeeded') throw new Error(`${mode}: run ${res.body}`);
          if (keep) latencies.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
    };
    await drive(WARMUP, false);
    const statsBefore = redis ? await commandStats(redis) : null;
    const redisBefore = redis ? await redisCpu(redis) : 0;
    const apiBefore = cpuMicros(api.pid);
    const workersBefore = workers.map((w) => cpuMicros(w.pid));
    const started = performance.now();
    await drive(RUNS, true);
    const seconds = (performance.now() - started) / 1000;
    const apiUs = (cpuMicros(api.pid) - apiBefore) / RUNS;
    const workerUs = workers.length
      ? workers.reduce((sum, w, i) => sum + cpuMicros(w.pid) - workersBefore[i], 0) / RUNS
      : null;
    let commands: number | null = null;
    let byCommand = '';
    let redisUs: number | null = null;
    if (redis && statsBefore) {
      const after = await commandStats(redis);
      redisUs = ((await redisCpu(redis)) - redisBefore) / RUNS;
      const per = [...after]
        .map(([name, calls]) => [name, (calls - (statsBefore.get(name) ?? 0)) / RUNS] as const)
        .filter(([name, n]) => n >= 0.05 && name !== 'info')
        .sort((a, b) => b[1] - a[1]);
      commands = per.reduce((sum, [, n]) => sum + n, 0);
      byCommand = per.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ');
    }
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))];
    return {
      mode,
      runsPerSecond: RUNS / seconds,
      p50: pct(50),
      p99: pct(99),
      apiUs,
      workerUs,
      redisUs,
      commands,
      byCommand,
    };
  } finally {
    const exits = [api, ...workers].map((c) => new Promise((resolve) => c.once('exit', resolve)));
    for (const w of workers) w.kill('SIGTERM');
    api.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 20_000))]);
    dir.remove();
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const redisDir = tempDir('stepwise-bench-redis-');
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      redisDir.path,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const redisUrl = `redis://127.0.0.1:${port}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  try {
    await redis.ping();
    const rows: Row[] = [];
    rows.push(await measure('embedded (one process)', '', 0, null));
    await redis.flushall();
    rows.push(await measure('queue, 1 worker', redisUrl, 1, redis));
    await redis.flushall();
    rows.push(await measure('queue, 2 workers', redisUrl, 2, redis));
    console.log(
      `\nQueue mode: ${RUNS} short runs (3 text steps) started with ?wait=1 by ${CLIENTS} clients; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}\n`,
    );
    const us = (n: number | null) => (n === null ? '–' : `${Math.round(n)}`);
    console.log(
      '| mode | runs/s | p50 ms | p99 ms | API CPU µs/run | workers CPU µs/run | Redis CPU µs/run | Redis commands/run |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.mode} | ${Math.round(r.runsPerSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${us(r.apiUs)} | ${us(r.workerUs)} | ${us(r.redisUs)} | ${r.commands === null ? '–' : r.commands.toFixed(1)} |`,
      );
    for (const r of rows)
      if (r.byCommand) console.log(`\n${r.mode}, Redis commands per run: ${r.byCommand}`);
  } finally {
    redis.disconnect();
    server.kill('SIGKILL');
    redisDir.remove();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4] ?? '');
else await main();
