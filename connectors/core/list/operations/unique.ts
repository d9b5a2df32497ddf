import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { byField, listField } from '../../common/fields.js';
import { identity, valuesAt } from '../../common/values.js';

export const uniqueOperation = defineOperation({
  id: 'unique',
  title: 'Remove duplicates',
  description:
    'Keep the first of each value (or of each value of a field, e.g. one item per account id).',
  input: z.object({ list: listField(), by: byField }),
  output: z.object({ list: z.array(z.unknown()), removed: z.number().int() }),
  async execute({ input }) {
    const values = valuesAt(input.list, input.by);
    const seen = new Set<string>();
    const list = input.list.filter((_, i) => {
      const key = identity(values[i].found ? values[i].value : null);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { list, removed: input.list.length - list.length };
  },
});
