import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { compileConditions, conditionsField, matchField } from '../../common/conditions.js';
import { listField } from '../../common/fields.js';

export const filterOperation = defineOperation({
  id: 'filter',
  title: 'Filter list',
  description:
    'Keep the items that satisfy conditions, with the boolean step\'s operators on fields of each item (@.status equals "active").',
  input: z.object({ list: listField(), conditions: conditionsField, match: matchField }),
  output: z.object({ list: z.array(z.unknown()), count: z.number().int() }),
  async execute({ input, stepId }) {
    const test = compileConditions(input.conditions, input.match, stepId);
    const list = input.list.filter((item, i) => test(item, i));
    return { list, count: list.length };
  },
});
