// The instructions a server executes per run, counted by valgrind's callgrind: a second reading
// of what logs and metrics cost, beside CPU time. CPU time on this kind of machine drifts by a
// third in an hour and differs between two processes of the same server by a few per cent;
// instruction counts do not drift, and with V8 made single-threaded and deterministic
// (--predictable) two servers of the same code agree to about 1 % (less V8's optimizing
// compiler, callgrind-dump.ts). The server runs under valgrind uninstrumented while it warms
// up, then counts a batch of runs. What it cannot see: cache misses (the same instructions can
// take longer), and time runs some 23 times slower under callgrind, so work done on a timer
// (the event-loop sampling of the process metrics) happens more often per run than it does
// natively: an upper bound for those parts. The log's batches are stretched to match (below).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dumpCosts, type DumpCosts } from './callgrind-dump.js';
import { join } from 'node:path';
import { load, setUpWorkflow, startChild } from './server-child.js';

/**
 * Under callgrind a server answers about 23 times fewer runs a second (33 against 750 at one
 * client, both with --predictable, measured here), so a batch of log lines that holds some
 * 40 runs natively (50 ms) would hold one or two, and the cost of writing a batch (a timer,
 * a system call's wrapper) would count once a run instead of once per 40. The batch interval
 * is stretched by the same factor, so that a batch holds as many runs as it does natively.
 */
const STRETCHED = { BENCH_LOG_BATCH_MS: String(50 * 23) };

/** valgrind and callgrind_control on this machine. */
export function hasCallgrind(): boolean {
  try {
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return existsSync('/usr/bin/valgrind');
  } catch {
    return false;
  }
}

/** What a dump file holds, once callgrind has written it. */
async function dumped(folder: string): Promise<DumpCosts> {
  for (let i = 0; i < 600; i++) {
    for (const name of readdirSync(folder).filter((n) => n.startsWith('callgrind.out.'))) {
      const path = join(folder, name);
      if (/^(?:summary|totals): \d+/m.test(readFileSync(path, 'utf8'))) return dumpCosts(path);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`callgrind wrote no dump in ${folder}`);
}

/**
 * Instructions per run of a fresh server (`mode`, with `env`) in `folder`, in all and in V8's
 * optimizing compiler: warmed with `warmRuns` (8 clients), then `runs` counted at `clients`.
 */
export async function instructionsPerRun(
  folder: string,
  mode: string,
  env: NodeJS.ProcessEnv,
  options: { warmRuns: number; runs: number; clients: number },
): Promise<DumpCosts> {
  const { child, port } = await startChild([mode, folder], { ...env, ...STRETCHED }, undefined, {
    wrap: [
      'valgrind',
      '--quiet',
      '--tool=callgrind',
      '--instr-atstart=no',
      // V8 writes the code it compiles: valgrind must look for code changes everywhere.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(folder, 'callgrind.out')}`,
    ],
    nodeFlags: ['--predictable'],
  });
  try {
    const { token, path } = await setUpWorkflow(port);
    await load(port, path, token, 8, options.warmRuns);
    const control = (...args: string[]) =>
      execFileSync('callgrind_control', [...args, String(child.pid)], { stdio: 'ignore' });
    // Instrumenting starts when valgrind next reads its commands: a few runs, then from zero.
    control('--instr=on');
    await load(port, path, token, options.clients, 20);
    control('--zero');
    await load(port, path, token, options.clients, options.runs);
    control('--dump');
    const costs = await dumped(folder);
    return { all: costs.all / options.runs, compiling: costs.compiling / options.runs };
  } finally {
    child.kill('SIGKILL');
  }
}
