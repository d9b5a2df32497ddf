// The list filter's and find's conditions: the boolean step's operators, with `left` (and
// `right`) read from each item when written as a path starting with `@` (`@.status`).
import { z } from 'zod';
import {
  conditionOperators,
  evaluateCondition,
  isStepError,
  StepError,
} from '../../../engine/index.js';
import { getPath, parsePath } from './paths.js';

export const conditionsField = z
  .array(
    z.object({
      left: z.unknown().meta({
        title: 'Value',
        description:
          'Usually a field of each item: @.status, @.account.tier (@ is the item itself).',
      }),
      op: z.enum(conditionOperators).meta({ title: 'Operator' }),
      right: z.unknown().optional().meta({
        title: 'Compared with',
        description:
          'A value, a mapping from an earlier step, or another field of the item (@.limit).',
      }),
    }),
  )
  .min(1, 'Add at least one condition')
  .meta({
    title: 'Conditions',
    description: "What an item must satisfy, with the boolean step's operators.",
  });

export const matchField = z.enum(['all', 'any']).default('all').meta({
  title: 'Match',
  description: 'Whether an item must satisfy all conditions or any one of them.',
});

type Condition = z.output<typeof conditionsField>[number];

const isItemPath = (v: unknown): v is string =>
  typeof v === 'string' && (v === '@' || v.startsWith('@.'));

/** A test for one item; the paths are parsed once for the whole list. */
export function compileConditions(conditions: Condition[], match: 'all' | 'any', stepId: string) {
  const sides = conditions.map((c, i) => ({
    op: c.op,
    left: isItemPath(c.left) ? parsePath(c.left, `conditions.${i}.left`) : undefined,
    leftValue: c.left,
    right: isItemPath(c.right) ? parsePath(c.right, `conditions.${i}.right`) : undefined,
    rightValue: c.right,
  }));
  return (item: unknown, index: number): boolean => {
    const test = (s: (typeof sides)[number], i: number) => {
      const left = s.left ? getPath(item, s.left).value : s.leftValue;
      const right = s.right ? getPath(item, s.right).value : s.rightValue;
      try {
        return evaluateCondition(s.op, left, right, { stepId, field: `conditions.${i}` });
      } catch (err) {
        if (!isStepError(err)) throw err;
        throw new StepError(err.code, `${err.message} (list item ${index})`, {
          details: { ...err.details, index },
        });
      }
    };
    return match === 'any' ? sides.some(test) : sides.every(test);
  };
}
