import { defineOperation } from '../../../sdk/types.js';
import { numbersInput, numbersOf, resultOutput } from '../numbers.js';

export const sumOperation = defineOperation({
  id: 'sum',
  title: 'Sum',
  description: 'Add up the numbers of a list (or a number field of each item).',
  input: numbersInput,
  output: resultOutput,
  async execute({ input }) {
    let total = 0;
    for (const n of numbersOf(input)) total += n;
    return { result: total };
  },
});
