// npm run bench:helpers — the core connectors in a 100,000-item loop (mapper map_object + text
// change_case + list sum on small values) beside a loop whose body is one boolean step, and the
// script step's cost per call, cold (a new sandbox) and warm (the step's sandbox reused),
// beside the same function in plain JS.
import { cpus, loadavg } from 'node:os';
import { createCatalog, sandboxCache } from '../connectors/index.js';
import { parseWorkflow, runWorkflow, type WorkflowInput } from '../engine/index.js';

const ITEMS = 100_000;
const catalog = createCatalog({ filesDir: '/nonexistent' });

const items = () =>
  Array.from({ length: ITEMS }, (_, i) => ({
    id: i,
    name: `account number ${i}`,
    tier: ['gold', 'silver', 'bronze'][i % 3],
    owner: { email: `owner${i}@example.com` },
    amounts: [i % 7, i % 11, 3],
  }));

async function loop(body: unknown[], trigger: unknown): Promise<{ ms: number; records: number }> {
  const doc: WorkflowInput = {
    name: 'bench',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: { $jsonpath: '$.trigger.items' } },
        steps: body as WorkflowInput['steps'],
      },
    ],
  };
  const parsed = parseWorkflow(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  let records = 0;
  const started = performance.now();
  const result = await runWorkflow({
    workflow: parsed.workflow,
    runId: 'run_bench',
    trigger,
    catalog,
    onRecord: () => {
      records++;
    },
  });
  const ms = performance.now() - started;
  if (result.status !== 'succeeded') throw new Error(JSON.stringify(result.error));
  return { ms, records };
}

const booleanBody = [
  {
    id: 'bool-1',
    type: 'boolean',
    input: {
      conditions: [
        { left: { $jsonpath: '$.steps.loop-1.value.tier' }, op: 'equals', right: 'gold' },
      ],
    },
    true: [],
    false: [],
  },
];

const helpersBody = [
  {
    id: 'map-1',
    connector: 'mapper',
    operation: 'map_object',
    input: {
      data: { $jsonpath: '$.steps.loop-1.value' },
      mappings: [
        { from: 'id', to: 'account_id' },
        { from: 'owner.email', to: 'owner_email' },
        { from: 'region', to: 'region', default: 'EMEA' },
      ],
    },
  },
  {
    id: 'case-1',
    connector: 'text',
    operation: 'change_case',
    input: { text: { $jsonpath: '$.steps.loop-1.value.name' }, to: 'title' },
  },
  {
    id: 'sum-1',
    connector: 'list',
    operation: 'sum',
    input: { list: { $jsonpath: '$.steps.loop-1.value.amounts' } },
  },
];

const CODE =
  'return { total: input.amounts.reduce((a, b) => a + b, 0), tier: input.tier.toUpperCase() };';
const SCRIPT_CALLS = 10_000;
const COLD_CALLS = 30;

async function scriptCalls(): Promise<{
  warmUs: number;
  coldUs: number;
  plainUs: number;
  loopUs: number;
}> {
  const op = catalog.get('script', 'run');
  if (!op) throw new Error('no script connector');
  const list = items().slice(0, SCRIPT_CALLS);
  const call = (input: unknown, stepId = 'script-1') =>
    op.execute({
      input: { code: CODE, input },
      auth: undefined,
      signal: new AbortController().signal,
      runId: 'run_bench',
      workflowId: 'wf_bench',
      stepId,
      idempotencyKey: 'k',
      log: () => {},
      state: { get: async () => undefined, set: async () => {} },
    });
  // Cold: no warm sandbox for the step (as after a restart, or a changed code).
  let started = performance.now();
  for (let i = 0; i < COLD_CALLS; i++) {
    sandboxCache.clear();
    await call(list[i]);
  }
  const coldUs = ((performance.now() - started) * 1000) / COLD_CALLS;
  // Warm: the step's sandbox made once, reused by every call.
  await call(list[0]);
  started = performance.now();
  for (const item of list) await call(item);
  const warmUs = ((performance.now() - started) * 1000) / list.length;
  // The same function in plain JS, with the same JSON in and out (the sandbox's only traffic).
  const fn = new Function('input', CODE) as (input: unknown) => unknown;
  started = performance.now();
  for (const item of list) JSON.parse(JSON.stringify(fn(JSON.parse(JSON.stringify(item)))));
  const plainUs = ((performance.now() - started) * 1000) / list.length;
  // And as a step in a loop (records, mapping and all).
  const { ms } = await loop(
    [
      {
        id: 'script-1',
        connector: 'script',
        operation: 'run',
        input: { code: CODE, input: { $jsonpath: '$.steps.loop-1.value' } },
      },
    ],
    { items: list },
  );
  return { warmUs, coldUs, plainUs, loopUs: (ms * 1000) / list.length };
}

async function main(): Promise<void> {
  const fmt = (n: number, d = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const bool = await loop(booleanBody, { items: items() });
  const helpers = await loop(helpersBody, { items: items() });
  const script = await scriptCalls();
  console.log(
    `\n## Helpers benchmark (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`,
  );
  console.log('| 100,000-item loop, body | time | µs per item | records |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| one boolean step | ${fmt(bool.ms)} ms | ${fmt((bool.ms * 1000) / ITEMS, 2)} | ${fmt(bool.records)} |`,
  );
  console.log(
    `| mapper map_object + text change_case + list sum | ${fmt(helpers.ms)} ms | ${fmt((helpers.ms * 1000) / ITEMS, 2)} | ${fmt(helpers.records)} |`,
  );
  console.log('\n| script step (`input.amounts` summed, `input.tier` upper-cased) | µs per call |');
  console.log('|---|---:|');
  console.log(
    `| cold: a new sandbox (QuickJS runtime + context + compile), ${COLD_CALLS} calls | ${fmt(script.coldUs)} |`,
  );
  console.log(
    `| warm: the step's sandbox reused, ${fmt(SCRIPT_CALLS)} calls (aim < 100) | ${fmt(script.warmUs, 1)} |`,
  );
  console.log(
    `| warm, as a step of a ${fmt(SCRIPT_CALLS)}-item loop (records included) | ${fmt(script.loopUs, 1)} |`,
  );
  console.log(`| the same function in plain JS, JSON in and out | ${fmt(script.plainUs, 2)} |`);
  console.log(
    `\nMachine load average while measuring: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${cpus().length} cores (numbers above scale with it).`,
  );
}

await main();
