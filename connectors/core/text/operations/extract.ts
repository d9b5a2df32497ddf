import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';
import { runRegex } from '../../sandbox/regex.js';

export const extractOperation = defineOperation({
  id: 'extract',
  title: 'Extract with a pattern',
  description:
    'Find the part of a text that matches a regular expression, e.g. the order number in "Order #1234 shipped" with #(\\d+) and group 1.',
  input: z.object({
    text: textField('Text', 'The text to search.'),
    regex: z.string().min(1).meta({
      title: 'Pattern',
      description: 'A regular expression such as #(\\d+), or /acme/i for flags.',
    }),
    group: z
      .union([z.number().int().min(0), z.string().min(1)])
      .default(0)
      .meta({
        title: 'Group',
        description:
          'Which part to take: 0 for the whole match, 1 for the first (…) group, or a group name.',
      }),
    all: z
      .boolean()
      .default(false)
      .meta({ title: 'All matches', description: 'Take every match, not just the first.' }),
  }),
  output: z.object({
    found: z.boolean(),
    match: z.string().nullable().meta({ description: 'The first match (its group), or null.' }),
    matches: z
      .array(z.string().nullable())
      .meta({ description: 'Every match taken (one with "All matches" off).' }),
  }),
  async execute({ input, env }) {
    const answer = (await runRegex(
      { op: 'extract', text: input.text, pattern: input.regex, group: input.group, all: input.all },
      'regex',
      env,
    )) as { matches: (string | null)[] };
    const matches = answer.matches;
    return { found: matches.length > 0, match: matches[0] ?? null, matches };
  },
});
