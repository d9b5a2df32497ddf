// What the date operations share: reading a date (ISO 8601 text, "2024-03-31 09:00" SQL-style
// text, or epoch milliseconds) in a time zone, writing ISO 8601 with the zone's offset, and the
// fields' schemas. Calendar arithmetic is Luxon's, in the zone given: adding 1 day across the
// spring change keeps the time of day (23 hours), adding 24 hours does not.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { describe, invalid } from '../common/invalid.js';

export const UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type Unit = (typeof UNITS)[number];

export function dateField(title: string, description: string) {
  return z
    .union([z.string(), z.number()], {
      error: (issue) =>
        issue.input === undefined
          ? 'Required'
          : `Expected a date: ISO 8601 text such as 2024-03-31T09:00:00Z, or epoch milliseconds; got ${describe(issue.input)}`,
    })
    .meta({ title, description });
}

export const timezoneField = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: (issue) =>
      `"${String(issue.input)}" is not a time zone: use a name such as Europe/London, America/New_York or UTC`,
  })
  .optional()
  .meta({
    title: 'Time zone',
    description:
      'An IANA time zone name (Europe/London, America/New_York). Dates without an offset are read in it, and the result is written with its offset. Default: UTC.',
  });

export const unitField = (title: string, description: string) =>
  z.enum(UNITS).meta({ title, description });

export const formatField = z.string().min(1).meta({
  title: 'Format',
  description:
    "Luxon tokens: yyyy-MM-dd HH:mm, dd/MM/yyyy, MMMM d, yyyy (March 31, 2024), EEE (Sun). Text in single quotes is kept: 'at' HH:mm.",
});

/** Read a date input; dates without an offset are in `timezone` (else UTC). */
export function readDate(
  value: string | number,
  field: string,
  timezone: string | undefined,
): DateTime {
  const zone = timezone ?? 'utc';
  let date: DateTime;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(field, `${value} is not a date`);
    date = DateTime.fromMillis(value, { zone });
  } else {
    // With a timezone, the date is converted to it; without, an offset in the text is kept.
    const options = timezone ? { zone } : { zone, setZone: true };
    date = DateTime.fromISO(value.trim(), options);
    if (!date.isValid) date = DateTime.fromSQL(value.trim(), options);
  }
  if (!date.isValid)
    throw invalid(
      field,
      `${describe(value)} is not a date: use ISO 8601 text such as 2024-03-31T09:00:00Z (or 2024-03-31), or epoch milliseconds`,
    );
  return date;
}

/** ISO 8601 with the zone's offset (Z for UTC), without .000 when there are no milliseconds. */
export function writeDate(date: DateTime): string {
  return date.toISO({ suppressMilliseconds: true }) as string;
}

export function inZone(timezone: string | undefined): DateTime {
  return DateTime.now().setZone(timezone ?? 'utc');
}
