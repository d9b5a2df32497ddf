import { defineOperation } from '../../../sdk/types.js';
import { bound, boundsInput, boundsOutput } from '../bounds.js';

export const endOfOperation = defineOperation({
  id: 'end_of',
  title: 'End of day, week, month…',
  description:
    "The last moment (…23:59:59.999) of the date's day, week, month, quarter or year, in a time zone.",
  input: boundsInput,
  output: boundsOutput,
  async execute({ input }) {
    return bound(input, true);
  },
});
