import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { dateField, formatField, readDate, timezoneField } from '../dates.js';

export const formatOperation = defineOperation({
  id: 'format',
  title: 'Format a date',
  description:
    'Write a date as text in a format such as dd/MM/yyyy or "MMMM d, yyyy", in a time zone.',
  input: z.object({
    date: dateField('Date', 'ISO 8601 text or epoch milliseconds.'),
    format: formatField,
    timezone: timezoneField,
  }),
  output: z.object({ text: z.string() }),
  async execute({ input }) {
    return {
      text: readDate(input.date, 'date', input.timezone).toFormat(input.format, { locale: 'en' }),
    };
  },
});
