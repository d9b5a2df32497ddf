import { defineOperation } from '../../../sdk/types.js';
import { bound, boundsInput, boundsOutput } from '../bounds.js';

export const startOfOperation = defineOperation({
  id: 'start_of',
  title: 'Start of day, week, month…',
  description:
    "The first moment of the date's day, week, month, quarter or year, in a time zone (midnight local).",
  input: boundsInput,
  output: boundsOutput,
  async execute({ input }) {
    return bound(input, false);
  },
});
