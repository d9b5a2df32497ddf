// The schedule maths, as a table of cases worked out by hand from the 2026 DST dates:
// Europe/London    spring 29 Mar 01:00 GMT -> 02:00 BST; autumn 25 Oct 02:00 BST -> 01:00 GMT
// America/New_York spring  8 Mar 02:00 EST -> 03:00 EDT; autumn  1 Nov 02:00 EDT -> 01:00 EST
// Australia/Sydney autumn  5 Apr 03:00 AEDT -> 02:00 AEST; spring 4 Oct 02:00 AEST -> 03:00 AEDT
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../engine/model/workflow.schema.js';
import {
  checkSchedule,
  latestFireTime,
  nextFireTime,
  nextFireTimes,
  ScheduleError,
} from '../../server/schedules/schedule-math.js';

interface Case {
  name: string;
  schedule: Schedule;
  after: string;
  expected: string[];
}

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const SYDNEY = 'Australia/Sydney';

const cases: Case[] = [
  // Europe/London
  {
    name: 'daily 09:00 London keeps 09:00 local across the spring change',
    schedule: { every: 'daily', at: '09:00', timezone: LONDON },
    after: '2026-03-27T12:00:00Z',
    expected: ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z'],
  },
  {
    name: 'daily 01:30 London on the spring day runs at 02:00 BST, the first minute after the gap',
    schedule: { every: 'daily', at: '01:30', timezone: LONDON },
    after: '2026-03-28T12:00:00Z',
    expected: ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
  },
  {
    name: 'daily 01:30 London on the autumn day runs once, at the first (BST) 01:30',
    schedule: { every: 'daily', at: '01:30', timezone: LONDON },
    after: '2026-10-24T12:00:00Z',
    expected: ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
  },
  {
    name: 'daily 09:00 London across the autumn change',
    schedule: { every: 'daily', at: '09:00', timezone: LONDON },
    after: '2026-10-23T12:00:00Z',
    expected: ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z'],
  },
  {
    name: 'hourly :15 London runs every real hour through the repeated hour',
    schedule: { every: 'hourly', minute: 15, timezone: LONDON },
    after: '2026-10-24T23:00:00Z',
    expected: [
      '2026-10-24T23:15:00.000Z',
      '2026-10-25T00:15:00.000Z',
      '2026-10-25T01:15:00.000Z',
      '2026-10-25T02:15:00.000Z',
    ],
  },
  {
    name: 'hourly :30 London runs every real hour across the spring gap',
    schedule: { every: 'hourly', minute: 30, timezone: LONDON },
    after: '2026-03-29T00:00:00Z',
    expected: ['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T02:30:00.000Z'],
  },
  {
    name: 'every 30 minutes London keeps its rhythm through the repeated hour',
    schedule: { every: 'minutes', interval: 30, timezone: LONDON },
    after: '2026-10-25T00:00:00Z',
    expected: [
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ],
  },
  {
    name: 'every 5 minutes London: 00:55 GMT is followed by 02:00 BST, five real minutes later',
    schedule: { every: 'minutes', interval: 5, timezone: LONDON },
    after: '2026-03-29T00:50:00Z',
    expected: ['2026-03-29T00:55:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:05:00.000Z'],
  },
  {
    name: 'every 90 minutes London: slots are times of day, 01:30 in the gap runs at 02:00 BST',
    schedule: { every: 'minutes', interval: 90, timezone: LONDON },
    after: '2026-03-28T23:00:00Z',
    expected: [
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
      '2026-03-29T03:30:00.000Z',
    ],
  },
  {
    name: 'every 1440 minutes London is local midnight, before and after the change',
    schedule: { every: 'minutes', interval: 1440, timezone: LONDON },
    after: '2026-03-28T12:00:00Z',
    expected: ['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z'],
  },
  {
    name: 'cron "30 1 * * *" London follows the same rule as daily 01:30 (spring)',
    schedule: { cron: '30 1 * * *', timezone: LONDON },
    after: '2026-03-28T12:00:00Z',
    expected: ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
  },
  {
    name: 'cron "30 1,13 * * *" London: a list of times of day is fixed-time, 01:30 runs once in autumn',
    schedule: { cron: '30 1,13 * * *', timezone: LONDON },
    after: '2026-10-24T12:00:00Z',
    expected: ['2026-10-24T12:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T13:30:00.000Z'],
  },
  {
    name: 'cron "*/20 1 * * *" London is an interval: both passes of the repeated 01:xx run',
    schedule: { cron: '*/20 1 * * *', timezone: LONDON },
    after: '2026-10-24T12:00:00Z',
    expected: [
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:20:00.000Z',
      '2026-10-25T00:40:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:20:00.000Z',
      '2026-10-25T01:40:00.000Z',
      '2026-10-26T01:00:00.000Z',
    ],
  },
  {
    name: 'monthly last at 01:30 London: 31 March 2024 was the spring Sunday, so 02:00 BST',
    schedule: { every: 'monthly', day: 'last', at: '01:30', timezone: LONDON },
    after: '2024-03-01T00:00:00Z',
    expected: ['2024-03-31T01:00:00.000Z', '2024-04-30T00:30:00.000Z'],
  },
  {
    name: 'monthly 31 at 09:00 London: short months run on their last day, in local time',
    schedule: { every: 'monthly', day: 31, at: '09:00', timezone: LONDON },
    after: '2026-02-01T00:00:00Z',
    expected: [
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-04-30T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
    ],
  },
  // America/New_York
  {
    name: 'daily 02:30 New York on the spring day runs at 03:00 EDT',
    schedule: { every: 'daily', at: '02:30', timezone: NEW_YORK },
    after: '2026-03-07T12:00:00Z',
    expected: ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
  },
  {
    name: 'daily 01:30 New York on the autumn day runs once, at 01:30 EDT',
    schedule: { every: 'daily', at: '01:30', timezone: NEW_YORK },
    after: '2026-10-31T12:00:00Z',
    expected: ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
  },
  {
    name: 'workdays 09:00 New York skip the weekend and follow the spring change',
    schedule: { every: 'workdays', at: '09:00', timezone: NEW_YORK },
    after: '2026-03-05T15:00:00Z',
    expected: ['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-10T13:00:00.000Z'],
  },
  {
    name: 'workdays 09:00 New York asked on a Saturday start on Monday',
    schedule: { every: 'workdays', at: '09:00', timezone: NEW_YORK },
    after: '2026-03-07T12:00:00Z',
    expected: ['2026-03-09T13:00:00.000Z'],
  },
  {
    name: 'weekly Sunday 02:30 New York: the spring Sunday runs at 03:00 EDT',
    schedule: { every: 'weekly', day: 'sun', at: '02:30', timezone: NEW_YORK },
    after: '2026-03-01T12:00:00Z',
    expected: ['2026-03-08T07:00:00.000Z', '2026-03-15T06:30:00.000Z'],
  },
  {
    name: 'weekly Monday 09:00 New York across the autumn change',
    schedule: { every: 'weekly', day: 'mon', at: '09:00', timezone: NEW_YORK },
    after: '2026-10-27T00:00:00Z',
    expected: ['2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z'],
  },
  // Australia/Sydney
  {
    name: 'daily 02:30 Sydney on the spring day (4 October) runs at 03:00 AEDT',
    schedule: { every: 'daily', at: '02:30', timezone: SYDNEY },
    after: '2026-10-03T00:00:00Z',
    expected: ['2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'],
  },
  {
    name: 'daily 02:30 Sydney on the autumn day (5 April) runs once, at 02:30 AEDT',
    schedule: { every: 'daily', at: '02:30', timezone: SYDNEY },
    after: '2026-04-04T00:00:00Z',
    expected: ['2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z'],
  },
  {
    name: 'daily 09:00 Sydney across the autumn change',
    schedule: { every: 'daily', at: '09:00', timezone: SYDNEY },
    after: '2026-04-03T12:00:00Z',
    expected: ['2026-04-03T22:00:00.000Z', '2026-04-04T23:00:00.000Z'],
  },
  // Month ends and 29 February (UTC)
  {
    name: 'monthly 31 falls on the last day of shorter months',
    schedule: { every: 'monthly', day: 31, at: '09:00', timezone: 'UTC' },
    after: '2026-01-01T00:00:00Z',
    expected: [
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-30T09:00:00.000Z',
      '2026-05-31T09:00:00.000Z',
      '2026-06-30T09:00:00.000Z',
    ],
  },
  {
    name: 'monthly last in a leap year is 29 February',
    schedule: { every: 'monthly', day: 'last', at: '09:00', timezone: 'UTC' },
    after: '2028-01-01T00:00:00Z',
    expected: ['2028-01-31T09:00:00.000Z', '2028-02-29T09:00:00.000Z', '2028-03-31T09:00:00.000Z'],
  },
  {
    name: 'monthly 29 runs on 28 February in a common year and once on 29 February in a leap year',
    schedule: { every: 'monthly', day: 29, at: '09:00', timezone: 'UTC' },
    after: '2027-01-01T00:00:00Z',
    expected: ['2027-01-29T09:00:00.000Z', '2027-02-28T09:00:00.000Z', '2027-03-29T09:00:00.000Z'],
  },
  {
    name: 'monthly 30 in a leap year runs on 29 February, once',
    schedule: { every: 'monthly', day: 30, at: '09:00', timezone: 'UTC' },
    after: '2028-01-15T00:00:00Z',
    expected: ['2028-01-30T09:00:00.000Z', '2028-02-29T09:00:00.000Z', '2028-03-30T09:00:00.000Z'],
  },
  {
    name: 'monthly 29 in a leap year: 29 February once',
    schedule: { every: 'monthly', day: 29, at: '09:00', timezone: 'UTC' },
    after: '2028-02-01T00:00:00Z',
    expected: ['2028-02-29T09:00:00.000Z', '2028-03-29T09:00:00.000Z'],
  },
  {
    name: 'cron for 29 February skips to the next leap year',
    schedule: { cron: '0 9 29 2 *', timezone: 'UTC' },
    after: '2028-03-01T00:00:00Z',
    expected: ['2032-02-29T09:00:00.000Z'],
  },
  // Alignment of "minutes"
  {
    name: 'every 60 minutes in Asia/Kolkata is on the local hour (half past in UTC)',
    schedule: { every: 'minutes', interval: 60, timezone: 'Asia/Kolkata' },
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T00:30:00.000Z', '2026-01-01T01:30:00.000Z'],
  },
  {
    name: 'every 7 minutes does not divide a day, so it counts from the Unix epoch',
    schedule: { every: 'minutes', interval: 7, timezone: LONDON },
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T00:07:00.000Z', '2026-01-01T00:14:00.000Z'],
  },
  {
    name: 'a slot exactly at "after" is not returned again',
    schedule: { every: 'daily', at: '09:00', timezone: 'UTC' },
    after: '2026-05-05T09:00:00Z',
    expected: ['2026-05-06T09:00:00.000Z'],
  },
];

describe('nextFireTimes: the table', () => {
  it.each(cases)('$name', ({ schedule, after, expected }) => {
    const times = nextFireTimes(schedule, new Date(after), expected.length).map((d) =>
      d.toISOString(),
    );
    expect(times).toEqual(expected);
  });

  it('nextFireTime is the first of nextFireTimes', () => {
    const schedule: Schedule = { every: 'weekly', day: 'fri', at: '17:45', timezone: SYDNEY };
    expect(nextFireTime(schedule, new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-06-05T07:45:00.000Z',
    );
  });
});

describe('bad schedules', () => {
  function errorOf(fn: () => unknown): ScheduleError {
    try {
      fn();
    } catch (err) {
      if (err instanceof ScheduleError) return err;
      throw err;
    }
    throw new Error('expected a ScheduleError');
  }

  it('an unknown timezone names schedule.timezone', () => {
    const err = errorOf(() =>
      nextFireTimes({ every: 'daily', at: '09:00', timezone: 'Mars/Olympus' }, new Date(), 1),
    );
    expect(err.path).toBe('schedule.timezone');
    expect(err.message).toBe(
      '"Mars/Olympus" is not a known timezone. Use an IANA name such as "Europe/London", "America/New_York" or "UTC".',
    );
  });

  it('an invalid cron pattern names schedule.cron and says what is wrong', () => {
    const err = errorOf(() =>
      nextFireTimes({ cron: '0 25 * * *', timezone: 'UTC' }, new Date(), 1),
    );
    expect(err.path).toBe('schedule.cron');
    expect(err.message).toContain('"0 25 * * *" is not a valid cron expression');
    expect(err.message).toContain('hour');
  });

  it('a cron with a seconds field is refused unless the test-only option allows it', () => {
    const err = errorOf(() =>
      nextFireTimes({ cron: '*/2 * * * * *', timezone: 'UTC' }, new Date(), 1),
    );
    expect(err.path).toBe('schedule.cron');
    expect(err.message).toContain('Use five fields');
    const times = nextFireTimes(
      { cron: '*/2 * * * * *', timezone: 'UTC' },
      new Date('2026-01-01T00:00:00.500Z'),
      3,
      { allowSeconds: true },
    );
    expect(times.map((d) => d.toISOString())).toEqual([
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:04.000Z',
      '2026-01-01T00:00:06.000Z',
    ]);
  });

  it('a cron that never fires gives no times, and checkSchedule says so', () => {
    const schedule: Schedule = { cron: '0 9 31 2 *', timezone: 'UTC' };
    expect(nextFireTimes(schedule, new Date('2026-01-01T00:00:00Z'), 3)).toEqual([]);
    const err = errorOf(() => checkSchedule(schedule));
    expect(err.path).toBe('schedule.cron');
    expect(err.message).toContain('never fires');
  });
});

describe('latestFireTime (the one missed slot to run after downtime)', () => {
  it('finds the last minute before now after a week of every-minute slots', () => {
    const schedule: Schedule = { every: 'minutes', interval: 1, timezone: 'UTC' };
    const latest = latestFireTime(
      schedule,
      new Date('2026-01-08T10:00:30Z'),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(latest.toISOString()).toBe('2026-01-08T10:00:00.000Z');
  });

  it('finds the last daily slot across the London spring change', () => {
    const schedule: Schedule = { every: 'daily', at: '09:00', timezone: LONDON };
    const latest = latestFireTime(
      schedule,
      new Date('2026-03-30T07:00:00Z'),
      new Date('2026-03-20T09:00:00Z'),
    );
    expect(latest.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('returns the floor when it is the only slot before now', () => {
    const schedule: Schedule = { every: 'monthly', day: 'last', at: '09:00', timezone: 'UTC' };
    const latest = latestFireTime(
      schedule,
      new Date('2026-02-10T00:00:00Z'),
      new Date('2026-01-31T09:00:00Z'),
    );
    expect(latest.toISOString()).toBe('2026-01-31T09:00:00.000Z');
  });
});
