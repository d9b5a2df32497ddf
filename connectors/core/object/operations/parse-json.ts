import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { invalid } from '../../common/invalid.js';

export const parseJsonOperation = defineOperation({
  id: 'parse_json',
  title: 'Read JSON text',
  description:
    'Turn a JSON text (e.g. a field holding "{\\"a\\": 1}") into the value it describes.',
  input: z.object({ text: z.string().meta({ title: 'Text', description: 'The JSON text.' }) }),
  output: z.object({ value: z.unknown() }),
  async execute({ input }) {
    try {
      return { value: JSON.parse(input.text) as unknown };
    } catch (err) {
      throw invalid('text', `is not valid JSON: ${(err as Error).message}`);
    }
  },
});
