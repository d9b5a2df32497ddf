import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { scopeField } from '../fields.js';

export const listKeysOperation = defineOperation({
  id: 'list_keys',
  sideEffects: false,
  title: 'List keys',
  description: 'The keys kept in a scope, optionally only those starting with a prefix (alerted:).',
  input: z.object({
    scope: scopeField,
    prefix: z
      .string()
      .max(256)
      .default('')
      .meta({ title: 'Prefix', description: 'Only keys starting with this text.' }),
  }),
  output: z.object({ keys: z.array(z.string()) }),
  async execute({ input, storage }) {
    return { keys: await storage.listKeys(input.scope, input.prefix) };
  },
});
