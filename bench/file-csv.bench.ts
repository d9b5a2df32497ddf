// npx tsx bench/file-csv.bench.ts — reading a ~100 MB CSV with the file connector (peak
// memory with and without inferTypes, beside reading the same file as one string) and a
// workflow that loops over every row. Each case runs in its own child process so that its
// peak memory is its own. Set CSV_MB to change the size.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWorkflow, runWorkflow, type Catalog } from '../engine/index.js';
import { allConnectors, createCatalog } from '../connectors/index.js';
import { callOperation } from '../test/helpers/call-operation.js';
import { createTestConnector } from '../test/helpers/test-connector.js';

const TARGET_MB = Number(process.env.CSV_MB ?? 100);

interface CaseResult {
  name: string;
  ms: number;
  rows: number;
  peakRssMb: number;
}

async function writeCsv(file: string): Promise<number> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('id,name,email,plan,arr,renewal_date,notes\n');
  let rows = 0;
  let bytes = 0;
  while (bytes < TARGET_MB * 1024 * 1024) {
    const line = `${rows},"Account ${rows}, Ltd",owner${rows}@example.com,${rows % 3 ? 'Growth' : 'Enterprise'},${(rows * 37) % 250000},2027-0${(rows % 9) + 1}-15,"note ""${rows}"" line"\n`;
    bytes += Buffer.byteLength(line);
    rows++;
    await write(line);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

function catalogFor(filesDir: string): Catalog {
  const files = createCatalog(
    { filesDir },
    allConnectors.filter((c) => c.id === 'file'),
  );
  const test = createTestConnector().catalog;
  return {
    get: (c, o) => files.get(c, o) ?? test.get(c, o),
    connectors: () => [...files.connectors(), ...test.connectors()],
    secretAuthFields: (c) => (c === 'file' ? files : test).secretAuthFields(c),
  };
}

async function readCase(
  filesDir: string,
  inferTypes: boolean,
): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const started = performance.now();
  const out = (await callOperation(catalogFor(filesDir), 'file', 'read_file', {
    path: 'big.csv',
    format: 'csv',
    inferTypes,
  })) as { rows: unknown[] };
  return { ms: performance.now() - started, rows: out.rows.length };
}

async function loopCase(filesDir: string): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const parsed = parseWorkflow({
    name: 'bench',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'file-1',
        connector: 'file',
        operation: 'read_file',
        input: { path: 'big.csv', format: 'csv', inferTypes: true },
      },
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: { $jsonpath: '$.steps.file-1.rows' } },
        steps: [
          {
            id: 'map-1',
            connector: 'test',
            operation: 'echo',
            input: {
              email: { $jsonpath: '$.steps.loop-1.value.email' },
              text: 'Account {$.steps.loop-1.value.name} on {$.steps.loop-1.value.plan}',
            },
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const started = performance.now();
  const result = await runWorkflow({
    workflow: parsed.workflow,
    runId: 'bench',
    catalog: catalogFor(filesDir),
  });
  if (result.status !== 'succeeded') throw new Error(JSON.stringify(result.error));
  return {
    ms: performance.now() - started,
    rows: (result.outputs['loop-1'] as { count: number }).count,
  };
}

async function textCase(filesDir: string): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const started = performance.now();
  const text = readFileSync(path.join(filesDir, 'big.csv'), 'utf8');
  return { ms: performance.now() - started, rows: text.length > 0 ? 1 : 0 };
}

const cases = {
  'read as one string (baseline)': textCase,
  'read_file csv': (d: string) => readCase(d, false),
  'read_file csv, inferTypes': (d: string) => readCase(d, true),
  'read_file + loop over every row': loopCase,
} as const;
type CaseName = keyof typeof cases;

function inChild(name: CaseName, filesDir: string): CaseResult {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name, filesDir],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (out.status !== 0) throw new Error(`${name} failed:\n${out.stderr}`);
  return { name, ...(JSON.parse(out.stdout) as Omit<CaseResult, 'name'>) };
}

async function main(): Promise<void> {
  const filesDir = mkdtempSync(path.join(tmpdir(), 'stepwise-csv-bench-'));
  try {
    const rows = await writeCsv(path.join(filesDir, 'big.csv'));
    const mb = statSync(path.join(filesDir, 'big.csv')).size / (1024 * 1024);
    const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
    console.log(
      `\n## File connector CSV benchmark (Node ${process.version}, ${fmt(mb)} MB, ${fmt(rows)} rows)\n`,
    );
    console.log('| case | rows | time | peak RSS |');
    console.log('|---|---:|---:|---:|');
    for (const name of Object.keys(cases) as CaseName[]) {
      const c = inChild(name, filesDir);
      console.log(`| ${c.name} | ${fmt(c.rows)} | ${fmt(c.ms)} ms | ${fmt(c.peakRssMb)} MB |`);
    }
  } finally {
    rmSync(filesDir, { recursive: true, force: true });
  }
}

const caseArg = process.argv.indexOf('--case');
if (caseArg > 0) {
  const result = await cases[process.argv[caseArg + 1] as CaseName](process.argv[caseArg + 2]);
  process.stdout.write(
    JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
} else {
  await main();
}
