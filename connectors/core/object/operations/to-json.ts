import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';

export const toJsonOperation = defineOperation({
  id: 'to_json',
  title: 'Write as JSON text',
  description: 'Turn any value into JSON text, e.g. to store it in a text field.',
  input: z.object({
    value: z.unknown().meta({ title: 'Value', description: 'The value to write.' }),
    pretty: z
      .boolean()
      .default(false)
      .meta({ title: 'Pretty', description: 'Indent it over several lines.' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    return { text: JSON.stringify(input.value ?? null, null, input.pretty ? 2 : undefined) };
  },
});
