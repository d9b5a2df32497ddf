import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField, wholeNumber } from '../../common/fields.js';

export const substringOperation = defineOperation({
  id: 'substring',
  title: 'Part of text',
  description: 'Take part of a text: from a position (0 is the first character), for a length.',
  input: z.object({
    text: textField('Text', 'The text to take a part of.'),
    start: wholeNumber(
      'Start',
      'Position of the first character to take: 0 is the first; -3 is the third from the end.',
    ),
    length: wholeNumber(
      'Length',
      'How many characters to take; leave empty for the rest of the text.',
    )
      .min(0)
      .optional(),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    // Characters, not UTF-16 units: an emoji counts as one and is never cut in half.
    const chars = [...input.text];
    const start = input.start < 0 ? Math.max(0, chars.length + input.start) : input.start;
    const end = input.length === undefined ? chars.length : start + input.length;
    return { text: chars.slice(start, end).join('') };
  },
});
