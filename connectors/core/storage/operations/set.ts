import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { keyField, scopeField } from '../fields.js';

export const setOperation = defineOperation({
  id: 'set',
  title: 'Set value',
  description: 'Keep a value under a key (replacing what was there), at most 1 MiB of JSON.',
  input: z.object({
    scope: scopeField,
    key: keyField,
    value: z
      .unknown()
      .refine((v) => v !== undefined, 'Required')
      .meta({ title: 'Value', description: 'Any value: text, number, list, object.' }),
  }),
  output: z.object({ value: z.unknown() }),
  async execute({ input, storage }) {
    await storage.set(input.scope, input.key, input.value);
    return { value: input.value };
  },
});
