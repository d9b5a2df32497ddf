// The sandbox's two settings (docs/server.md "Connector settings"), declared by the connectors
// that run code in it: script, and text for its regular expressions.
import { StepError } from '../../../engine/errors/step-error.js';
import type { ConnectorEnv, EnvSetting } from '../../sdk/types.js';

export const SANDBOX_SETTINGS: EnvSetting[] = [
  {
    name: 'STEPWISE_SCRIPT_TIME_LIMIT_MS',
    default: '1000',
    description:
      "the longest a script step (or a text step's regular expression) may run per call, in milliseconds",
  },
  {
    name: 'STEPWISE_SCRIPT_MEMORY_MB',
    default: '64',
    description:
      'the memory a script step may use, in MiB (its sandbox as a whole is capped 32 MiB above)',
  },
];

function positive(env: ConnectorEnv, name: Uppercase<string>, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new StepError(
      'INTERNAL',
      `The setting ${name} must be a whole number above 0, not "${text}"; fix it and restart Stepwise`,
    );
  return n;
}

export function sandboxLimits(env: ConnectorEnv): { timeLimitMs: number; memoryMb: number } {
  return {
    timeLimitMs: positive(env, 'STEPWISE_SCRIPT_TIME_LIMIT_MS', 1000),
    memoryMb: positive(env, 'STEPWISE_SCRIPT_MEMORY_MB', 64),
  };
}
