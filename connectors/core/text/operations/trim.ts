import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';

export const trimOperation = defineOperation({
  id: 'trim',
  title: 'Trim spaces',
  description: 'Remove spaces, tabs and line breaks from the start and end of a text.',
  input: z.object({
    text: textField('Text', 'The text to trim.'),
    side: z
      .enum(['both', 'start', 'end'])
      .default('both')
      .meta({ title: 'Side', description: 'Which end to trim.' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    const { text, side } = input;
    return {
      text: side === 'start' ? text.trimStart() : side === 'end' ? text.trimEnd() : text.trim(),
    };
  },
});
