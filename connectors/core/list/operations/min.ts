import { defineOperation } from '../../../sdk/types.js';
import { numbersInput, numbersOf, resultOutput } from '../numbers.js';

export const minOperation = defineOperation({
  id: 'min',
  title: 'Smallest number',
  description:
    'The smallest number of a list (or of a number field of each item); null for an empty list.',
  input: numbersInput,
  output: resultOutput,
  async execute({ input }) {
    const numbers = numbersOf(input);
    // A loop, not Math.min(...numbers): spreading 100,000 arguments overflows the stack.
    let result: number | null = null;
    for (const n of numbers) if (result === null || n < result) result = n;
    return { result };
  },
});
