// Each step's values are compiled once per workflow object, not once per iteration.
import { compileValue, type Compiled } from '../mapping/compile-value.js';

const cache = new WeakMap<object, Map<string, Compiled>>();

/** The compiled form of `spec`, owned by `step` and named `field` in messages. */
export function compiledFor(step: { id: string }, field: string, spec: unknown): Compiled {
  let byField = cache.get(step);
  if (!byField) {
    byField = new Map();
    cache.set(step, byField);
  }
  let compiled = byField.get(field);
  if (!compiled) {
    compiled = compileValue(spec, { stepId: step.id, field: field === '' ? '' : field });
    byField.set(field, compiled);
  }
  return compiled;
}
