import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField, wholeNumber } from '../../common/fields.js';

export const flattenOperation = defineOperation({
  id: 'flatten',
  title: 'Flatten list',
  description: 'Turn a list of lists into one list ([[1, 2], [3]] gives [1, 2, 3]).',
  input: z.object({
    list: listField(),
    depth: wholeNumber('Depth', 'How many levels of lists to open (default 1).')
      .min(1)
      .max(100)
      .default(1),
  }),
  output: z.object({ list: z.array(z.unknown()) }),
  async execute({ input }) {
    return { list: input.list.flat(input.depth) };
  },
});
