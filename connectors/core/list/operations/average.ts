import { defineOperation } from '../../../sdk/types.js';
import { numbersInput, numbersOf, resultOutput } from '../numbers.js';

export const averageOperation = defineOperation({
  id: 'average',
  title: 'Average',
  description: 'The average (mean) of the numbers of a list; null for an empty list.',
  input: numbersInput,
  output: resultOutput,
  async execute({ input }) {
    const numbers = numbersOf(input);
    if (numbers.length === 0) return { result: null };
    let total = 0;
    for (const n of numbers) total += n;
    return { result: total / numbers.length };
  },
});
