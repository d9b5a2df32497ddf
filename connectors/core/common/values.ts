// How list operations read and compare item values: a `by` path into each item, numbers that
// may arrive as text ("42", as the boolean step accepts them), and one order for sorting.
import { describe, invalid } from './invalid.js';
import { getPath, parsePath, type Path } from './paths.js';

/** Each item's value at `by` (the item itself without `by`); `found` false where it has none. */
export function valuesAt(list: unknown[], by: string | undefined, field = 'by') {
  const path: Path = by === undefined ? [] : parsePath(by, field);
  return list.map((item) => getPath(item, path));
}

/** A number from a number or a numeric text; anything else is INPUT_INVALID naming the item. */
export function numberAt(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw invalid(field, `expected a number, got ${describe(value)}`);
}

/** Where an item's value is, for messages: `list.3` or `list.3.amount`. */
export function itemField(index: number, by: string | undefined): string {
  return by === undefined ? `list.${index}` : `list.${index}.${by.replace(/^@\.?/, '')}`;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const rank = (v: unknown) =>
  typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3;

/**
 * Ascending order: numbers by value, texts alphabetically with numbers inside them in order
 * ("item 2" before "item 10", ISO dates by time), then true/false, then lists and objects.
 * Missing values and nulls are handled by the caller (always last).
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return (a as number) - (b as number);
  if (ra === 1) return collator.compare(a as string, b as string);
  if (ra === 2) return Number(a) - Number(b);
  return collator.compare(JSON.stringify(a), JSON.stringify(b));
}

/** A text key for equality of any JSON value (unique, group by). */
export function identity(value: unknown): string {
  return typeof value === 'string' ? `s${value}` : `j${JSON.stringify(value ?? null)}`;
}
