import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { formatField, inZone, timezoneField, writeDate } from '../dates.js';

export const nowOperation = defineOperation({
  id: 'now',
  title: 'Current date and time',
  description:
    'The date and time now, in a time zone, as ISO 8601 (and as text in a format, if given).',
  input: z.object({ timezone: timezoneField, format: formatField.optional() }),
  output: z.object({
    date: z.string().meta({ description: "ISO 8601 with the zone's offset." }),
    text: z.string().meta({ description: 'In the format given, else the same as date.' }),
  }),
  async execute({ input }) {
    const now = inZone(input.timezone);
    const date = writeDate(now);
    return { date, text: input.format ? now.toFormat(input.format) : date };
  },
});
