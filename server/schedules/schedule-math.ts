// When does a schedule fire? One pure module used by the embedded scheduler, the BullMQ
// repeat strategy and the preview endpoint, so every mode fires at the same instants.
//
// Every form is turned into one or more cron patterns and croner computes the instants in
// the schedule's IANA timezone. We checked croner 11's daylight-saving behaviour against
// WORKFLOW-FORMAT.md (see test/schedules/schedule-math.test.ts) and it matches:
// - a fixed-time pattern (one wall-clock time, e.g. 09:00) that falls in a spring-forward
//   gap runs at the first valid time after the gap; when the time occurs twice on a
//   fall-back day it runs once, at its first occurrence;
// - an interval pattern (a wildcard or step in the minute or hour, e.g. every 5 minutes)
//   keeps its rhythm in real time: it runs in both passes of a repeated hour and simply has
//   no slots inside a gap. This is Vixie cron's rule, and what people expect of "every
//   5 minutes" (no one-hour pause every autumn).
// Luxon answers whether a timezone name is a real IANA zone, and month lengths.
import { Cron } from 'croner';
import { DateTime, IANAZone } from 'luxon';
import type { Schedule } from '../../engine/index.js';

/** A schedule that cannot be computed; `path` names the field (`schedule.cron`, `schedule.timezone`). */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ScheduleMathOptions {
  /**
   * Accept 6-field cron patterns with a seconds field. Only tests turn this on (a slot
   * every two seconds); users schedule to the minute.
   */
  allowSeconds?: boolean;
}

/**
 * Which of croner's two DST behaviours a pattern gets. 'fixed': croner's "no-wildcard" rule,
 * so a pattern naming times of day (single values or lists) is fixed-time, while one with a
 * wildcard or step still keeps its rhythm. 'interval': croner's "single-value" rule, used for
 * the lists we generate for short intervals, which must keep their rhythm.
 */
type DstRule = 'fixed' | 'interval';

interface CronPart {
  pattern: string;
  rule: DstRule;
}

const WEEKDAY_NUMBER = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;
const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;

function timezoneOf(schedule: Schedule): string {
  return schedule.timezone ?? 'UTC';
}

function hourMinute(at: string): { hour: number; minute: number } {
  const [hour, minute] = at.split(':').map(Number);
  return { hour, minute };
}

/**
 * `{ every: "minutes" }` slots. When the interval divides a day (5, 15, 90, 720 …) the slots
 * are the local times whose minutes since local midnight are a multiple of the interval, so
 * "every 15 minutes" runs at :00, :15, :30, :45 and "every 6 hours" at 00:00, 06:00, 12:00,
 * 18:00 local time. Up to an hour the slots keep their rhythm through DST changes; above an
 * hour they are times of day and follow the wall-clock rules. Any other interval (7, 100 …)
 * cannot line up with days, so it counts from the Unix epoch and ignores the timezone.
 */
function minutesParts(interval: number): CronPart[] | null {
  if (MINUTES_PER_DAY % interval !== 0) return null;
  if (60 % interval === 0) return [{ pattern: `*/${interval} * * * *`, rule: 'interval' }];
  const hoursByMinute = new Map<number, number[]>();
  for (let m = 0; m < MINUTES_PER_DAY; m += interval) {
    const minute = m % 60;
    hoursByMinute.set(minute, [...(hoursByMinute.get(minute) ?? []), Math.floor(m / 60)]);
  }
  const rule: DstRule = interval <= 60 ? 'interval' : 'fixed';
  return [...hoursByMinute].map(([minute, hours]) => ({
    pattern: `${minute} ${hours.join(',')} * * *`,
    rule,
  }));
}

/** Months (1-12) that have fewer than `day` days in a common year; February counts as 28. */
function monthsShorterThan(day: number): number[] {
  const months: number[] = [];
  for (let month = 1; month <= 12; month++) {
    if ((DateTime.utc(2021, month, 1).daysInMonth ?? 31) < day) months.push(month);
  }
  return months;
}

function cronParts(schedule: Schedule): CronPart[] | null {
  if ('cron' in schedule) return [{ pattern: schedule.cron.trim(), rule: 'fixed' }];
  switch (schedule.every) {
    case 'minutes':
      return minutesParts(schedule.interval);
    case 'hourly':
      return [{ pattern: `${schedule.minute ?? 0} * * * *`, rule: 'interval' }];
    case 'daily': {
      const { hour, minute } = hourMinute(schedule.at);
      return [{ pattern: `${minute} ${hour} * * *`, rule: 'fixed' }];
    }
    case 'workdays': {
      const { hour, minute } = hourMinute(schedule.at);
      return [{ pattern: `${minute} ${hour} * * 1-5`, rule: 'fixed' }];
    }
    case 'weekly': {
      const { hour, minute } = hourMinute(schedule.at);
      return [{ pattern: `${minute} ${hour} * * ${WEEKDAY_NUMBER[schedule.day]}`, rule: 'fixed' }];
    }
    case 'monthly': {
      const { hour, minute } = hourMinute(schedule.at);
      if (schedule.day === 'last') return [{ pattern: `${minute} ${hour} L * *`, rule: 'fixed' }];
      const parts: CronPart[] = [
        { pattern: `${minute} ${hour} ${schedule.day} * *`, rule: 'fixed' },
      ];
      // "A day past the month's end falls on its last day": day 31 also runs on 30 April,
      // day 30 on 28/29 February. In a leap year day 29 and "L" meet on 29 February; the
      // merge below keeps one.
      const short = monthsShorterThan(schedule.day);
      if (short.length > 0)
        parts.push({ pattern: `${minute} ${hour} L ${short.join(',')} *`, rule: 'fixed' });
      return parts;
    }
  }
}

const compiled = new Map<string, Cron>();

function compile(part: CronPart, timezone: string, options: ScheduleMathOptions): Cron {
  const key = `${part.rule}|${timezone}|${options.allowSeconds ? 6 : 5}|${part.pattern}`;
  let cron = compiled.get(key);
  if (cron) return cron;
  try {
    cron = new Cron(part.pattern, {
      timezone,
      mode: options.allowSeconds ? '5-or-6-parts' : '5-part',
      // "no-wildcard" makes a list of times such as "30 1,13 * * *" fixed-time (two
      // wall-clock times a day), as in Vixie cron and as our users read it.
      fixedTimeRule: part.rule === 'fixed' ? 'no-wildcard' : 'single-value',
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^CronPattern:\s*/, '') : String(err);
    throw new ScheduleError(
      'schedule.cron',
      `"${part.pattern}" is not a valid cron expression (${detail}). Use five fields: minute, hour, ` +
        'day of month, month, day of week, for example "0 9 * * 1-5" for 09:00 on workdays.',
    );
  }
  if (compiled.size > 500) compiled.clear();
  compiled.set(key, cron);
  return cron;
}

/** The problem with a timezone name, or null when it is a real IANA zone. */
export function timezoneProblem(timezone: string): ScheduleError | null {
  if (IANAZone.isValidZone(timezone)) return null;
  return new ScheduleError(
    'schedule.timezone',
    `"${timezone}" is not a known timezone. Use an IANA name such as "Europe/London", "America/New_York" or "UTC".`,
  );
}

function checkTimezone(timezone: string): void {
  const problem = timezoneProblem(timezone);
  if (problem) throw problem;
}

/**
 * The next `count` fire times strictly after `after`, earliest first. Fewer when the
 * schedule has no more (a cron pattern for 31 February has none). Throws ScheduleError
 * for an unknown timezone or an invalid cron pattern.
 */
export function nextFireTimes(
  schedule: Schedule,
  after: Date,
  count: number,
  options: ScheduleMathOptions = {},
): Date[] {
  const timezone = timezoneOf(schedule);
  checkTimezone(timezone);
  if (count <= 0) return [];
  const parts = cronParts(schedule);
  if (!parts) {
    // An interval that does not divide a day: plain elapsed time since the epoch.
    const step = (schedule as { interval: number }).interval * MS_PER_MINUTE;
    const first = (Math.floor(after.getTime() / step) + 1) * step;
    return Array.from({ length: count }, (_, i) => new Date(first + i * step));
  }
  const instants = new Set<number>();
  for (const part of parts) {
    for (const date of compile(part, timezone, options).nextRuns(count, after))
      instants.add(date.getTime());
  }
  return [...instants]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((ms) => new Date(ms));
}

/** The first fire time strictly after `after`, or null if the schedule never fires again. */
export function nextFireTime(
  schedule: Schedule,
  after: Date,
  options: ScheduleMathOptions = {},
): Date | null {
  return nextFireTimes(schedule, after, 1, options)[0] ?? null;
}

/**
 * The latest fire time at or before `atOrBefore` and not before `floor` (itself a fire
 * time). Used after downtime to run the most recent missed slot once. Searches backwards
 * in doubling windows with nextFireTimes, so there is one source of truth for the maths.
 */
export function latestFireTime(
  schedule: Schedule,
  atOrBefore: Date,
  floor: Date,
  options: ScheduleMathOptions = {},
): Date {
  const end = atOrBefore.getTime();
  const low = floor.getTime();
  for (let window = 60 * MS_PER_MINUTE; ; window *= 2) {
    let from = Math.max(low, end - window);
    let latest: number | null = null;
    // Small batches first: a monthly schedule needs one or two, an every-minute one more.
    for (let batch = 4; ; batch = Math.min(batch * 2, 512)) {
      const inRange = nextFireTimes(schedule, new Date(from - 1), batch, options)
        .map((d) => d.getTime())
        .filter((t) => t <= end);
      if (inRange.length > 0) latest = inRange[inRange.length - 1];
      if (inRange.length < batch) break;
      from = latest! + 1;
    }
    if (latest !== null) return new Date(Math.max(latest, low));
    if (end - window <= low) return floor;
  }
}

/**
 * Every reason a schedule that a person is editing cannot fire, each naming its field. The
 * timezone and the cron pattern are checked independently, so a bad cron in a bad timezone
 * gets both problems at once; "never fires" is only asked of an otherwise valid schedule.
 */
export function scheduleProblems(
  schedule: Schedule,
  options: ScheduleMathOptions = {},
  now = new Date(),
): ScheduleError[] {
  const problems: ScheduleError[] = [];
  const zone = timezoneProblem(timezoneOf(schedule));
  if (zone) problems.push(zone);
  for (const part of cronParts(schedule) ?? []) {
    try {
      // The pattern alone: UTC stands in for a timezone that may itself be wrong.
      compile(part, 'UTC', options);
    } catch (err) {
      if (!(err instanceof ScheduleError)) throw err;
      problems.push(err);
      break;
    }
  }
  if (problems.length > 0) return problems;
  try {
    checkSchedule(schedule, options, now);
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    problems.push(err);
  }
  return problems;
}

/**
 * Check a schedule that a person is editing: the timezone, the cron pattern, and that it
 * fires at all. Throws ScheduleError naming the field.
 */
export function checkSchedule(
  schedule: Schedule,
  options: ScheduleMathOptions = {},
  now = new Date(),
): void {
  const next = nextFireTime(schedule, now, options);
  if (!next) {
    throw new ScheduleError(
      'schedule.cron',
      'This cron expression never fires (it names a date that does not exist, such as 31 February).',
    );
  }
}
