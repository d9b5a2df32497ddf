// `npm run bench:volume`: big runs through the server, the way a user makes them. For each N
// (1,000, 10,000, 100,000 rows) a fresh server process gets a CSV of N rows uploaded over HTTP,
// and a run of `file read_file` → loop → boolean (case "loop + boolean"), or of the same loop with
// a mapped connector step that makes no HTTP call in its body (the mapper's map_object, case
// "loop + mapped step"), started with ?wait=1. The server is `npm start`'s own bundle. Beside it, the plain-JS floor: the same file read and parse, and the
// same reads with jsonpath-plus, in this process. Reported: wall time of the run request,
// µs per item, the server's peak RSS, the records kept, and the ratio to the floor.
// BENCH_ROWS=1000,10000 picks the sizes, BENCH_CASE=boolean one case, BENCH_NODE_ARGS node flags
// for the server (--cpu-prof, --trace-gc; BENCH_SERVER_OUT=file keeps what it prints).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { JSONPath } from 'jsonpath-plus';
import { tempDir } from '../test/helpers/temp-dir.js';
import { cpuMicros } from './process-http.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_ROWS ?? '1000,10000,100000').split(',').map(Number);

// ---------------------------------------------------------------- the server process
/** `npm start`'s server: server/main.ts bundled by bin/build-server.js into dist/server/. */
async function bundleServer(): Promise<string> {
  const build = (await import(pathToFileURL(join(ROOT, 'bin', 'build-server.js')).href)) as {
    buildServer(): Promise<void>;
    serverEntry: string;
  };
  await build.buildServer();
  return build.serverEntry;
}

function startChild(entry: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS: extra node flags for the server (--trace-gc, --cpu-prof, ...).
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      STEPWISE_DATA_DIR: dataDir,
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_SERVER_OUT) appendFileSync(process.env.BENCH_SERVER_OUT, chunk);
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** CPU time (user + system) a process has used so far, in ms: steadier than wall time on a busy machine. */
function cpuMs(pid: number | undefined): number {
  return cpuMicros(pid) / 1000;
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

// ---------------------------------------------------------------- the cases
function csvText(rows: number): string {
  const lines = ['id,name,email,plan,arr,score'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${i},"Account ${i}, Ltd",owner${i}@example.com,${i % 3 ? 'Growth' : 'Enterprise'},${(i * 37) % 250000},${i % 100}`,
    );
  return `${lines.join('\n')}\n`;
}

const readStep = {
  id: 'file-1',
  connector: 'file',
  operation: 'read_file',
  input: { path: 'rows.csv', format: 'csv' },
};
const condition = { left: { $jsonpath: '$.steps.loop-1.value.score' }, op: 'less_than', right: 50 };
// The mapper's map_object (a core connector: no HTTP), reshaping each row.
const mappings = [
  { from: 'id', to: 'account.id' },
  { from: 'name', to: 'account.name' },
  { from: 'email', to: 'owner.email' },
  { from: 'plan', to: 'plan' },
];

const CASES = {
  'loop + boolean': [
    readStep,
    {
      id: 'loop-1',
      type: 'loop',
      input: { list: { $jsonpath: '$.steps.file-1.rows' } },
      steps: [
        { id: 'bool-1', type: 'boolean', input: { conditions: [condition] }, true: [], false: [] },
      ],
    },
  ],
  'loop + mapped step': [
    readStep,
    {
      id: 'loop-1',
      type: 'loop',
      input: { list: { $jsonpath: '$.steps.file-1.rows' } },
      steps: [
        {
          id: 'map-1',
          connector: 'mapper',
          operation: 'map_object',
          input: { data: { $jsonpath: '$.steps.loop-1.value' }, mappings },
        },
      ],
    },
  ],
} as const;
type CaseName = keyof typeof CASES;

/** The floor: read and parse the same file, then the same reads with jsonpath-plus. */
function floorMs(file: string, name: CaseName): number {
  const started = performance.now();
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  const doc = { steps: { 'file-1': { rows } } as Record<string, unknown> };
  const first = (path: string) => (JSONPath({ path, json: doc }) as unknown[])[0];
  const list = first('$.steps.file-1.rows') as unknown[];
  let kept = 0;
  for (let index = 0; index < list.length; index++) {
    doc.steps['loop-1'] = { value: list[index], index };
    if (name === 'loop + boolean') {
      if (Number(first('$.steps.loop-1.value.score')) < 50) kept++;
    } else {
      const row = first('$.steps.loop-1.value') as Record<string, string>;
      const out = {
        result: {
          account: { id: row.id, name: row.name },
          owner: { email: row.email },
          plan: row.plan,
        },
      };
      doc.steps['map-1'] = out;
      kept++;
    }
  }
  if (kept < 0) throw new Error('unreachable');
  return performance.now() - started;
}

interface Row {
  name: CaseName;
  rows: number;
  ms: number;
  floorMs: number;
  serverCpuMs: number;
  peakRssMb: number;
  records: number;
  status: string;
}

async function runCase(
  entry: string,
  name: CaseName,
  rows: number,
  cancel?: (answer: { ms: number; status: string; stepCount: number }) => void,
): Promise<Row> {
  const dir = tempDir('stepwise-volume-');
  const { child, url } = await startChild(entry, dir.path);
  try {
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(url + path, {
        method,
        headers: {
          ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    const { token } = await call('POST', '/api/auth/setup', undefined, {
      email: 'bench@example.com',
      password: 'a long bench password 123',
    });
    const csv = csvText(rows);
    const file = join(dir.path, 'bench-input.csv');
    writeFileSync(file, csv);
    await call('POST', '/api/files?path=rows.csv', token, csv);
    const wf = await call('POST', '/api/workflows', token, {
      name: `Volume ${name}`,
      trigger: { type: 'manual' },
      steps: CASES[name],
    });
    if (cancel) {
      // Cancel the run once its loop is under way: how long until the answer says "cancelled".
      const { runId } = await call('POST', `/api/workflows/${wf.id}/runs`, token, {});
      for (let i = 0; i < 3000; i++) {
        if ((await call('GET', `/api/runs/${runId}`, token)).stepCount > 1000) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const asked = performance.now();
      const answer = await call('POST', `/api/runs/${runId}/cancel`, token);
      cancel({ ms: performance.now() - asked, status: answer.status, stepCount: answer.stepCount });
    }
    const cpuBefore = cpuMs(child.pid);
    const started = performance.now();
    const run = await call('POST', `/api/workflows/${wf.id}/runs?wait=1&timeout=300`, token, {});
    const ms = performance.now() - started;
    const serverCpuMs = cpuMs(child.pid) - cpuBefore;
    return {
      serverCpuMs,
      name,
      rows,
      ms,
      floorMs: floorMs(file, name),
      peakRssMb: peakRssMb(child.pid),
      records: run.stepCount ?? 0,
      status: run.status ?? `still running (${run.runId})`,
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // With node flags (a profile to write) it stops cleanly.
    child.kill(process.env.BENCH_NODE_ARGS ? 'SIGTERM' : 'SIGKILL');
    await exited;
    dir.remove();
  }
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(
    `\n## Runs at volume through the server (Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
  );
  console.log(
    'Wall time of POST /api/workflows/:id/runs?wait=1 (file read_file of an uploaded CSV → loop over its rows → body), fresh server per row.\n',
  );
  console.log(
    '| case | rows | status | wall time | µs per item | server CPU | floor (plain JS) | ratio to floor | server peak RSS | records kept |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const entry = await bundleServer();
  const results: Row[] = [];
  const only = process.env.BENCH_CASE;
  for (const name of Object.keys(CASES) as CaseName[]) {
    if (only && !name.includes(only)) continue;
    for (const rows of SIZES) {
      const r = await runCase(entry, name, rows);
      results.push(r);
      console.log(
        `| ${r.name} | ${f(r.rows)} | ${r.status} | ${f(r.ms)} ms | ${f((r.ms * 1000) / r.rows, 1)} | ${f(r.serverCpuMs)} ms | ${f(r.floorMs)} ms | ${f(r.ms / r.floorMs, 2)} | ${f(r.peakRssMb)} MB | ${f(r.records)} |`,
      );
    }
  }
  for (const name of Object.keys(CASES) as CaseName[]) {
    const mine = results.filter((r) => r.name === name);
    const small = mine.find((r) => r.rows === Math.min(...SIZES));
    const big = mine.find((r) => r.rows === Math.max(...SIZES));
    if (small && big && small !== big)
      console.log(
        `${name}: µs per item at ${f(big.rows)} is ${f(big.ms / big.rows / (small.ms / small.rows), 2)}x that at ${f(small.rows)} (aim ≤ 1.5x: linear growth).`,
      );
  }
  if (!only || 'loop + boolean'.includes(only)) {
    let cancelled = { ms: 0, status: '', stepCount: 0 };
    await runCase(entry, 'loop + boolean', 100_000, (answer) => {
      cancelled = answer;
    });
    console.log(
      `\nCancel of a 100,000-item loop past its 1,000th item: answered "${cancelled.status}" in ${f(cancelled.ms)} ms, ${f(cancelled.stepCount)} records kept (aim: within 1 s).`,
    );
  }
  console.log(
    '\nAims: 100,000 rows under 1 s and within 4x the floor, server peak RSS under 200 MB.',
  );
}

await main();
