import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField } from '../../common/fields.js';
import { valuesAt } from '../../common/values.js';

export const pluckOperation = defineOperation({
  id: 'pluck',
  title: 'Take one field of each item',
  description:
    'A list of one field of each item, e.g. the emails of a list of users. Items without the field give null.',
  input: z.object({
    list: listField(),
    field: z.string().min(1).meta({
      title: 'Field',
      description: 'The field to take, as a dotted path (email, owner.email).',
    }),
  }),
  output: z.object({
    values: z.array(z.unknown()),
    missing: z.number().int().meta({ description: 'How many items had no such field.' }),
  }),
  async execute({ input }) {
    let missing = 0;
    const values = valuesAt(input.list, input.field, 'field').map((v) => {
      if (v.found) return v.value;
      missing++;
      return null;
    });
    return { values, missing };
  },
});
