// The one error a core operation throws for a bad input: INPUT_INVALID naming the field (the
// engine puts the step's id in front), never a silent null.
import { StepError } from '../../../engine/errors/step-error.js';

export function invalid(field: string, message: string, details: Record<string, unknown> = {}) {
  return new StepError('INPUT_INVALID', `input "${field}": ${message}`, {
    details: { field, ...details },
  });
}

/** How a value reads in a message: `text "abc"`, `a list`, `null`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string')
    return `text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return 'an object';
}
