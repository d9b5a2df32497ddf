import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';

export const valuesOperation = defineOperation({
  id: 'values',
  title: 'Field values',
  description: "The values of an object's fields, as a list.",
  input: z.object({ object: objectField() }),
  output: z.object({ values: z.array(z.unknown()) }),
  async execute({ input }) {
    return { values: Object.values(input.object) };
  },
});
