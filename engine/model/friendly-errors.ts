// Plain-words messages for zod issues ("Required", "Expected text, got a number") instead of
// zod's "Invalid input: expected string, received undefined". Used as a per-parse error map;
// a message written on the schema itself still wins. No Node-only imports: the editor bundles it.
import type { z } from 'zod';

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
  bigint: 'a number',
  date: 'a date',
};

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'an object';
}

type Issue = z.core.$ZodRawIssue;

/** A message for one issue, or undefined to keep zod's. Pass as `schema.safeParse(value, { error: friendlyError })`. */
export function friendlyError(issue: Issue): string | undefined {
  const raw = issue as Issue & Record<string, unknown>;
  switch (raw.code) {
    case 'invalid_type': {
      if (raw.input === undefined) return 'Required';
      const expected = typeWords[String(raw.expected)] ?? String(raw.expected);
      return `Expected ${expected}, got ${kindOf(raw.input)}`;
    }
    case 'invalid_value': {
      const values = (raw.values as unknown[] | undefined) ?? [];
      if (values.length === 1) return `Must be ${JSON.stringify(values[0])}`;
      return `Must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'unrecognized_keys': {
      const keys = (raw.keys as string[] | undefined) ?? [];
      return `Unknown field${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}`;
    }
    case 'too_small': {
      const min = raw.minimum as number;
      if (raw.origin === 'string')
        return min === 1 ? 'Cannot be empty' : `Must have at least ${min} characters`;
      if (raw.origin === 'array') return `Must have at least ${min} item${min === 1 ? '' : 's'}`;
      return `Must be at least ${min}`;
    }
    case 'too_big': {
      const max = raw.maximum as number;
      if (raw.origin === 'string') return `Must have at most ${max} characters`;
      if (raw.origin === 'array') return `Must have at most ${max} items`;
      return `Must be at most ${max}`;
    }
    case 'invalid_format':
      return raw.format === 'url'
        ? 'Must be a full URL such as https://example.com/hook'
        : `Must be a valid ${String(raw.format)}`;
    case 'invalid_union':
      return 'Does not match any of the allowed shapes';
    default:
      return undefined;
  }
}
