import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { describe, invalid } from '../../common/invalid.js';

export const joinOperation = defineOperation({
  id: 'join',
  title: 'Join list into text',
  description: 'Put the items of a list together into one text, with a separator between them.',
  input: z.object({
    list: z
      .array(z.unknown())
      .meta({ title: 'List', description: 'Texts, numbers or true/false values to join.' }),
    separator: z
      .string()
      .default('')
      .meta({ title: 'Separator', description: 'Put between the items, e.g. ", ".' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    const texts = input.list.map((item, i) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw invalid(
        `list.${i}`,
        `can only join texts, numbers and true/false, but item ${i} is ${describe(item)}. Use list "Pluck" first to take one field of each object.`,
      );
    });
    return { text: texts.join(input.separator) };
  },
});
