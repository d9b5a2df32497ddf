import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { byField, listField } from '../../common/fields.js';
import { compareValues, valuesAt } from '../../common/values.js';

export const sortOperation = defineOperation({
  id: 'sort',
  title: 'Sort list',
  description:
    'Put a list in order: numbers by value, texts alphabetically (ISO dates by time), by a field of each item. Items without the field go last.',
  input: z.object({
    list: listField(),
    by: byField,
    order: z.enum(['asc', 'desc']).default('asc').meta({
      title: 'Order',
      description: 'asc: smallest / A / earliest first; desc: the reverse.',
    }),
  }),
  output: z.object({ list: z.array(z.unknown()) }),
  async execute({ input }) {
    const values = valuesAt(input.list, input.by);
    const sign = input.order === 'desc' ? -1 : 1;
    const order = input.list.map((_, i) => i);
    order.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      const missingA = !va.found || va.value === null;
      const missingB = !vb.found || vb.value === null;
      if (missingA || missingB) return Number(missingA) - Number(missingB);
      return sign * compareValues(va.value, vb.value);
    });
    return { list: order.map((i) => input.list[i]) };
  },
});
