import { defineOperation } from '../../../sdk/types.js';
import { numbersInput, numbersOf, resultOutput } from '../numbers.js';

export const maxOperation = defineOperation({
  id: 'max',
  title: 'Largest number',
  description:
    'The largest number of a list (or of a number field of each item); null for an empty list.',
  input: numbersInput,
  output: resultOutput,
  async execute({ input }) {
    const numbers = numbersOf(input);
    let result: number | null = null;
    for (const n of numbers) if (result === null || n > result) result = n;
    return { result };
  },
});
