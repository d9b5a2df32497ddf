import { z } from 'zod';
import { StepError } from '../../../../engine/errors/step-error.js';
import { defineOperation } from '../../../sdk/types.js';
import { runInSandbox } from '../../sandbox/cache.js';
import { sandboxLimits } from '../../sandbox/limits.js';
import type { Failure } from '../../sandbox/sandbox.js';
import { SCRIPT_LINE_OFFSET, scriptSource, syntaxProblem } from '../../sandbox/syntax.js';

const at = (f: { line?: number; column?: number }) =>
  f.line === undefined
    ? ''
    : ` at line ${f.line}${f.column === undefined ? '' : `, column ${f.column}`}`;

/**
 * The place QuickJS gives, if it is in the author's code. A parse error past the end (the
 * wrapper's closing line) is the end of the code; a place that is not in it (QuickJS reports
 * a tight loop's interruption at the function's start) is left out rather than misleading.
 */
function placeIn(code: string, failure: Failure, compile: boolean): Failure {
  if (failure.line === undefined) return failure;
  const lines = code.split('\n');
  const { line, column = 1 } = failure;
  if (line > lines.length && compile)
    return { ...failure, line: lines.length, column: lines[lines.length - 1].length + 1 };
  if (line > lines.length || column > lines[line - 1].length + 1)
    return { ...failure, line: undefined, column: undefined };
  return failure;
}

function scriptError(
  failure: Failure,
  logs: string[],
  limits: { ms: number; mb: number },
  compile: boolean,
): StepError {
  const details = {
    field: 'code',
    ...(failure.line === undefined ? {} : { line: failure.line, column: failure.column }),
    logs,
  };
  switch (failure.kind) {
    case 'timeout':
      return new StepError(
        'SCRIPT_TIMEOUT',
        `the script ran longer than its time limit of ${limits.ms} ms and was stopped${at(failure)}. Look for a loop that never ends.`,
        { details: { ...details, timeLimitMs: limits.ms } },
      );
    case 'memory':
      return new StepError(
        'SCRIPT_MEMORY',
        `the script used more than its memory limit of ${limits.mb} MiB and was stopped${at(failure)} (its input counts too).`,
        { details: { ...details, memoryLimitMb: limits.mb } },
      );
    case 'not-json':
      return new StepError('SCRIPT_ERROR', `the script's result is not JSON: ${failure.message}.`, {
        details,
      });
    case 'host':
      // The wasm failed on the host side: V8's stack (deep native recursion) or a trap near the
      // memory cap. The module is dropped either way (sandbox/cache.ts).
      return /call stack/i.test(failure.message)
        ? new StepError(
            'SCRIPT_ERROR',
            'the script went too deep (too many nested calls) and was stopped. Use a loop instead of recursion.',
            { details },
          )
        : new StepError(
            'SCRIPT_MEMORY',
            `the script's sandbox failed (${failure.message}), most likely out of memory; it was restarted.`,
            { details: { ...details, memoryLimitMb: limits.mb } },
          );
    case 'error':
      return new StepError(
        'SCRIPT_ERROR',
        compile
          ? `the script does not parse${at(failure)}: ${failure.message}`
          : `the script threw ${failure.name || 'an error'}${at(failure)}: ${failure.message}`,
        { details },
      );
  }
}

export const runOperation = defineOperation({
  id: 'run',
  sideEffects: false,
  title: 'Run script',
  description:
    'Run a few lines of JavaScript on a value and return a new one: the code receives `input` and ends with `return …`. It runs in a sandbox with no network, files or secrets, and a time and memory limit.',
  input: z.object({
    code: z.string().min(1, 'Write the code to run').meta({
      title: 'Code',
      description:
        "The body of a function that receives `input` and returns a JSON value, e.g. `return input.amount * 1.2;`. console.log lines are kept in the output's logs.",
      format: 'javascript',
    }),
    input: z.unknown().optional().meta({
      title: 'Input',
      description: 'The value the code receives as `input` (map it from earlier steps).',
    }),
  }),
  output: z.object({
    result: z.unknown().meta({ description: 'What the code returned.' }),
    logs: z
      .array(z.string())
      .meta({ description: 'The console.log lines of this call (at most 100).' }),
  }),
  check(literal) {
    if (typeof literal.code !== 'string' || literal.code === '') return [];
    const found = syntaxProblem(literal.code);
    if (!found) return [];
    const problem = placeIn(literal.code, { kind: 'error', name: 'SyntaxError', ...found }, true);
    return [
      { field: 'code', message: `The code does not parse${at(problem)}: ${problem.message}` },
    ];
  },
  async execute({ input, env, workflowId, runId, stepId }) {
    const limits = {
      ms: sandboxLimits(env).timeLimitMs,
      mb: sandboxLimits(env).memoryMb,
    };
    const inputJson = JSON.stringify(input.input ?? null);
    const outcome = await runInSandbox(
      `step\u0000${workflowId ?? runId}\u0000${stepId}`,
      input.code,
      scriptSource,
      SCRIPT_LINE_OFFSET,
      inputJson,
      { timeLimitMs: limits.ms, memoryBytes: limits.mb * 1024 * 1024 },
    );
    const logs =
      outcome.ok || !('compile' in outcome) ? withDropped(outcome.logs, outcome.logsDropped) : [];
    if (!outcome.ok) {
      const compile = 'compile' in outcome;
      throw scriptError(placeIn(input.code, outcome.failure, compile), logs, limits, compile);
    }
    return { result: outcome.result, logs };
  },
});

function withDropped(logs: string[], dropped: number): string[] {
  return dropped > 0
    ? [...logs, `… ${dropped} more line${dropped === 1 ? '' : 's'} not kept`]
    : logs;
}
