import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';
import { keysField } from '../keys-field.js';

export const omitOperation = defineOperation({
  id: 'omit',
  title: 'Remove fields',
  description: 'A copy of an object without the fields named.',
  input: z.object({ object: objectField(), keys: keysField }),
  output: z.object({ result: z.record(z.string(), z.unknown()) }),
  async execute({ input }) {
    const drop = new Set(input.keys);
    return {
      result: Object.fromEntries(Object.entries(input.object).filter(([k]) => !drop.has(k))),
    };
  },
});
