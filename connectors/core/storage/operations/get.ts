import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { keyField, scopeField } from '../fields.js';

export const getOperation = defineOperation({
  id: 'get',
  sideEffects: false,
  title: 'Get value',
  description:
    'Read a value kept earlier (in this run, this workflow or the account), or a default.',
  input: z.object({
    scope: scopeField,
    key: keyField,
    default: z.unknown().optional().meta({
      title: 'Default',
      description: 'The value when nothing is kept under the key (else null).',
    }),
  }),
  output: z.object({
    found: z.boolean(),
    value: z.unknown().meta({ description: 'The value kept, else the default, else null.' }),
  }),
  async execute({ input, storage }) {
    const got = await storage.get(input.scope, input.key);
    return got.found ? got : { found: false, value: input.default ?? null };
  },
});
