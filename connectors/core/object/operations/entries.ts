import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';

export const entriesOperation = defineOperation({
  id: 'entries',
  title: 'Fields as a list',
  description: "An object's fields as a list of { key, value }, e.g. to loop over them.",
  input: z.object({ object: objectField() }),
  output: z.object({ entries: z.array(z.object({ key: z.string(), value: z.unknown() })) }),
  async execute({ input }) {
    return { entries: Object.entries(input.object).map(([key, value]) => ({ key, value })) };
  },
});
