import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { dateField, readDate, timezoneField, unitField } from '../dates.js';

export const differenceOperation = defineOperation({
  id: 'difference',
  title: 'Time between dates',
  description:
    'How many minutes, hours, days, … from one date to another (negative when "to" is earlier).',
  input: z.object({
    from: dateField('From', 'The earlier date (ISO 8601 or epoch milliseconds).'),
    to: dateField('To', 'The later date.'),
    unit: unitField(
      'Unit',
      'The unit of the answer. Days count calendar days in the time zone (23 or 25 hours across a change).',
    ),
    timezone: timezoneField,
  }),
  output: z.object({
    difference: z.number().meta({ description: 'Exact, with a fraction (1.5 days).' }),
    whole: z.number().int().meta({ description: 'Whole units only, rounded toward zero (1).' }),
  }),
  async execute({ input }) {
    const from = readDate(input.from, 'from', input.timezone);
    const to = readDate(input.to, 'to', input.timezone).setZone(from.zone);
    const difference = to.diff(from, input.unit).get(input.unit);
    return { difference, whole: Math.trunc(difference) + 0 };
  },
});
