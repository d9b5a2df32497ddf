// One plain sentence for what starts a run, shown on the canvas's trigger and in the
// workflow list (so both say the same thing).
import type { Workflow } from './types.js';

const DAY_NAMES: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

function describeSchedule(schedule: Record<string, unknown>): string {
  const zone = ` (${String(schedule.timezone ?? 'UTC')})`;
  if ('cron' in schedule) return `Schedule: cron ${String(schedule.cron)}${zone}`;
  const at = schedule.at ? ` at ${String(schedule.at)}` : '';
  switch (schedule.every) {
    case 'minutes':
      return `Schedule: every ${String(schedule.interval)} minutes${zone}`;
    case 'hourly':
      return `Schedule: every hour at minute ${String(schedule.minute ?? 0)}${zone}`;
    case 'daily':
      return `Schedule: every day${at}${zone}`;
    case 'workdays':
      return `Schedule: every workday (Mon–Fri)${at}${zone}`;
    case 'weekly':
      return `Schedule: every ${DAY_NAMES[String(schedule.day)] ?? String(schedule.day)}${at}${zone}`;
    case 'monthly':
      return `Schedule: every month on ${schedule.day === 'last' ? 'the last day' : `day ${String(schedule.day)}`}${at}${zone}`;
    default:
      return `Schedule${zone}`;
  }
}

export function describeTrigger(trigger: Workflow['trigger'] | undefined): string {
  if (!trigger) return '';
  switch (trigger.type) {
    case 'schedule':
      return describeSchedule(trigger.schedule as Record<string, unknown>);
    case 'manual':
      return 'Manual: the Run button';
    case 'webhook':
      return 'Webhook: an HTTP call';
    default:
      return 'Called by another workflow';
  }
}
