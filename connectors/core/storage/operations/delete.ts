import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { keyField, scopeField } from '../fields.js';

export const deleteOperation = defineOperation({
  id: 'delete',
  title: 'Delete value',
  description: 'Forget the value kept under a key.',
  input: z.object({ scope: scopeField, key: keyField }),
  output: z.object({
    deleted: z.boolean().meta({ description: 'Whether there was a value to delete.' }),
  }),
  async execute({ input, storage }) {
    return { deleted: await storage.delete(input.scope, input.key) };
  },
});
