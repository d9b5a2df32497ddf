// How much a workflow document may ask of the process that runs it. A document comes from
// anyone who can build, and mappings are evaluated on the server's one thread, so a path's
// size, the work one evaluation may do and a loop's iterations are bounded: past a bound it
// is a clear problem (validate, save) or step error (run), never a stalled server.
// The server and the CLI set these from the environment (docs/server.md); tests may too.

import type { LoopStep } from './model/workflow.schema.js';

export interface EngineLimits {
  /** Longest JSONPath accepted, in characters (STEPWISE_MAPPING_MAX_PATH_LENGTH). */
  maxPathLength: number;
  /**
   * Values one evaluation may look at (STEPWISE_MAPPING_MAX_WORK): each value a `..`, `*`,
   * slice or filter visits counts one, a filter's test counts its size.
   */
  maxWork: number;
  /** The largest maxIterations a forever loop may have (STEPWISE_MAX_ITERATIONS). */
  maxIterations: number;
}

export const DEFAULT_ENGINE_LIMITS: Readonly<EngineLimits> = Object.freeze({
  maxPathLength: 2_000,
  maxWork: 1_000_000,
  maxIterations: 1_000_000,
});

let current: EngineLimits = { ...DEFAULT_ENGINE_LIMITS };

export function engineLimits(): Readonly<EngineLimits> {
  return current;
}

/** Change the limits for this process; returns the previous ones (so a test can put them back). */
export function setEngineLimits(limits: Partial<EngineLimits>): EngineLimits {
  const previous = current;
  const next = { ...current, ...limits };
  for (const [name, value] of Object.entries(next)) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`The engine limit ${name} must be a whole number from 1, not ${value}`);
  }
  current = next;
  return previous;
}

const SETTINGS: Record<keyof EngineLimits, string> = {
  maxPathLength: 'STEPWISE_MAPPING_MAX_PATH_LENGTH',
  maxWork: 'STEPWISE_MAPPING_MAX_WORK',
  maxIterations: 'STEPWISE_MAX_ITERATIONS',
};

/** The limits an environment sets (unset ones keep their defaults). Throws naming a bad setting. */
export function engineLimitsFromEnv(env: Record<string, string | undefined>): EngineLimits {
  const limits: EngineLimits = { ...DEFAULT_ENGINE_LIMITS };
  for (const [key, name] of Object.entries(SETTINGS) as [keyof EngineLimits, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a whole number from 1, not "${text}"`);
    limits[key] = value;
  }
  return limits;
}

/** A forever loop's maxIterations past the limit, in words; null when it is within it. */
export function iterationsProblem(step: LoopStep): string | null {
  const max = engineLimits().maxIterations;
  if (step.maxIterations === undefined || step.maxIterations <= max) return null;
  return `Loop "${step.id}": maxIterations is ${step.maxIterations.toLocaleString('en-US')}, but a loop can run at most ${max.toLocaleString('en-US')} times (the setting STEPWISE_MAX_ITERATIONS); lower it, and end the loop with a break step`;
}
