import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';

export const lengthOperation = defineOperation({
  id: 'length',
  title: 'Text length',
  description: 'How many characters a text has (an emoji counts as one).',
  input: z.object({ text: textField('Text', 'The text to measure.') }),
  output: z.object({ length: z.number().int() }),
  async execute({ input }) {
    let length = 0;
    for (const _ of input.text) length++;
    return { length };
  },
});
