import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';

const CASES = ['upper', 'lower', 'title', 'sentence', 'camel', 'snake', 'kebab'] as const;

/** The words of a text for camel/snake/kebab: split at spaces, punctuation and lowerUpper joins. */
function words(text: string): string[] {
  return text
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

export function changeCase(text: string, to: (typeof CASES)[number]): string {
  switch (to) {
    case 'upper':
      return text.toUpperCase();
    case 'lower':
      return text.toLowerCase();
    case 'title':
      return text
        .toLowerCase()
        .replace(/(^|[\s\-/(])(\p{L})/gu, (_, sep, c) => sep + c.toUpperCase());
    case 'sentence': {
      const lower = text.toLowerCase();
      return lower.replace(/^(\s*)(\p{L})/u, (_, space, c) => space + c.toUpperCase());
    }
    case 'camel':
      return words(text)
        .map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w)))
        .join('');
    case 'snake':
      return words(text)
        .map((w) => w.toLowerCase())
        .join('_');
    case 'kebab':
      return words(text)
        .map((w) => w.toLowerCase())
        .join('-');
  }
}

export const changeCaseOperation = defineOperation({
  id: 'change_case',
  title: 'Change case',
  description:
    'UPPER CASE, lower case, Title Case, Sentence case, or camelCase / snake_case / kebab-case for field names.',
  input: z.object({
    text: textField('Text', 'The text to change.'),
    to: z.enum(CASES).meta({ title: 'To', description: 'The case to change the text to.' }),
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    return { text: changeCase(input.text, input.to) };
  },
});
