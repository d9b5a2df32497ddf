// The sandbox's two settings (docs/server.md "Connector settings"), declared by the connectors
// that run code in it: script, and text for its regular expressions.
import { StepError } from '../../../engine/errors/step-error.js';
import type { ConnectorEnv, EnvSetting } from '../../sdk/types.js';

/** Checked at start (connectors/index.ts, envFromProcess), and again where it is read. */
const wholeAbove0 = (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? undefined : 'must be a whole number above 0';
};

export const SANDBOX_SETTINGS: EnvSetting[] = [
  {
    name: 'STEPWISE_SCRIPT_TIME_LIMIT_MS',
    default: '1000',
    description:
      "the longest a script step (or a text step's regular expression) may run per call, in milliseconds",
    check: wholeAbove0,
  },
  {
    name: 'STEPWISE_SCRIPT_MEMORY_MB',
    default: '64',
    description:
      'the memory a script step may use, in MiB (its sandbox as a whole is capped 32 MiB above)',
    check: wholeAbove0,
  },
];

function positive(env: ConnectorEnv, name: Uppercase<string>, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const problem = wholeAbove0(text);
  if (problem)
    throw new StepError(
      'INTERNAL',
      `The setting ${name} ${problem}, not "${text}"; fix it and restart Stepwise`,
    );
  return Number(text);
}

export function sandboxLimits(env: ConnectorEnv): { timeLimitMs: number; memoryMb: number } {
  return {
    timeLimitMs: positive(env, 'STEPWISE_SCRIPT_TIME_LIMIT_MS', 1000),
    memoryMb: positive(env, 'STEPWISE_SCRIPT_MEMORY_MB', 64),
  };
}
