// What a callgrind dump says a process executed: all instructions, and those of V8's
// optimizing compiler (everything done inside Runtime_CompileOptimized and its OSR kin,
// inclusive). Under `node --predictable` that compiler runs on the main thread, when V8 decides
// to (re)optimize a function; natively it runs on a helper thread. Between two servers of the
// same code its share of a counted batch swings by several per cent of a run (the router's
// `next` is optimized and deoptimized again and again, a few times per thousand runs, in
// every server), more than what the bench looks for; the bench reports the count with and
// without it.
import { readFileSync } from 'node:fs';

const COMPILING = /^v8::internal::Runtime_Compile(?:Optimized|OptimizedOSR|OSR)\w*\(/;
/** A cost line: a position (a number, or relative: +n, -n, *) and the instruction count. */
const COST = /^[\d+*-]/;

export interface DumpCosts {
  all: number;
  compiling: number;
}

export function dumpCosts(path: string): DumpCosts {
  // Function names are compressed: "(12) name" the first time, "(12)" after.
  const names = new Map<string, string>();
  const nameOf = (value: string) => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(value);
    if (!m) return value;
    if (m[2] !== undefined) names.set(m[1], m[2]);
    return names.get(m[1]) ?? '';
  };
  let all = 0;
  let compiling = 0;
  let inCompiler = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) inCompiler = COMPILING.test(nameOf(line.slice(3)));
    else if (line.startsWith('cfn=')) nameOf(line.slice(4));
    // Inside the compiler's entry points every cost line counts: its own instructions and the
    // inclusive cost of each call it makes (the line after `calls=`).
    else if (inCompiler && COST.test(line)) compiling += Number(line.split(' ')[1] ?? 0);
    else if (/^(?:summary|totals): /.test(line)) all = Number(line.split(' ')[1]);
  }
  return { all, compiling };
}
