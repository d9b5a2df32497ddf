// npm run bench:mapping — what mappings cost: validating a mapping-heavy workflow (the editor
// validates on every open) and running it over a list, with the paths users write (plain
// names, indexes, [*], filters such as [?(@.status == 'paying')], `..`, text with {$.path}).
// Each case runs in its own child process (a cold start, as a server's first request is).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  parseWorkflow,
  runWorkflow,
  validateWorkflow,
  type Catalog,
  type OperationRuntime,
  type WorkflowInput,
} from '../engine/index.js';

const ITEMS = 20_000;
const STEPS = 200;

function benchCatalog(): Catalog {
  const echo: OperationRuntime = {
    connector: 'bench',
    operation: 'echo',
    title: 'echo',
    input: z.record(z.string(), z.unknown()),
    output: z.unknown(),
    auth: { mode: 'none' },
    secretInputs: [],
    execute: async (call) => call.input,
  };
  return {
    get: (_c, o) => (o === 'echo' ? echo : undefined),
    connectors: () => ['bench'],
    secretAuthFields: () => [],
  };
}

const account = (i: number) => ({
  id: i,
  name: `Account ${i}`,
  status: i % 3 === 0 ? 'paying' : 'trial',
  score: i % 100,
  owner: { email: `owner${i}@example.com`, name: `Owner ${i}` },
  users: [
    { email: `a${i}@example.com`, active: true, seats: 3 },
    { email: `b${i}@example.com`, active: false, seats: 1 },
    { email: `c${i}@example.com`, active: true, seats: 7 },
  ],
});

/** One body step with the paths of a typical mapping-heavy step. */
const mappingInput = (loop: string) => ({
  id: { $jsonpath: `$.steps.${loop}.value.id` },
  email: { $jsonpath: `$.steps.${loop}.value.owner.email` },
  first: { $jsonpath: `$.steps.${loop}.value.users[0].email` },
  all: { $jsonpath: `$.steps.${loop}.value.users[*].email` },
  active: { $jsonpath: `$.steps.${loop}.value.users[?(@.active == true)].email` },
  big: { $jsonpath: `$.steps.${loop}.value.users[?(@.seats > 2 && @.active)].seats` },
  names: { $jsonpath: `$.steps.${loop}.value..name` },
  paying: { $jsonpath: `$.steps.${loop}.value[?(@ == 'paying')]` },
  text: `Account {$.steps.${loop}.value.name} ({$.steps.${loop}.value.status}) scored {$.steps.${loop}.value.score}`,
});

function runDoc(): WorkflowInput {
  return {
    name: 'bench',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: { $jsonpath: '$.trigger.items' } },
        steps: [
          { id: 'map-1', connector: 'bench', operation: 'echo', input: mappingInput('loop-1') },
        ],
      },
      {
        id: 'pick-1',
        connector: 'bench',
        operation: 'echo',
        input: {
          paying: { $jsonpath: "$.trigger.items[?(@.status == 'paying')].id" },
          top: { $jsonpath: '$.trigger.items[?(@.score >= 99 || @.score < 1)].name' },
        },
      },
    ],
  };
}

/** STEPS steps, each with the paths above, in a loop so every path is in scope. */
function validateDoc(): WorkflowInput {
  return {
    name: 'bench',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: { $jsonpath: '$.trigger.items' } },
        steps: Array.from({ length: STEPS }, (_, i) => ({
          id: `map-${i}`,
          connector: 'bench',
          operation: 'echo',
          input: {
            ...mappingInput('loop-1'),
            prev: { $jsonpath: i === 0 ? '$.trigger.first' : `$.steps.map-${i - 1}.id` },
          },
        })),
      },
    ],
  };
}

interface CaseResult {
  /** CPU time (user + system) of the work: steadier than wall time on a shared machine. */
  ms: number;
  wallMs?: number;
  /** Second and later: paths parsed once are cached. */
  warmMs?: number;
  count: number;
}

async function runCase(): Promise<CaseResult> {
  const parsed = parseWorkflow(runDoc());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const items = Array.from({ length: ITEMS }, (_, i) => account(i));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runWorkflow({
    workflow: parsed.workflow,
    runId: 'run_bench',
    trigger: { items },
    catalog: benchCatalog(),
    onRecord: () => undefined,
  });
  const wallMs = performance.now() - started;
  const ms = cpuMs(cpu);
  if (result.status !== 'succeeded') throw new Error(JSON.stringify(result.error));
  return { ms, wallMs, count: ITEMS };
}

async function validateCase(): Promise<CaseResult> {
  const doc = validateDoc();
  const catalog = benchCatalog();
  const recorded = { 'map-0': { id: 1 } };
  const time = () => {
    const cpu = process.cpuUsage();
    const problems = validateWorkflow(doc, catalog, recorded);
    const ms = cpuMs(cpu);
    if (problems.length) throw new Error(JSON.stringify(problems.slice(0, 3)));
    return ms;
  };
  const ms = time();
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) warm.push(time());
  return { ms, warmMs: Math.min(...warm), count: STEPS };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

const cases = { run: runCase, validate: validateCase } as const;
type CaseName = keyof typeof cases;

function inChild(name: CaseName): CaseResult {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`${name} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as CaseResult;
}

function best(name: CaseName): CaseResult {
  const runs = Array.from({ length: 5 }, () => inChild(name));
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

function main(): void {
  const fmt = (n: number, d = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const run = best('run');
  const validate = best('validate');
  console.log(
    `\n## Mapping benchmark (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`,
  );
  console.log('| case | size | CPU time, first (best of 5 processes) | warm | per unit |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| validate: ${STEPS} steps × 10 paths (filters, [*], .., text) | ${STEPS} steps | ${fmt(validate.ms, 1)} ms | ${fmt(validate.warmMs ?? 0, 1)} ms | ${fmt((validate.ms * 1000) / STEPS, 1)} µs/step |`,
  );
  console.log(
    `| run: loop over ${fmt(ITEMS)} accounts, 9 paths each, then 3 filters over the list | ${fmt(ITEMS)} items | ${fmt(run.ms)} ms | | ${fmt((run.ms * 1000) / ITEMS, 1)} µs/item |`,
  );
  console.log(
    `\nMachine load average while measuring: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${cpus().length} cores.`,
  );
}

const caseArg = process.argv.indexOf('--case');
if (caseArg > 0) {
  const result = await cases[process.argv[caseArg + 1] as CaseName]();
  process.stdout.write(JSON.stringify(result));
} else main();
