import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField, wholeNumber } from '../../common/fields.js';

export const padOperation = defineOperation({
  id: 'pad',
  title: 'Pad text',
  description: 'Make a text at least a given length by adding characters, e.g. 42 → "00042".',
  input: z.object({
    text: textField('Text', 'The text (or number) to pad.'),
    length: wholeNumber('Length', 'The length to reach, in characters.').min(0).max(10_000),
    with: z.string().min(1).default(' ').meta({
      title: 'Pad with',
      description: 'The character(s) to add, e.g. "0". Default: a space.',
    }),
    side: z
      .enum(['start', 'end'])
      .default('start')
      .meta({ title: 'Side', description: 'Add at the start (numbers) or at the end.' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    const { text, length, side } = input;
    return {
      text: side === 'start' ? text.padStart(length, input.with) : text.padEnd(length, input.with),
    };
  },
});
