import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField, wholeNumber } from '../../common/fields.js';

export const countField = wholeNumber('Count', 'How many items to take (default 1).')
  .min(0)
  .default(1);
export const endsOutput = z.object({
  item: z.unknown().meta({
    description: 'The first item (for Last items: the last one), or null when the list is empty.',
  }),
  items: z.array(z.unknown()).meta({ description: 'The items taken.' }),
});

export const firstOperation = defineOperation({
  id: 'first',
  title: 'First items',
  description: 'The first item of a list, or the first few.',
  input: z.object({ list: listField(), count: countField }),
  output: endsOutput,
  async execute({ input }) {
    const items = input.list.slice(0, input.count);
    return { item: items[0] ?? null, items };
  },
});
