import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { keyField, scopeField } from '../fields.js';

export const incrementOperation = defineOperation({
  id: 'increment',
  title: 'Increment counter',
  description:
    'Add to the number kept under a key (a new key starts at 0), safely even when several runs do it at once.',
  input: z.object({
    scope: scopeField,
    key: keyField,
    by: z
      .number()
      .default(1)
      .meta({ title: 'By', description: 'How much to add (negative to subtract). Default 1.' }),
  }),
  output: z.object({ value: z.number().meta({ description: 'The number after adding.' }) }),
  async execute({ input, storage }) {
    return { value: await storage.increment(input.scope, input.key, input.by) };
  },
});
