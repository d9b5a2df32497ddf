// `npm run bench:volume`: big runs through the server, the way a user makes them. For each N
// (1,000, 10,000, 100,000 rows) a fresh server process gets a CSV of N rows uploaded over HTTP,
// and a run of `file read_file` → loop → boolean (case "loop + boolean"), or of the same loop with
// a mapped connector step that makes no HTTP call in its body (case "loop + mapped step"),
// started with ?wait=1. Beside it, the plain-JS floor: the same file read and parse, and the
// same reads with jsonpath-plus, in this process. Reported: wall time of the run request,
// µs per item, the server's peak RSS, the records kept, and the ratio to the floor.
// BENCH_ROWS=1000,10000 picks the sizes, BENCH_CASE=boolean one case.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { JSONPath } from 'jsonpath-plus';
import { tempDir } from '../test/helpers/temp-dir.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_ROWS ?? '1000,10000,100000').split(',').map(Number);

// ---------------------------------------------------------------- the server process
/** bench/volume-server.ts bundled as `npm start` bundles server/main.ts (plain JS, no tsx). */
async function bundleServer(): Promise<string> {
  const { build } = await import('esbuild');
  const outdir = join(ROOT, 'dist', 'bench');
  await build({
    entryPoints: { 'volume-server': join(ROOT, 'bench', 'volume-server.ts') },
    bundle: true,
    splitting: !process.env.BENCH_NOSPLIT,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  return join(outdir, 'volume-server.mjs');
}

function startChild(entry: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_PROFILE=<folder>: a CPU profile of each server process, written when it stops.
  const profile = process.env.BENCH_NODE_ARGS
    ? process.env.BENCH_NODE_ARGS.split(' ')
    : process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
  const run = process.env.BENCH_TSX
    ? ['--import', 'tsx', join(ROOT, 'bench', 'volume-server.ts')]
    : [entry];
  const child = spawn(process.execPath, [...profile, ...run, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_SERVER_OUT) appendFileSync(process.env.BENCH_SERVER_OUT, chunk);
      out += chunk.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** CPU time (user + system) a process has used so far, in ms: steadier than wall time on a busy machine. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
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
const mapping = {
  id: { $jsonpath: '$.steps.loop-1.value.id' },
  email: { $jsonpath: '$.steps.loop-1.value.email' },
  text: 'Account {$.steps.loop-1.value.name} on {$.steps.loop-1.value.plan}',
};

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
      steps: [{ id: 'map-1', connector: 'test', operation: 'echo', input: mapping }],
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
      const out = {
        id: first('$.steps.loop-1.value.id'),
        email: first('$.steps.loop-1.value.email'),
        text: `Account ${String(first('$.steps.loop-1.value.name'))} on ${String(first('$.steps.loop-1.value.plan'))}`,
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

async function runCase(entry: string, name: CaseName, rows: number): Promise<Row> {
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
      password: 'bench-password-1',
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
    child.kill(process.env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
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
  console.log(
    '\nAims: 100,000 rows under 1 s and within 4x the floor, server peak RSS under 200 MB.',
  );
}

await main();
