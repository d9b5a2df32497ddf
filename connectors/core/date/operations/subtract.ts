import { defineOperation } from '../../../sdk/types.js';
import { shift, shiftInput, shiftOutput } from '../shift.js';

export const subtractOperation = defineOperation({
  id: 'subtract',
  title: 'Subtract from a date',
  description:
    'A date minus some minutes, hours, days, weeks, months or years ("7 days ago"), in a time zone.',
  input: shiftInput,
  output: shiftOutput,
  async execute({ input }) {
    return shift(input, -1);
  },
});
