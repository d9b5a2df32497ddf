// start_of and end_of share their input; each has its own file for its declaration.
import { z } from 'zod';
import { dateField, readDate, timezoneField, writeDate } from './dates.js';

const BOUND_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;

export const boundsInput = z.object({
  date: dateField('Date', 'ISO 8601 text or epoch milliseconds.'),
  unit: z.enum(BOUND_UNITS).meta({ title: 'Unit', description: 'Weeks start on Monday.' }),
  timezone: timezoneField,
});
export const boundsOutput = z.object({
  date: z.string().meta({ description: "ISO 8601 with the zone's offset." }),
});

export function bound(input: z.output<typeof boundsInput>, end: boolean): { date: string } {
  const date = readDate(input.date, 'date', input.timezone);
  return { date: writeDate(end ? date.endOf(input.unit) : date.startOf(input.unit)) };
}
