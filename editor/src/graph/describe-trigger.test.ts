import { describe, expect, it } from 'vitest';
import { describeTrigger } from './describe-trigger.js';
import type { Workflow } from './types.js';

const schedule = (s: Record<string, unknown>) =>
  describeTrigger({ type: 'schedule', schedule: s } as Workflow['trigger']);

describe('describeTrigger', () => {
  it('says each schedule preset in words, with its timezone', () => {
    expect(schedule({ every: 'minutes', interval: 15, timezone: 'Europe/Berlin' })).toBe(
      'Schedule: every 15 minutes (Europe/Berlin)',
    );
    expect(schedule({ every: 'hourly', minute: 30 })).toBe(
      'Schedule: every hour at minute 30 (UTC)',
    );
    expect(schedule({ every: 'daily', at: '09:00', timezone: 'UTC' })).toBe(
      'Schedule: every day at 09:00 (UTC)',
    );
    expect(schedule({ every: 'workdays', at: '08:15', timezone: 'UTC' })).toBe(
      'Schedule: every workday (Mon–Fri) at 08:15 (UTC)',
    );
    expect(schedule({ every: 'weekly', day: 'fri', at: '17:00', timezone: 'UTC' })).toBe(
      'Schedule: every Friday at 17:00 (UTC)',
    );
    expect(schedule({ every: 'monthly', day: 'last', at: '09:00', timezone: 'UTC' })).toBe(
      'Schedule: every month on the last day at 09:00 (UTC)',
    );
    expect(schedule({ every: 'monthly', day: 3, at: '09:00', timezone: 'UTC' })).toBe(
      'Schedule: every month on day 3 at 09:00 (UTC)',
    );
    expect(schedule({ cron: '0 9 * * 1-5', timezone: 'UTC' })).toBe(
      'Schedule: cron 0 9 * * 1-5 (UTC)',
    );
  });

  it('names the other triggers as the trigger panel does', () => {
    expect(describeTrigger({ type: 'manual' })).toBe('Manual: the Run button');
    expect(describeTrigger({ type: 'webhook' })).toBe('Webhook: an HTTP call');
    expect(describeTrigger({ type: 'callable' } as Workflow['trigger'])).toBe(
      'Called by another workflow',
    );
  });
});
