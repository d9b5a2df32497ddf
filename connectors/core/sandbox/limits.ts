// The sandbox's two settings (docs/server.md "Connector settings"), declared by the connectors
// that run code in it: script, and text for its regular expressions.
import { StepError } from '../../../engine/errors/step-error.js';
import type { ConnectorEnv, EnvSetting } from '../../sdk/types.js';

/**
 * A whole number from 1 to `max`, checked at start (connectors/index.ts, envFromProcess) and
 * again where it is read. The bounds are real ones: a timer longer than about 24.8 days fires
 * at once (Node), and the sandbox (WebAssembly, 32-bit) cannot hold more than 4 GiB.
 */
const wholeUpTo = (max: number) => (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 && n <= max
    ? undefined
    : `must be a whole number from 1 to ${max}`;
};
/** One hour. */
const MAX_TIME_LIMIT_MS = 3_600_000;
const MAX_MEMORY_MB = 4096;
const timeLimit = wholeUpTo(MAX_TIME_LIMIT_MS);
const memoryLimit = wholeUpTo(MAX_MEMORY_MB);

export const SANDBOX_SETTINGS: EnvSetting[] = [
  {
    name: 'STEPWISE_SCRIPT_TIME_LIMIT_MS',
    default: '1000',
    description:
      "the longest a script step (or a text step's regular expression) may run per call, in milliseconds (at most 3600000)",
    check: timeLimit,
  },
  {
    name: 'STEPWISE_SCRIPT_MEMORY_MB',
    default: '64',
    description:
      'the memory a script step may use, in MiB (its sandbox as a whole is capped 32 MiB above; at most 4096)',
    check: memoryLimit,
  },
];

function setting(
  env: ConnectorEnv,
  name: Uppercase<string>,
  fallback: number,
  check: (text: string) => string | undefined,
): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const problem = check(text);
  if (problem)
    throw new StepError(
      'INTERNAL',
      `The setting ${name} ${problem}, not "${text}"; fix it and restart Stepwise`,
    );
  return Number(text);
}

export function sandboxLimits(env: ConnectorEnv): { timeLimitMs: number; memoryMb: number } {
  return {
    timeLimitMs: setting(env, 'STEPWISE_SCRIPT_TIME_LIMIT_MS', 1000, timeLimit),
    memoryMb: setting(env, 'STEPWISE_SCRIPT_MEMORY_MB', 64, memoryLimit),
  };
}
