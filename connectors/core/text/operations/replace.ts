import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';
import { runRegex } from '../../sandbox/regex.js';

export const replaceOperation = defineOperation({
  id: 'replace',
  title: 'Replace text',
  description:
    'Replace a piece of text with another: every time it occurs, or the first time only; optionally with a regular expression.',
  input: z.object({
    text: textField('Text', 'The text to change.'),
    find: z.string().min(1).meta({
      title: 'Find',
      description:
        'The text to look for; with "Regular expression" on, a pattern such as \\d+ or /acme/i.',
    }),
    replaceWith: z.preprocess(
      (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
      z.string().meta({
        title: 'Replace with',
        description:
          'The new text (may be empty). With a regular expression, $1 puts back the first group.',
      }),
    ),
    regex: z
      .boolean()
      .default(false)
      .meta({ title: 'Regular expression', description: '"Find" is a regular expression.' }),
    all: z
      .boolean()
      .default(true)
      .meta({ title: 'Replace all', description: 'Replace every occurrence, not just the first.' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input, env }) {
    const { text, find, replaceWith, all } = input;
    if (!input.regex) {
      const index = text.indexOf(find);
      if (index < 0) return { text };
      if (all) return { text: text.split(find).join(replaceWith) };
      return { text: text.slice(0, index) + replaceWith + text.slice(index + find.length) };
    }
    const answer = await runRegex(
      { op: 'replace', text, pattern: find, replaceWith, all },
      'find',
      env,
    );
    return { text: (answer as { text: string }).text };
  },
});
