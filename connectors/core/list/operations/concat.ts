import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { describe, invalid } from '../../common/invalid.js';

export const concatOperation = defineOperation({
  id: 'concat',
  title: 'Join lists',
  description: 'Put several lists one after the other into one list.',
  input: z.object({
    lists: z
      .array(z.unknown())
      .min(1, 'Give at least one list')
      .meta({ title: 'Lists', description: 'The lists to join, in order.' }),
  }),
  output: z.object({ list: z.array(z.unknown()) }),
  async execute({ input }) {
    const list: unknown[] = [];
    input.lists.forEach((l, i) => {
      if (!Array.isArray(l)) throw invalid(`lists.${i}`, `expected a list, got ${describe(l)}`);
      for (const item of l) list.push(item);
    });
    return { list };
  },
});
