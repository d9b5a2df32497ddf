import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField } from '../../common/fields.js';
import { countField, endsOutput } from './first.js';

export const lastOperation = defineOperation({
  id: 'last',
  title: 'Last items',
  description: 'The last item of a list, or the last few (in their order in the list).',
  input: z.object({ list: listField(), count: countField }),
  output: endsOutput,
  async execute({ input }) {
    const items = input.count === 0 ? [] : input.list.slice(-input.count);
    return { item: items[items.length - 1] ?? null, items };
  },
});
