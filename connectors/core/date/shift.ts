// add and subtract share their input and their arithmetic; each has its own file for its declaration.
import { z } from 'zod';
import { dateField, readDate, timezoneField, unitField, writeDate } from './dates.js';

export const shiftInput = z.object({
  date: dateField('Date', 'ISO 8601 text or epoch milliseconds.'),
  amount: z.number().meta({ title: 'Amount', description: 'How many units, e.g. 30.' }),
  unit: unitField(
    'Unit',
    'days and longer keep the time of day across daylight saving changes; hours do not.',
  ),
  timezone: timezoneField,
});
export const shiftOutput = z.object({
  date: z.string().meta({ description: "ISO 8601 with the zone's offset." }),
});

export function shift(input: z.output<typeof shiftInput>, sign: 1 | -1): { date: string } {
  const date = readDate(input.date, 'date', input.timezone);
  return { date: writeDate(date.plus({ [input.unit]: sign * input.amount })) };
}
