import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';

export const splitOperation = defineOperation({
  id: 'split',
  title: 'Split text',
  description: 'Cut a text into a list of parts at each separator ("a,b,c" at "," gives a, b, c).',
  input: z.object({
    text: textField('Text', 'The text to cut.'),
    separator: z.string().meta({
      title: 'Separator',
      description: 'Where to cut, e.g. "," or " ". Leave empty to get one part per character.',
    }),
    trim: z
      .boolean()
      .default(false)
      .meta({ title: 'Trim parts', description: 'Remove spaces around each part.' }),
    removeEmpty: z
      .boolean()
      .default(false)
      .meta({ title: 'Remove empty parts', description: 'Leave out parts that are empty.' }),
  }),
  output: z.object({ parts: z.array(z.string()) }),
  async execute({ input }) {
    let parts = input.separator === '' ? [...input.text] : input.text.split(input.separator);
    if (input.trim) parts = parts.map((p) => p.trim());
    if (input.removeEmpty) parts = parts.filter((p) => p !== '');
    return { parts };
  },
});
