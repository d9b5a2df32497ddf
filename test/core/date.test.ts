// The date connector: ISO 8601 in and out with the zone's offset, epoch milliseconds, and
// calendar arithmetic across the spring and autumn daylight saving changes in London and New York.
import { describe, expect, it } from 'vitest';
import { fails, ok } from './helpers.js';

const date = async (operation: string, input: Record<string, unknown>) =>
  ((await ok('date', operation, input)) as { date: string }).date;

describe('date connector', () => {
  it('now is in the zone asked, with its offset, and formats when asked', async () => {
    const before = Date.now();
    const out = (await ok('date', 'now', { timezone: 'America/New_York', format: 'yyyy' })) as {
      date: string;
      text: string;
    };
    expect(out.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?-0[45]:00$/);
    expect(Date.parse(out.date)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(out.text).toBe(out.date.slice(0, 4));
    expect(((await ok('date', 'now', {})) as { date: string }).date).toMatch(/Z$/);
    await fails('date', 'now', { timezone: 'Europe/Londn' }, 'INPUT_INVALID', 'timezone');
    await fails('date', 'now', { format: 12 }, 'INPUT_INVALID', 'format');
  });

  it('London spring change (31 March 2024): +1 day keeps 12:00 local, +24 hours does not', async () => {
    const input = {
      date: '2024-03-30T12:00:00',
      unit: 'days',
      amount: 1,
      timezone: 'Europe/London',
    };
    expect(await date('add', input)).toBe('2024-03-31T12:00:00+01:00');
    expect(await date('add', { ...input, unit: 'hours', amount: 24 })).toBe(
      '2024-03-31T13:00:00+01:00',
    );
    const diff = {
      from: '2024-03-30T12:00:00',
      to: '2024-03-31T12:00:00',
      timezone: 'Europe/London',
    };
    expect(await ok('date', 'difference', { ...diff, unit: 'days' })).toEqual({
      difference: 1,
      whole: 1,
    });
    expect(await ok('date', 'difference', { ...diff, unit: 'hours' })).toEqual({
      difference: 23,
      whole: 23,
    });
  });

  it('London autumn change (27 October 2024): the day has 25 hours', async () => {
    expect(
      await date('add', {
        date: '2024-10-26T09:00:00+01:00',
        amount: 1,
        unit: 'days',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-10-27T09:00:00+00:00');
    expect(
      await ok('date', 'difference', {
        from: '2024-10-27T00:00:00',
        to: '2024-10-28T00:00:00',
        unit: 'hours',
        timezone: 'Europe/London',
      }),
    ).toEqual({ difference: 25, whole: 25 });
    expect(
      await date('start_of', {
        date: '2024-10-27T15:00:00Z',
        unit: 'day',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-10-27T00:00:00+01:00');
    expect(
      await date('end_of', {
        date: '2024-10-27T15:00:00Z',
        unit: 'day',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-10-27T23:59:59.999+00:00');
  });

  it('New York spring (10 March 2024) and autumn (3 November 2024) changes', async () => {
    expect(
      await date('add', {
        date: '2024-03-09T08:30:00',
        amount: 1,
        unit: 'days',
        timezone: 'America/New_York',
      }),
    ).toBe('2024-03-10T08:30:00-04:00');
    expect(
      await date('subtract', {
        date: '2024-11-04T08:30:00-05:00',
        amount: 1,
        unit: 'days',
        timezone: 'America/New_York',
      }),
    ).toBe('2024-11-03T08:30:00-05:00');
    expect(
      await date('subtract', {
        date: '2024-11-04T08:30:00-05:00',
        amount: 2,
        unit: 'days',
        timezone: 'America/New_York',
      }),
    ).toBe('2024-11-02T08:30:00-04:00');
    expect(
      await ok('date', 'difference', {
        from: '2024-11-03T00:00:00-04:00',
        to: '2024-11-04T00:00:00-05:00',
        unit: 'hours',
        timezone: 'America/New_York',
      }),
    ).toEqual({ difference: 25, whole: 25 });
  });

  it('months: the end of a month stays in its month', async () => {
    expect(await date('add', { date: '2024-01-31', amount: 1, unit: 'months' })).toBe(
      '2024-02-29T00:00:00Z',
    );
    expect(await date('subtract', { date: '2024-03-31T10:00:00Z', amount: 1, unit: 'years' })).toBe(
      '2023-03-31T10:00:00Z',
    );
  });

  it('reads epoch milliseconds and keeps an offset written in the text when no zone is given', async () => {
    expect(await date('add', { date: 0, amount: 30, unit: 'minutes' })).toBe(
      '1970-01-01T00:30:00Z',
    );
    expect(
      await date('add', {
        date: 1711875600000,
        amount: 0,
        unit: 'days',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-03-31T10:00:00+01:00');
    expect(await date('add', { date: '2024-03-31T09:00:00-05:00', amount: 1, unit: 'hours' })).toBe(
      '2024-03-31T10:00:00-05:00',
    );
    expect(await date('add', { date: '2024-03-31 09:00:00', amount: 1, unit: 'hours' })).toBe(
      '2024-03-31T10:00:00Z',
    );
  });

  it('add and subtract bad inputs', async () => {
    const e = await fails(
      'date',
      'add',
      { date: 'next tuesday', amount: 1, unit: 'days' },
      'INPUT_INVALID',
      'date',
    );
    expect(e.message).toContain('ISO 8601');
    await fails(
      'date',
      'add',
      { date: { d: 1 }, amount: 1, unit: 'days' },
      'INPUT_INVALID',
      'date',
    );
    await fails('date', 'add', { amount: 1, unit: 'days' }, 'INPUT_INVALID', 'date');
    await fails(
      'date',
      'add',
      { date: '2024-01-01', amount: '1', unit: 'days' },
      'INPUT_INVALID',
      'amount',
    );
    await fails(
      'date',
      'subtract',
      { date: '2024-01-01', amount: 1, unit: 'fortnights' },
      'INPUT_INVALID',
      'unit',
    );
    await fails(
      'date',
      'subtract',
      { date: '2024-01-01', amount: 1, unit: 'days', timezone: 'Mars/Base' },
      'INPUT_INVALID',
      'timezone',
    );
  });

  it('difference: exact and whole units, negative backwards', async () => {
    expect(
      await ok('date', 'difference', {
        from: '2024-01-01T00:00:00Z',
        to: '2024-01-02T12:00:00Z',
        unit: 'days',
      }),
    ).toEqual({
      difference: 1.5,
      whole: 1,
    });
    expect(
      await ok('date', 'difference', {
        from: '2024-01-02T12:00:00Z',
        to: '2024-01-01T00:00:00Z',
        unit: 'days',
      }),
    ).toEqual({
      difference: -1.5,
      whole: -1,
    });
    await fails(
      'date',
      'difference',
      { from: '2024-01-01', to: 'soon', unit: 'days' },
      'INPUT_INVALID',
      'to',
    );
    await fails(
      'date',
      'difference',
      { from: true, to: '2024-01-01', unit: 'days' },
      'INPUT_INVALID',
      'from',
    );
    await fails(
      'date',
      'difference',
      { from: '2024-01-01', to: '2024-01-02' },
      'INPUT_INVALID',
      'unit',
    );
  });

  it('format writes the date in the zone, parse reads a written date in the zone', async () => {
    expect(
      await ok('date', 'format', {
        date: '2024-07-04T16:00:00Z',
        format: "EEE d MMMM yyyy 'at' HH:mm",
        timezone: 'America/New_York',
      }),
    ).toEqual({ text: 'Thu 4 July 2024 at 12:00' });
    expect(
      await date('parse', {
        text: '31/03/2024 13:45',
        format: 'dd/MM/yyyy HH:mm',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-03-31T13:45:00+01:00');
    expect(await date('parse', { text: '2024-12-25', format: 'yyyy-MM-dd' })).toBe(
      '2024-12-25T00:00:00Z',
    );
    await fails('date', 'format', { date: '2024-01-01' }, 'INPUT_INVALID', 'format');
    await fails('date', 'format', { date: 'x', format: 'yyyy' }, 'INPUT_INVALID', 'date');
    const e = await fails(
      'date',
      'parse',
      { text: '2024-31-12', format: 'yyyy-MM-dd' },
      'INPUT_INVALID',
      'text',
    );
    expect(e.message).toContain('yyyy-MM-dd');
    await fails('date', 'parse', { text: null, format: 'yyyy' }, 'INPUT_INVALID', 'text');
  });

  it('start_of and end_of a week (Monday) and a month in a zone', async () => {
    expect(
      await date('start_of', {
        date: '2024-03-31T12:00:00+01:00',
        unit: 'week',
        timezone: 'Europe/London',
      }),
    ).toBe('2024-03-25T00:00:00+00:00');
    expect(await date('end_of', { date: '2024-02-10', unit: 'month' })).toBe(
      '2024-02-29T23:59:59.999Z',
    );
    await fails('date', 'start_of', { date: '2024-02-10', unit: 'days' }, 'INPUT_INVALID', 'unit');
    await fails('date', 'end_of', { date: [], unit: 'day' }, 'INPUT_INVALID', 'date');
  });
});
