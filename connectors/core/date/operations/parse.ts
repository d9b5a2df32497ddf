import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { textField } from '../../common/fields.js';
import { invalid } from '../../common/invalid.js';
import { formatField, timezoneField, writeDate } from '../dates.js';

export const parseOperation = defineOperation({
  id: 'parse',
  title: 'Read a date from text',
  description:
    'Read a date written in a known format ("31/03/2024 13:45" with dd/MM/yyyy HH:mm) in a time zone, as ISO 8601.',
  input: z.object({
    text: textField('Text', 'The date as written, e.g. 31/03/2024.'),
    format: formatField,
    timezone: timezoneField,
  }),
  output: z.object({ date: z.string().meta({ description: "ISO 8601 with the zone's offset." }) }),
  async execute({ input }) {
    const date = DateTime.fromFormat(input.text.trim(), input.format, {
      zone: input.timezone ?? 'utc',
      locale: 'en',
    });
    if (!date.isValid)
      throw invalid('text', `"${input.text}" does not match the format ${input.format}`);
    return { date: writeDate(date) };
  },
});
