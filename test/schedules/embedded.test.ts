// The embedded scheduler against a real SQLite file, driven by a clock the test moves, and
// its /api/schedules routes over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { tempDir } from '../helpers/temp-dir.js';
import { listen, type Listening } from '../helpers/listen.js';
import {
  createEmbeddedScheduler,
  type EmbeddedScheduler,
} from '../../server/schedules/embedded-scheduler.js';
import { createScheduler } from '../../server/schedules/index.js';
import { FakeServer, openScheduleDb, testClock } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let file: string;
const open: Database.Database[] = [];
const schedulers: EmbeddedScheduler[] = [];

function db(): Database.Database {
  const handle = openScheduleDb(file);
  open.push(handle);
  return handle;
}

function scheduler(
  server: FakeServer,
  clock: { now: () => number },
  handle = db(),
): EmbeddedScheduler {
  const s = createEmbeddedScheduler(server.deps(handle, clock.now));
  schedulers.push(s);
  return s;
}

beforeEach(() => {
  dir = tempDir('stepwise-schedules-');
  file = join(dir.path, 'stepwise.db');
});

afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const handle of open.splice(0)) handle.close();
  dir.remove();
});

describe('embedded scheduler', () => {
  it('fires a slot once when it is due, with the schedule trigger output, and records the fire', async () => {
    const clock = testClock('2026-03-02T08:30:00Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf_daily',
      name: 'Morning sync',
      schedule: { every: 'daily', at: '09:00', timezone: 'Europe/London' },
    });
    const s = scheduler(server, clock);
    await s.start();
    expect(server.runs).toEqual([]);

    clock.set('2026-03-02T08:59:59Z');
    expect(await s.runDueSchedules()).toBe(0);

    clock.set('2026-03-02T09:00:01Z');
    expect(await s.runDueSchedules()).toBe(1);
    expect(await s.runDueSchedules()).toBe(0);
    expect(server.runs).toEqual([
      {
        workflowId: 'wf_daily',
        runId: 'run_a1',
        trigger: {
          type: 'schedule',
          dueAt: '2026-03-02T09:00:00.000Z',
          firedAt: '2026-03-02T09:00:01.000Z',
        },
      },
    ]);
  });

  it('after downtime across several slots runs only the most recent one, once, then carries on', async () => {
    const clock = testClock('2026-03-02T08:10:00Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf_hourly',
      name: 'Hourly',
      schedule: { every: 'hourly', minute: 0, timezone: 'UTC' },
    });
    const before = scheduler(server, clock);
    await before.start();
    await before.stop();

    // Down from 08:10 to 12:30: the 09:00, 10:00, 11:00 and 12:00 slots passed unseen.
    clock.set('2026-03-02T12:30:00Z');
    const after = scheduler(server, clock);
    await after.start();
    expect(server.runs.map((r) => r.trigger.dueAt)).toEqual(['2026-03-02T12:00:00.000Z']);
    expect(await after.runDueSchedules()).toBe(0);

    clock.set('2026-03-02T13:00:00Z');
    expect(await after.runDueSchedules()).toBe(1);
    expect(server.runs.map((r) => r.trigger.dueAt)).toEqual([
      '2026-03-02T12:00:00.000Z',
      '2026-03-02T13:00:00.000Z',
    ]);
  });

  it('a restart before the slot fires nothing early', async () => {
    const clock = testClock('2026-03-02T08:10:00Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf',
      name: 'W',
      schedule: { every: 'hourly', minute: 0, timezone: 'UTC' },
    });
    await scheduler(server, clock).start();
    clock.set('2026-03-02T08:50:00Z');
    await scheduler(server, clock).start();
    expect(server.runs).toEqual([]);
  });

  it('two schedulers sharing one SQLite file fire each slot exactly once', async () => {
    const clock = testClock('2026-03-02T08:58:00Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf_1',
      name: 'One',
      schedule: { every: 'minutes', interval: 1, timezone: 'UTC' },
    });
    server.add({
      workflowId: 'wf_5',
      name: 'Five',
      schedule: { every: 'minutes', interval: 5, timezone: 'UTC' },
    });
    const a = scheduler(server, clock);
    const b = scheduler(server, clock);
    await Promise.all([a.start(), b.start()]);
    for (const at of ['2026-03-02T08:59:00Z', '2026-03-02T09:00:00Z', '2026-03-02T09:01:00Z']) {
      clock.set(at);
      await Promise.all([a.runDueSchedules(), b.runDueSchedules(), a.runDueSchedules()]);
    }
    const fired = server.runs.map((r) => `${r.workflowId}@${r.trigger.dueAt}`).sort();
    expect(fired).toEqual([
      'wf_1@2026-03-02T08:59:00.000Z',
      'wf_1@2026-03-02T09:00:00.000Z',
      'wf_1@2026-03-02T09:01:00.000Z',
      'wf_5@2026-03-02T09:00:00.000Z',
    ]);
  });

  it('switched off: no fires and the schedule is kept; switched on: the next slot from then, no catch-up', async () => {
    const clock = testClock('2026-03-02T08:30:00Z');
    const server = new FakeServer();
    const schedule = { every: 'daily', at: '09:00', timezone: 'UTC' } as const;
    server.add({ workflowId: 'wf', name: 'W', schedule });
    const s = scheduler(server, clock);
    await s.start();

    server.workflows.get('wf')!.enabled = false;
    await s.workflowChanged('wf');
    clock.set('2026-03-04T10:00:00Z');
    expect(await s.runDueSchedules()).toBe(0);

    server.workflows.get('wf')!.enabled = true;
    await s.workflowChanged('wf');
    expect(await s.runDueSchedules()).toBe(0);
    clock.set('2026-03-05T09:00:00Z');
    expect(await s.runDueSchedules()).toBe(1);
    expect(server.runs.map((r) => r.trigger.dueAt)).toEqual(['2026-03-05T09:00:00.000Z']);
  });

  it('a changed schedule moves the next slot; a deleted workflow stops firing', async () => {
    const clock = testClock('2026-03-02T08:30:00Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf',
      name: 'W',
      schedule: { every: 'daily', at: '09:00', timezone: 'UTC' },
    });
    const s = scheduler(server, clock);
    await s.start();

    server.add({
      workflowId: 'wf',
      name: 'W',
      schedule: { every: 'daily', at: '08:45', timezone: 'UTC' },
    });
    await s.workflowChanged('wf');
    clock.set('2026-03-02T08:45:00Z');
    expect(await s.runDueSchedules()).toBe(1);

    server.workflows.delete('wf');
    await s.workflowChanged('wf');
    clock.set('2026-03-03T09:00:00Z');
    expect(await s.runDueSchedules()).toBe(0);
    expect(server.runs.map((r) => r.trigger.dueAt)).toEqual(['2026-03-02T08:45:00.000Z']);
  });

  it('keeps the newest 200 fires of a workflow', async () => {
    const clock = testClock('2026-03-02T00:00:30Z');
    const server = new FakeServer();
    server.add({
      workflowId: 'wf',
      name: 'W',
      schedule: { every: 'minutes', interval: 1, timezone: 'UTC' },
    });
    const handle = db();
    const s = scheduler(server, clock, handle);
    await s.start();
    for (let minute = 1; minute <= 205; minute++) {
      clock.set(new Date(Date.parse('2026-03-02T00:00:00Z') + minute * 60_000).toISOString());
      await s.runDueSchedules();
    }
    expect(server.runs).toHaveLength(205);
    const kept = handle
      .prepare('SELECT min(due_at) AS oldest, count(*) AS n FROM schedule_fires')
      .get() as { oldest: number; n: number };
    expect(kept.n).toBe(200);
    expect(new Date(kept.oldest).toISOString()).toBe('2026-03-02T00:06:00.000Z');
  });

  it('with its timer on, fires slot after slot by itself (real clock, one-second test slots)', async () => {
    const server = new FakeServer();
    server.add({ workflowId: 'wf', name: 'W', schedule: { cron: '* * * * * *', timezone: 'UTC' } });
    const s = createEmbeddedScheduler(
      server.deps(db(), Date.now, { autoTick: true, math: { allowSeconds: true } }),
    );
    schedulers.push(s);
    await s.start();
    const end = Date.now() + 15_000;
    while (server.runs.length < 3 && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await s.stop();
    const due = server.runs.map((r) => Date.parse(r.trigger.dueAt));
    expect(due.length).toBeGreaterThanOrEqual(3);
    // Whole seconds, each once (a stalled machine may skip a slot, never repeat one).
    for (let i = 1; i < due.length; i++) {
      expect(due[i] - due[i - 1]).toBeGreaterThanOrEqual(1000);
      expect(due[i] % 1000).toBe(0);
    }
  });

  it('createScheduler in embedded mode refuses a database without the schedule tables', async () => {
    const Database = (await import('better-sqlite3')).default;
    const bare = new Database(join(dir.path, 'bare.db'));
    open.push(bare);
    const server = new FakeServer();
    await expect(createScheduler(server.deps(bare, Date.now))).rejects.toThrow(
      'The schedule tables are missing: apply server/db/migrations/010-schedules.sql before creating the scheduler',
    );
  });
});

describe('/api/schedules', () => {
  let http: Listening;
  let clock: ReturnType<typeof testClock>;
  let server: FakeServer;
  let s: EmbeddedScheduler;

  beforeEach(async () => {
    clock = testClock('2026-03-02T08:30:00Z');
    server = new FakeServer();
    s = scheduler(server, clock);
    const app = express();
    app.use('/api/schedules', s.router);
    http = await listen(app);
  });

  afterEach(async () => {
    await http.close();
  });

  const get = async () => {
    const res = await fetch(`${http.url}/api/schedules`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const preview = async (body: unknown) => {
    const res = await fetch(`${http.url}/api/schedules/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('GET lists each scheduled workflow with nextRunAt and its fires, newest first, with run statuses', async () => {
    server.add({
      workflowId: 'wf_a',
      name: 'Hourly import',
      schedule: { every: 'hourly', minute: 0, timezone: 'UTC' },
    });
    server.add({
      workflowId: 'wf_b',
      name: 'Paused report',
      schedule: { every: 'weekly', day: 'mon', at: '09:00', timezone: 'UTC' },
      enabled: false,
    });
    await s.start();

    clock.set('2026-03-02T09:00:05Z');
    await s.runDueSchedules();
    server.failNextStart = 'The workflow has no steps';
    clock.set('2026-03-02T10:00:02Z');
    await s.runDueSchedules();
    clock.set('2026-03-02T11:00:00Z');
    await s.runDueSchedules();
    server.statuses.run_a1 = 'succeeded';

    expect(await get()).toEqual([
      {
        workflowId: 'wf_a',
        name: 'Hourly import',
        schedule: { every: 'hourly', minute: 0, timezone: 'UTC' },
        enabled: true,
        nextRunAt: '2026-03-02T12:00:00.000Z',
        problem: null,
        fires: [
          {
            dueAt: '2026-03-02T11:00:00.000Z',
            startedAt: '2026-03-02T11:00:00.000Z',
            runId: 'run_a2',
            status: 'queued',
          },
          {
            dueAt: '2026-03-02T10:00:00.000Z',
            startedAt: '2026-03-02T10:00:02.000Z',
            runId: null,
            status: 'failed',
            error: 'The workflow has no steps',
          },
          {
            dueAt: '2026-03-02T09:00:00.000Z',
            startedAt: '2026-03-02T09:00:05.000Z',
            runId: 'run_a1',
            status: 'succeeded',
          },
        ],
      },
      {
        workflowId: 'wf_b',
        name: 'Paused report',
        schedule: { every: 'weekly', day: 'mon', at: '09:00', timezone: 'UTC' },
        enabled: false,
        nextRunAt: null,
        problem: null,
        fires: [],
      },
    ]);
  });

  it('GET shows why a saved schedule cannot fire', async () => {
    server.add({
      workflowId: 'wf_bad',
      name: 'Bad zone',
      schedule: { every: 'daily', at: '09:00', timezone: 'Europe/Londn' },
    });
    await s.start();
    const [item] = await get();
    expect(item.nextRunAt).toBeNull();
    expect(item.problem).toBe(
      'schedule.timezone: "Europe/Londn" is not a known timezone. Use an IANA name such as "Europe/London", "America/New_York" or "UTC".',
    );
  });

  it('GET shows every reason a saved schedule cannot fire', async () => {
    server.add({
      workflowId: 'wf_worse',
      name: 'Bad zone, bad cron',
      schedule: { cron: '0 9 * * MONDAY', timezone: 'Europe/Londn' },
    });
    await s.start();
    const [item] = await get();
    expect(item.nextRunAt).toBeNull();
    expect(item.problem).toMatch(
      /^schedule\.timezone: "Europe\/Londn" is not a known timezone\. .* schedule\.cron: "0 9 \* \* MONDAY" is not a valid cron expression/,
    );
  });

  it('POST /preview answers the next 10 fire times', async () => {
    const res = await preview({
      schedule: { every: 'workdays', at: '09:00', timezone: 'America/New_York' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      times: [
        '2026-03-02T14:00:00.000Z',
        '2026-03-03T14:00:00.000Z',
        '2026-03-04T14:00:00.000Z',
        '2026-03-05T14:00:00.000Z',
        '2026-03-06T14:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-10T13:00:00.000Z',
        '2026-03-11T13:00:00.000Z',
        '2026-03-12T13:00:00.000Z',
        '2026-03-13T13:00:00.000Z',
      ],
    });
  });

  it('POST /preview fills in the default timezone (UTC)', async () => {
    const res = await preview({ schedule: { cron: '0 9 1 * *' } });
    expect(res.body.times.slice(0, 2)).toEqual([
      '2026-04-01T09:00:00.000Z',
      '2026-05-01T09:00:00.000Z',
    ]);
  });

  it('POST /preview: an unknown timezone is a 400 naming schedule.timezone', async () => {
    const res = await preview({
      schedule: { every: 'daily', at: '09:00', timezone: 'Europe/Paaris' },
    });
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION',
          message: 'The schedule is not valid',
          issues: [
            {
              path: 'schedule.timezone',
              message:
                '"Europe/Paaris" is not a known timezone. Use an IANA name such as "Europe/London", "America/New_York" or "UTC".',
            },
          ],
        },
      },
    });
  });

  it('POST /preview: an invalid cron is a 400 naming schedule.cron', async () => {
    const res = await preview({ schedule: { cron: '0 9 * * MONDAY' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues).toHaveLength(1);
    expect(res.body.error.issues[0].path).toBe('schedule.cron');
    expect(res.body.error.issues[0].message).toContain(
      '"0 9 * * MONDAY" is not a valid cron expression',
    );
  });

  it('POST /preview lists every problem: a bad cron and a bad timezone together', async () => {
    const res = await preview({ schedule: { cron: '0 9 * * MONDAY', timezone: 'Europe/Paaris' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'schedule.timezone',
      'schedule.cron',
    ]);
    expect(res.body.error.issues[0].message).toContain('"Europe/Paaris" is not a known timezone');
    expect(res.body.error.issues[1].message).toContain(
      '"0 9 * * MONDAY" is not a valid cron expression',
    );
  });

  it('POST /preview lists a bad time and a bad timezone together', async () => {
    const res = await preview({
      schedule: { every: 'daily', at: '9am', timezone: 'Mars/Olympus' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'schedule.at', message: 'Use a 24-hour time such as "09:00"' },
      {
        path: 'schedule.timezone',
        message:
          '"Mars/Olympus" is not a known timezone. Use an IANA name such as "Europe/London", "America/New_York" or "UTC".',
      },
    ]);
  });

  it('POST /preview: a cron with a seconds field is refused for users', async () => {
    const res = await preview({ schedule: { cron: '*/5 * * * * *' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('schedule.cron');
  });

  it('POST /preview: a cron that never fires is a 400', async () => {
    const res = await preview({ schedule: { cron: '0 9 30 2 *' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      {
        path: 'schedule.cron',
        message:
          'This cron expression never fires (it names a date that does not exist, such as 31 February).',
      },
    ]);
  });

  it('POST /preview: a bad field of the chosen form is named', async () => {
    const res = await preview({ schedule: { every: 'daily', at: '9am' } });
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION',
          message: 'The schedule is not valid',
          issues: [{ path: 'schedule.at', message: 'Use a 24-hour time such as "09:00"' }],
        },
      },
    });
    const monthly = await preview({ schedule: { every: 'monthly', day: 32, at: '09:00' } });
    expect(monthly.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'schedule.day',
    ]);
    // Plain words, as when the workflow is saved, not zod's "Too small: expected string…".
    const empty = await preview({ schedule: { cron: '0 9 * * *', timezone: '' } });
    expect(empty.body.error.issues).toEqual([
      { path: 'schedule.timezone', message: 'Cannot be empty' },
    ]);
  });

  it('POST /preview: an unknown form or a missing schedule is named', async () => {
    const unknown = await preview({ schedule: { every: 'fortnightly', at: '09:00' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([
      {
        path: 'schedule.every',
        message: 'Give "every" (minutes, hourly, daily, workdays, weekly or monthly) or "cron".',
      },
    ]);
    const missing = await preview({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0].path).toBe('schedule');
  });
});
