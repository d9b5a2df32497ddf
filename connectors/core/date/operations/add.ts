import { defineOperation } from '../../../sdk/types.js';
import { shift, shiftInput, shiftOutput } from '../shift.js';

export const addOperation = defineOperation({
  id: 'add',
  title: 'Add to a date',
  description:
    'A date plus some minutes, hours, days, weeks, months or years ("add 30 days"), in a time zone.',
  input: shiftInput,
  output: shiftOutput,
  async execute({ input }) {
    return shift(input, 1);
  },
});
