// The boolean step's operators (WORKFLOW-FORMAT.md). Comparisons are forgiving the way a
// non-developer expects: "42" equals 42, and "10" is greater than "9".
import { StepError } from '../errors/step-error.js';
import type { ConditionOperator } from '../model/workflow.schema.js';
import { describeValue } from '../mapping/evaluate-path.js';

export function evaluateCondition(
  op: ConditionOperator,
  left: unknown,
  right: unknown,
  where: { stepId: string; field: string },
): boolean {
  switch (op) {
    case 'equals':
      return looseEquals(left, right);
    case 'not_equals':
      return !looseEquals(left, right);
    case 'greater_than':
      return compare(left, right, op, where) > 0;
    case 'less_than':
      return compare(left, right, op, where) < 0;
    case 'contains':
      return contains(left, right, op, where);
    case 'not_contains':
      return !contains(left, right, op, where);
    case 'starts_with':
      return text(left, op, where, 'left').startsWith(text(right, op, where, 'right'));
    case 'is_empty':
      return isEmpty(left);
    case 'is_not_empty':
      return !isEmpty(left);
    case 'is_true':
      return left === true || left === 'true';
    case 'is_false':
      return left === false || left === 'false';
  }
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    (typeof a === 'number' || typeof b === 'number') &&
    asNumber(a) !== null &&
    asNumber(a) === asNumber(b)
  )
    return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null)
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function compare(
  a: unknown,
  b: unknown,
  op: string,
  where: { stepId: string; field: string },
): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null) return x - y;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new StepError(
    'INPUT_INVALID',
    `Step "${where.stepId}", ${where.field}: "${op}" compares two numbers or two texts, but got ${describeValue(a)} and ${describeValue(b)}`,
    {
      details: { stepId: where.stepId, field: where.field },
    },
  );
}

function contains(
  container: unknown,
  item: unknown,
  op: string,
  where: { stepId: string; field: string },
): boolean {
  if (Array.isArray(container)) return container.some((x) => looseEquals(x, item));
  if (typeof container === 'string') return container.includes(text(item, op, where, 'right'));
  if (container === null || container === undefined) return false;
  if (typeof container === 'object')
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  return String(container).includes(text(item, op, where, 'right'));
}

function text(
  value: unknown,
  op: string,
  where: { stepId: string; field: string },
  side: string,
): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  throw new StepError(
    'INPUT_INVALID',
    `Step "${where.stepId}", ${where.field}.${side}: "${op}" works on text, but got ${describeValue(value)}`,
    {
      details: { stepId: where.stepId, field: `${where.field}.${side}` },
    },
  );
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
