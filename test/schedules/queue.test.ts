// Queue mode against the real Redis on 127.0.0.1:6379: two API processes (two schedulers on
// one queue prefix and one SQLite file) and a two-second slot, so a test sees several slots.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type Database from 'better-sqlite3';
import type { Schedule } from '../../engine/model/workflow.schema.js';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createScheduler, type Scheduler } from '../../server/schedules/index.js';
import {
  SCHEDULE_QUEUE,
  scheduleRepeatStrategy,
  schedulerIdOf,
} from '../../server/schedules/queue-scheduler.js';
import { nextFireTime } from '../../server/schedules/schedule-math.js';
import { FakeServer, openScheduleDb } from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());

const EVERY_TWO_SECONDS: Schedule = { cron: '*/2 * * * * *', timezone: 'UTC' };
const math = { allowSeconds: true };

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!runRedis)('queue mode (BullMQ on the real Redis)', () => {
  let dir: ReturnType<typeof tempDir>;
  let prefix: string;
  let inspect: Queue;
  let redis: Redis;
  const open: Database.Database[] = [];
  const running: Scheduler[] = [];

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await redis.quit();
  });

  beforeEach(() => {
    dir = tempDir('stepwise-queue-schedules-');
    prefix = `test-schedules-${randomUUID()}`;
    inspect = new Queue(SCHEDULE_QUEUE, {
      connection: redis,
      prefix,
      settings: { repeatStrategy: scheduleRepeatStrategy(math) },
    });
  });

  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    await inspect.obliterate({ force: true });
    await inspect.close();
    for (const handle of open.splice(0)) handle.close();
    dir.remove();
  });

  /** One API process: its own SQLite connection to the shared file, its own scheduler. */
  async function apiProcess(server: FakeServer): Promise<Scheduler> {
    const db = openScheduleDb(join(dir.path, 'stepwise.db'));
    open.push(db);
    const s = await createScheduler(
      server.deps(db, Date.now, { mode: 'queue', redisUrl: REDIS_URL, queuePrefix: prefix, math }),
    );
    running.push(s);
    return s;
  }

  it('two API processes on one Redis fire each slot exactly once, and every slot in between', async () => {
    const server = new FakeServer();
    server.add({ workflowId: 'wf_fast', name: 'Fast', schedule: EVERY_TWO_SECONDS });
    const a = await apiProcess(server);
    const b = await apiProcess(server);
    await Promise.all([a.start(), b.start()]);
    expect((await inspect.getJobSchedulers()).map((j) => j.key)).toEqual(['workflow:wf_fast']);

    await waitFor('five fires', () => server.runs.length >= 5);
    await a.stop();
    await b.stop();

    const dueTimes = server.runs.map((r) => Date.parse(r.trigger.dueAt));
    expect(new Set(dueTimes).size).toBe(dueTimes.length);
    const sorted = [...dueTimes].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBe(2000);
    // BullMQ itself made one job per slot: no worker ever lost the claim in schedule_fires.
    const completed = await inspect.getJobs(['completed']);
    expect(completed.length).toBe(dueTimes.length);
    expect(new Set(completed.map((job) => job.returnvalue))).toEqual(new Set(['started']));
    expect(
      server.runs.every(
        (r) =>
          r.trigger.type === 'schedule' &&
          Date.parse(r.trigger.firedAt) >= Date.parse(r.trigger.dueAt),
      ),
    ).toBe(true);
  });

  it('uses our schedule maths for the next slot (monthly last, London time), not BullMQ cron', async () => {
    const schedule: Schedule = {
      every: 'monthly',
      day: 'last',
      at: '01:30',
      timezone: 'Europe/London',
    };
    const server = new FakeServer();
    server.add({ workflowId: 'wf_month_end', name: 'Month end', schedule });
    const before = Date.now();
    await (await apiProcess(server)).start();
    const scheduler = await inspect.getJobScheduler(schedulerIdOf('wf_month_end'));
    expect(scheduler?.next).toBe(nextFireTime(schedule, new Date(before))!.getTime());

    // The strategy BullMQ calls gives the DST-rule instants: 31 March 2024 was the spring Sunday.
    const strategy = scheduleRepeatStrategy({});
    const pattern = scheduler!.pattern!;
    expect(new Date(strategy(Date.parse('2024-03-01T00:00:00Z'), { pattern })!).toISOString()).toBe(
      '2024-03-31T01:00:00.000Z',
    );
    expect(new Date(strategy(Date.parse('2024-03-31T01:00:00Z'), { pattern })!).toISOString()).toBe(
      '2024-04-30T00:30:00.000Z',
    );
  });

  it('switching off removes the job scheduler, switching on brings it back; a change replaces it', async () => {
    const server = new FakeServer();
    server.add({
      workflowId: 'wf',
      name: 'W',
      schedule: { every: 'daily', at: '09:00', timezone: 'UTC' },
    });
    const s = await apiProcess(server);
    await s.start();
    const id = schedulerIdOf('wf');
    expect((await inspect.getJobScheduler(id))?.next).toBe(
      nextFireTime({ every: 'daily', at: '09:00', timezone: 'UTC' }, new Date())!.getTime(),
    );
    expect(await inspect.getDelayedCount()).toBe(1);

    server.workflows.get('wf')!.enabled = false;
    await s.workflowChanged('wf');
    expect(await inspect.getJobScheduler(id)).toBeUndefined();
    expect(await inspect.getDelayedCount()).toBe(0);

    server.workflows.get('wf')!.enabled = true;
    await s.workflowChanged('wf');
    expect((await inspect.getJobScheduler(id))?.next).toBe(
      nextFireTime({ every: 'daily', at: '09:00', timezone: 'UTC' }, new Date())!.getTime(),
    );

    const changed: Schedule = {
      every: 'weekly',
      day: 'fri',
      at: '17:00',
      timezone: 'America/New_York',
    };
    server.add({ workflowId: 'wf', name: 'W', schedule: changed });
    await s.workflowChanged('wf');
    expect((await inspect.getJobScheduler(id))?.next).toBe(
      nextFireTime(changed, new Date())!.getTime(),
    );
    expect(await inspect.getDelayedCount()).toBe(1);

    server.workflows.delete('wf');
    await s.workflowChanged('wf');
    expect(await inspect.getJobSchedulersCount()).toBe(0);
  });

  it('after every API process was down across slots, the missed slot runs once and then the rhythm resumes', async () => {
    const server = new FakeServer();
    server.add({ workflowId: 'wf_fast', name: 'Fast', schedule: EVERY_TWO_SECONDS });
    const first = await apiProcess(server);
    await first.start();
    await waitFor('a first fire', () => server.runs.length >= 1);
    await first.stop();
    const firedBefore = server.runs.length;

    // Down for about five seconds: two or three slots pass with no worker.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const restartedAt = Date.now();
    await (await apiProcess(server)).start();
    await waitFor('fires after the restart', () => server.runs.length >= firedBefore + 3);

    const afterRestart = server.runs.slice(firedBefore).map((r) => Date.parse(r.trigger.dueAt));
    // One fire for the downtime: the most recent slot (BullMQ's pending job was the oldest,
    // about five seconds before the restart) ...
    expect(afterRestart[0]).toBeGreaterThan(restartedAt - 2000);
    expect(afterRestart.filter((t) => t < restartedAt).length).toBeLessThanOrEqual(1);
    // ... and no burst: then the ordinary rhythm.
    expect(afterRestart[1] - afterRestart[0]).toBe(2000);
    expect(afterRestart[2] - afterRestart[1]).toBe(2000);
    expect(new Set(server.runs.map((r) => r.trigger.dueAt)).size).toBe(server.runs.length);
  });
});
