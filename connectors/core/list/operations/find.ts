import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { compileConditions, conditionsField, matchField } from '../../common/conditions.js';
import { listField } from '../../common/fields.js';

export const findOperation = defineOperation({
  id: 'find',
  title: 'Find item',
  description: 'The first item that satisfies conditions (@.email equals …), and its position.',
  input: z.object({ list: listField(), conditions: conditionsField, match: matchField }),
  output: z.object({
    found: z.boolean(),
    item: z.unknown().meta({ description: 'The first item found, or null.' }),
    index: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Its position (0 is the first), or null.' }),
  }),
  async execute({ input, stepId }) {
    const test = compileConditions(input.conditions, input.match, stepId);
    const index = input.list.findIndex((item, i) => test(item, i));
    return index < 0
      ? { found: false, item: null, index: null }
      : { found: true, item: input.list[index], index };
  },
});
