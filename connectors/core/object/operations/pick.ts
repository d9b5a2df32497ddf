import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';
import { keysField } from '../keys-field.js';

export const pickOperation = defineOperation({
  id: 'pick',
  title: 'Keep fields',
  description: 'A copy of an object with only the fields named.',
  input: z.object({ object: objectField(), keys: keysField }),
  output: z.object({ result: z.record(z.string(), z.unknown()) }),
  async execute({ input }) {
    const result: Record<string, unknown> = {};
    for (const key of input.keys)
      if (Object.hasOwn(input.object, key))
        Object.defineProperty(result, key, {
          value: input.object[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
    return { result };
  },
});
