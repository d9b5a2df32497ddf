import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField } from '../../common/fields.js';

export const countOperation = defineOperation({
  id: 'count',
  title: 'Count items',
  description: 'How many items a list has.',
  input: z.object({ list: listField() }),
  output: z.object({ count: z.number().int() }),
  async execute({ input }) {
    return { count: input.list.length };
  },
});
