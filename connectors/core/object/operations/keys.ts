import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';

export const keysOperation = defineOperation({
  id: 'keys',
  title: 'Field names',
  description: "The names of an object's fields.",
  input: z.object({ object: objectField() }),
  output: z.object({ keys: z.array(z.string()) }),
  async execute({ input }) {
    return { keys: Object.keys(input.object) };
  },
});
