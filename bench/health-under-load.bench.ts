// npm run bench:health — how long GET /api/health takes while 8 runs evaluate large outputs
// (issue 12; aim: p99 under 50 ms). The server runs as `npm start` does (startServer, real
// connectors) in a child process; a data server in a second child answers each run's HTTP
// step with a large JSON list; each run then maps over it: filters, `[*]`, `..` (which the
// work budget stops), and a loop of mapping steps. This process only measures.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../test/helpers/temp-dir.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const RUNS = 8;
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);

// ---------------------------------------------------------------- child: the data service
function dataServer(): void {
  const body = JSON.stringify({
    items: Array.from({ length: ITEMS }, (_, i) => ({
      id: i,
      name: `Account ${i}`,
      status: i % 3 === 0 ? 'paying' : 'trial',
      score: i % 100,
      owner: { email: `owner${i}@example.com` },
      tags: ['a', 'b', 'c'],
    })),
  });
  // Runs end by posting to /accounts/done: the bench asks /done-count rather than polling
  // Stepwise (whose answers carry each run's large payload).
  let done = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/accounts/done') done++;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          req.url === '/accounts' ? body : req.url === '/done-count' ? String(done) : '{"ok":true}',
        );
    });
  });
  server.listen(0, '127.0.0.1', () =>
    console.log(
      `READY ${(server.address() as AddressInfo).port} ${(body.length / 1e6).toFixed(1)}`,
    ),
  );
}

// ---------------------------------------------------------------- child: Stepwise
async function stepwise(dataDir: string): Promise<void> {
  process.on('SIGTERM', () => process.exit(0));
  const { startServer } = await import('../server/start-server.js');
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    redisUrl: undefined,
    concurrency: RUNS,
    userConcurrency: RUNS,
    bodyLimit: '1mb',
    editorDir: null,
    env: {},
    log: () => {},
  });
  console.log(`READY ${new URL(running.url).port}`);
}

function startChild(args: string[]): Promise<{ child: ChildProcess; fields: string[] }> {
  const profile =
    args[0] === '--serve' && process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SELF, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /READY (.*)/.exec(chunk.toString());
      if (m) resolve({ child, fields: m[1].trim().split(' ') });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function api<T>(port: number, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** One health request on a fresh connection each time: what a load balancer sees. */
function health(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

interface Scenario {
  name: string;
  steps: unknown[];
  payload: unknown;
}

/** Start RUNS runs of the scenario and measure health until they have all ended. */
async function measure(port: number, token: string, scenario: Scenario, dataPort: number) {
  const doneCount = async () =>
    Number(await (await fetch(`http://127.0.0.1:${dataPort}/done-count`)).text());
  const before = await doneCount();
  const wf = await api<{ id: string }>(port, 'POST', '/api/workflows', token, {
    name: scenario.name,
    trigger: { type: 'manual' },
    steps: scenario.steps,
  });
  const started = performance.now();
  const runIds = await Promise.all(
    Array.from(
      { length: RUNS },
      async () =>
        (
          await api<{ runId: string }>(port, 'POST', `/api/workflows/${wf.id}/runs`, token, {
            payload: scenario.payload,
          })
        ).runId,
    ),
  );
  const latencies: number[] = [];
  let done = false;
  const watcher = (async () => {
    while (!done) {
      done = (await doneCount()) - before >= RUNS;
      if (!done) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  while (!done) {
    latencies.push(await health(port));
    await new Promise((r) => setTimeout(r, 5));
  }
  await watcher;
  const ms = performance.now() - started;
  // Each run's last step has posted: its end is being stored; ask until it is.
  let runs: { status: string }[] = [];
  for (let i = 0; i < 50; i++) {
    runs = await Promise.all(
      runIds.map((id) => api<{ status: string }>(port, 'GET', `/api/runs/${id}`, token)),
    );
    if (runs.every((r) => r.status === 'succeeded' || r.status === 'failed')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    latencies: latencies.sort((a, b) => a - b),
    ms,
    succeeded: runs.filter((r) => r.status === 'succeeded').length,
  };
}

async function main(): Promise<void> {
  const dir = tempDir('stepwise-bench-health-');
  const data = await startChild(['--data']);
  const server = await startChild(['--serve', dir.path]);
  const port = Number(server.fields[0]);
  const dataUrl = `http://127.0.0.1:${data.fields[0]}/accounts`;
  try {
    const { token } = await api<{ token: string }>(port, 'POST', '/api/auth/setup', undefined, {
      email: 'bench@example.com',
      password: 'a long bench password 123',
    });
    /** A step that sends what a mapping found to the data service (which answers {ok:true}). */
    const send = (id: string, value: unknown) => ({
      id,
      connector: 'http',
      operation: 'request',
      onError: { then: 'continue' },
      input: { method: 'POST', url: `${dataUrl}/none`, body: { value } },
    });
    /** Mappings whose answers are modest (ids, emails) however large the data they look at. */
    const mappings = (root: string, extra: unknown[] = []) => [
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: [1, 2, 3, 4, 5] },
        steps: [
          send('paying-1', {
            $jsonpath: `${root}.items[?(@.status == 'paying' && @.score > 50)].id`,
          }),
          send('emails-1', { $jsonpath: `${root}.items[?(@.tags.length > 2)].owner.email` }),
        ],
      },
      send('deep-1', { $jsonpath: `${root}..email` }),
      ...extra,
      {
        id: 'done-1',
        connector: 'http',
        operation: 'request',
        input: { method: 'POST', url: `${dataUrl}/done` },
      },
    ];
    const accounts = (n: number) => ({
      items: Array.from({ length: n }, (_, i) => ({
        id: i,
        name: `Account ${i}`,
        status: i % 3 === 0 ? 'paying' : 'trial',
        score: i % 100,
        owner: { email: `owner${i}@example.com` },
        tags: ['a', 'b', 'c'],
      })),
    });

    // Warm up: the scheduler (BullMQ) is loaded after the server listens, and each code path
    // is compiled on first use; neither is what this bench measures.
    await api(port, 'GET', '/api/schedules', token);
    await measure(
      port,
      token,
      { name: 'Warm-up', steps: mappings('$.trigger'), payload: accounts(100) },
      Number(data.fields[0]),
    );

    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push(await health(port));
    idle.sort((a, b) => a - b);

    const payloadItems = 6_000;
    const onPayload = await measure(
      port,
      token,
      {
        name: 'Mappings over a large payload',
        steps: mappings('$.trigger'),
        payload: accounts(payloadItems),
      },
      Number(data.fields[0]),
    );
    const onOutput = process.env.BENCH_ONLY_PAYLOAD
      ? { latencies: [0], ms: 0, succeeded: 0 }
      : await measure(
          port,
          token,
          {
            name: 'Mappings over a large step output',
            steps: [
              {
                id: 'fetch-1',
                connector: 'http',
                operation: 'request',
                input: { method: 'GET', url: dataUrl },
              },
              // `..*` answers every value: under the budget here, so a large answer to write out.
              ...mappings('$.steps.fetch-1.body', [
                send('every-1', { $jsonpath: '$.steps.fetch-1.body..*' }),
              ]),
            ],
            payload: {},
          },
          Number(data.fields[0]),
        );

    const fmt = (n: number) => n.toFixed(1);
    const row = (name: string, l: number[]) =>
      `| ${name} | ${l.length} | ${fmt(quantile(l, 0.5))} ms | ${fmt(quantile(l, 0.95))} ms | ${fmt(quantile(l, 0.99))} ms | ${fmt(l[l.length - 1])} ms |`;
    console.log(
      `\n## Health under load (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`,
    );
    console.log(
      `${RUNS} runs at once, each: 5 iterations of two filter mappings and \`..email\`, each answer posted to a local service, over (a) its payload, ${payloadItems.toLocaleString('en-US')} accounts (${(JSON.stringify(accounts(payloadItems)).length / 1e6).toFixed(1)} MB), or (b) an HTTP step's answer, ${ITEMS.toLocaleString('en-US')} accounts (${data.fields[1]} MB), plus \`..*\` over it (an answer of every value in it). (a) took ${Math.round(onPayload.ms)} ms, ${onPayload.succeeded} of ${RUNS} succeeded; (b) took ${Math.round(onOutput.ms)} ms, ${onOutput.succeeded} of ${RUNS} succeeded.\n`,
    );
    console.log('| GET /api/health | requests | p50 | p95 | p99 | max |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(row('idle', idle));
    console.log(row(`(a) while ${RUNS} runs map over a large payload`, onPayload.latencies));
    console.log(row(`(b) while ${RUNS} runs map over a large step output`, onOutput.latencies));
    console.log(
      `\nAim: p99 under 50 ms while the runs go. Machine load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${cpus().length} cores.`,
    );
  } finally {
    server.child.kill('SIGTERM');
    data.child.kill('SIGTERM');
    dir.remove();
  }
}

const mode = process.argv[2];
if (mode === '--data') dataServer();
else if (mode === '--serve') await stepwise(process.argv[3]);
else await main();
