// `npm run bench:observability`: what logs and metrics cost a run. The same server with both
// off (level silent, no metrics) and on as `npm start` has them (level info: a JSON line per
// request and two per run, into a file; metrics counted; /metrics scraped every second), two
// processes side by side on one CPU, the load going to one, then the other, in short batches;
// each server's CPU time per run is summed over its batches. Every round starts a fresh pair
// and swaps their places: two processes of the same server differ by a few per cent (where the
// JIT and the heap happen to put things), more than what is measured, so only many pairs tell.
// Then the same with both off in each pair: what the method reads where there is no
// difference. And the work logs and metrics add to one run, measured alone in this process.
// Knobs: BENCH_ROUNDS (8), BENCH_BATCHES (6), BENCH_BATCH_RUNS (250), BENCH_CLIENTS (1,8);
// BENCH_ONLY=logs or =metrics compares that part alone; BENCH_SCRAPE=0 leaves /metrics unread;
// BENCH_WARMUP (5000) runs before measuring; BENCH_INSTRUCTIONS (4) pairs per row counted under
// valgrind (callgrind-child.ts), 0 for none, BENCH_COUNTED_RUNS (1000) runs counted in each, at
// BENCH_COUNTED_CLIENTS (1) clients; BENCH_LOG_SECRETS (256, a full list) secrets each server
// scrubs its lines of (server-child.ts).
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../test/helpers/temp-dir.js';
import { hasCallgrind, instructionsPerRun } from './callgrind-child.js';
import { load, setUpWorkflow, startChild } from './server-child.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 6);
const BATCH_RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 250);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map(Number);
/**
 * Runs each server answers before it is measured. A server is not warm after a few hundred
 * runs: V8 goes on compiling the code a run takes until some 3,000-4,000 runs (CPU per run
 * falls from about 1,650 µs to 800), and a server with logs and metrics on has more code to
 * compile; measured from 500 runs on, that compiling read as a cost of 10 % per run.
 */
const WARM_RUNS = Number(process.env.BENCH_WARMUP ?? 5000);
/** Pairs of servers counted under callgrind per row and client count; 0: no instruction counts. */
const COUNTED_PAIRS = Number(process.env.BENCH_INSTRUCTIONS ?? 4);
/** Client counts of the instruction table (each pair takes minutes under valgrind). */
const COUNTED_CLIENTS = (process.env.BENCH_COUNTED_CLIENTS ?? '1').split(',').map(Number);
/** Runs counted in each of them (a longer count evens out when the young-generation GC falls). */
const COUNTED_RUNS = Number(process.env.BENCH_COUNTED_RUNS ?? 1000);

type Mode = '--serve-quiet' | '--serve-observed';

/**
 * One pair of fresh servers on one CPU (the last), loaded in turns; answers each one's CPU µs
 * per run at each client count. The observed one, if any, is scraped every second (Prometheus
 * scrapes every 15 s by default).
 */
async function pair(
  dataDir: string,
  modes: [Mode, Mode],
  env: NodeJS.ProcessEnv,
): Promise<{ clients: number; cpu: [number, number] }[]> {
  const servers = await Promise.all(
    modes.map(async (mode, i) => {
      const folder = join(dataDir, `pair-${i}-${mode.slice(8)}-${Date.now()}`);
      mkdirSync(folder);
      // Both on the same CPU: two servers on different CPUs meet different neighbours (the
      // clients, the machine's other work), and that alone made identical servers differ by 8 %.
      const started = await startChild([mode, folder], env, cpus().length - 1);
      const workflow = await setUpWorkflow(started.port);
      await load(started.port, workflow.path, workflow.token, 8, WARM_RUNS);
      return { i, ...started, ...workflow };
    }),
  );
  const observed = modes.indexOf('--serve-observed');
  const scraper =
    observed >= 0 && process.env.BENCH_SCRAPE !== '0'
      ? setInterval(() => {
          fetch(`http://127.0.0.1:${servers[observed].port}/metrics`)
            .then((res) => res.text())
            .catch(() => undefined);
        }, 1000)
      : undefined;
  try {
    const out: { clients: number; cpu: [number, number] }[] = [];
    for (const clients of CLIENTS) {
      const sum = servers.map(() => ({ cpu: 0, runs: 0 }));
      for (let batch = 0; batch < BATCHES; batch++)
        for (const server of batch % 2 ? [...servers].reverse() : servers) {
          const r = await load(
            server.port,
            server.path,
            server.token,
            clients,
            BATCH_RUNS,
            server.child.pid,
          );
          sum[server.i].cpu += (r.cpuUsPerRun ?? Number.NaN) * BATCH_RUNS;
          sum[server.i].runs += BATCH_RUNS;
        }
      out.push({ clients, cpu: [sum[0].cpu / sum[0].runs, sum[1].cpu / sum[1].runs] });
    }
    return out;
  } finally {
    clearInterval(scraper);
    for (const server of servers) server.child.kill('SIGKILL');
  }
}

interface Compared {
  clients: number;
  /** CPU µs per run, mean over the rounds. */
  off: number;
  on: number;
  /** (on − off) / off of each round, in per cent. */
  costs: number[];
}

/** ROUNDS pairs of `a` (read as off) and `b` (read as on), their places swapped every round. */
async function compare(dataDir: string, a: Mode, b: Mode, env: NodeJS.ProcessEnv = {}) {
  const rows: Compared[] = CLIENTS.map((clients) => ({ clients, off: 0, on: 0, costs: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    const swap = round % 2 === 1;
    const result = await pair(dataDir, swap ? [b, a] : [a, b], env);
    result.forEach((r, i) => {
      const [off, on] = swap ? [r.cpu[1], r.cpu[0]] : r.cpu;
      rows[i].off += off / ROUNDS;
      rows[i].on += on / ROUNDS;
      rows[i].costs.push(((on - off) / off) * 100);
    });
  }
  return rows;
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Mean ± standard error, and the median, of a round's costs. */
function spread(costs: number[]): { mean: string; median: string } {
  const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
  const sd = Math.sqrt(
    costs.reduce((a, c) => a + (c - mean) ** 2, 0) / Math.max(1, costs.length - 1),
  );
  const sorted = [...costs].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    mean: `${f(mean, 1)} % ± ${f(sd / Math.sqrt(costs.length), 1)}`,
    median: `${f(median, 1)} %`,
  };
}

/**
 * CPU µs per run of what logs and metrics do for one run, alone: the run's status events
 * (queued, running, succeeded) and three step records through the listeners, three connector
 * operations through the metered catalog, a request line. Without them: the same events and
 * operations with nobody listening.
 */
async function observabilityWork(): Promise<{ off: number; on: number }> {
  const { createRunEvents } = await import('../server/services/run-events.js');
  const { toRunJson } = await import('../server/services/run-json.js');
  const { createLogger } = await import('../server/log/logger.js');
  const { lineFile } = await import('../server/log/line-file.js');
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
        destination: lineFile(join(dir.path, `work-${on}.log`)),
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

/**
 * Instructions per run (callgrind-child.ts): pairs of fresh servers counted side by side, logs
 * and metrics off and on, and off and off (what the method reads where there is nothing to
 * find). Each pair's cost in all instructions, and without V8's optimizing compiler
 * (callgrind-dump.ts), whose share swings between two servers of the same code.
 */
async function instructionTable(dataDir: string): Promise<void> {
  console.log(
    `\nInstructions per run (valgrind's callgrind, node --predictable; ${COUNTED_PAIRS} pairs per row, each server warmed with ${f(WARM_RUNS)} runs, then ${f(COUNTED_RUNS)} runs counted; "without compiling": less the instructions of V8's optimizing compiler):\n`,
  );
  console.log(
    '| compared | clients | off instructions/run | on instructions/run | cost | cost without compiling: mean ± standard error | median | pairs, without compiling |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  const rows: [string, Mode][] = [
    ['logs and metrics', '--serve-observed'],
    ['neither (off vs off: the noise)', '--serve-quiet'],
  ];
  for (const [name, mode] of rows)
    for (const clients of COUNTED_CLIENTS) {
      const all: number[] = [];
      const without: number[] = [];
      let off = 0;
      let on = 0;
      for (let pair = 0; pair < COUNTED_PAIRS; pair++) {
        const [a, b] = await Promise.all(
          (['--serve-quiet', mode] as const).map((m, i) => {
            const folder = join(dataDir, `counted-${name.slice(0, 4)}-${clients}-${pair}-${i}`);
            mkdirSync(folder);
            return instructionsPerRun(
              folder,
              m,
              {},
              { warmRuns: WARM_RUNS, runs: COUNTED_RUNS, clients },
            );
          }),
        );
        off += a.all / COUNTED_PAIRS;
        on += b.all / COUNTED_PAIRS;
        all.push(((b.all - a.all) / a.all) * 100);
        const rest = (c: typeof a) => c.all - c.compiling;
        without.push(((rest(b) - rest(a)) / rest(a)) * 100);
      }
      const mean = (list: number[]) => list.reduce((x, y) => x + y, 0) / list.length;
      console.log(
        `| ${name} | ${clients} | ${f(off)} | ${f(on)} | ${f(mean(all), 1)} % | ${spread(without).mean} | ${spread(without).median} | ${without.map((c) => f(c, 1)).join(', ')} |`,
      );
    }
}

async function main(): Promise<void> {
  const dir = tempDir('stepwise-bench-observability-');
  try {
    console.log(
      `Logs and metrics, off and on: Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )}; ${ROUNDS} rounds, each a fresh pair of servers on one CPU with their places swapped, warmed with ${f(WARM_RUNS)} runs each, then ${BATCHES} batches of ${BATCH_RUNS} runs to each in turns per client count; CPU time from /proc (schedstat).\n`,
    );
    const only = process.env.BENCH_ONLY;
    const parts: [string, NodeJS.ProcessEnv, Mode][] = only
      ? [[only, { BENCH_OBSERVED: only }, '--serve-observed']]
      : [
          ['logs and metrics', {}, '--serve-observed'],
          ['logs only', { BENCH_OBSERVED: 'logs' }, '--serve-observed'],
          ['metrics only', { BENCH_OBSERVED: 'metrics' }, '--serve-observed'],
          ['neither (off vs off: the noise)', {}, '--serve-quiet'],
        ];
    if (ROUNDS > 0) {
      console.log(
        '| on | clients | off CPU µs/run | on CPU µs/run | cost: mean ± standard error | cost: median | rounds |',
      );
      console.log('|---|---:|---:|---:|---:|---:|---|');
    }
    for (const [name, env, mode] of ROUNDS > 0 ? parts : []) {
      const rows = await compare(dir.path, '--serve-quiet', mode, env);
      for (const row of rows) {
        const s = spread(row.costs);
        console.log(
          `| ${name} | ${row.clients} | ${f(row.off)} | ${f(row.on)} | ${s.mean} | ${s.median} | ${row.costs.map((c) => f(c, 1)).join(', ')} |`,
        );
      }
    }
    if (COUNTED_PAIRS > 0 && hasCallgrind()) await instructionTable(dir.path);
    else if (COUNTED_PAIRS > 0) console.log('\n(No valgrind here: no instruction counts.)');
    const work = await observabilityWork();
    console.log(
      `\nThe work they add to one run, measured alone (its events through the log and metric listeners, a request line, three metered steps): ${f(work.on - work.off, 1)} µs (${f(work.off, 1)} µs without them, ${f(work.on, 1)} µs with).`,
    );
    console.log('Aim: logs and metrics cost under 5 % of a run.');
  } finally {
    dir.remove();
  }
}

await main();
