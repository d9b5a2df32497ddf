// Queue mode (REDIS_URL set): one BullMQ job scheduler per workflow, id `workflow:<id>`.
// BullMQ keeps the next slot as a delayed job in Redis, so however many API processes run,
// each slot is one job and one worker takes it. The schedule travels as JSON in the
// scheduler's `pattern`, and our repeatStrategy (set on the Queue and on the Worker) reads it
// with our schedule maths, so queue mode fires at exactly the instants of embedded mode
// (BullMQ's built-in cron-parser knows neither `monthly last` nor our DST rules).
import { Queue, Worker, type Job, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Schedule } from '../../engine/index.js';
import { canonicalJson, createScheduleStore, type ScheduleStore } from '../db/schedules-repo.js';
import { latestFireTime, nextFireTime, type ScheduleMathOptions } from './schedule-math.js';
import { syncState } from './sync-state.js';
import { fireSlot } from './fire-slot.js';
import { createSchedulesRouter } from './routes.js';
import type { Scheduler, SchedulerDeps } from './types.js';

export const SCHEDULE_QUEUE = 'stepwise-schedules';
const PATTERN_PREFIX = 'stepwise-schedule:';
const FIRE_JOB = 'fire';

interface FireJobData {
  workflowId: string;
}

export const schedulerIdOf = (workflowId: string): string => `workflow:${workflowId}`;
const patternOf = (schedule: Schedule): string => PATTERN_PREFIX + canonicalJson(schedule);

function scheduleOfPattern(pattern: string | undefined): Schedule | null {
  if (!pattern?.startsWith(PATTERN_PREFIX)) return null;
  return JSON.parse(pattern.slice(PATTERN_PREFIX.length)) as Schedule;
}

/** BullMQ's hook for "when is the next iteration": our maths on the schedule in `pattern`. */
export function scheduleRepeatStrategy(math: ScheduleMathOptions) {
  return (millis: number, opts: RepeatOptions): number | undefined => {
    const schedule = scheduleOfPattern(opts.pattern);
    return schedule ? nextFireTime(schedule, new Date(millis), math)?.getTime() : undefined;
  };
}

/** The slot a fire job stands for; BullMQ names scheduler jobs `repeat:<scheduler id>:<millis>`. */
function dueAtOf(job: Job<FireJobData>): number {
  return job.opts.prevMillis ?? Number(String(job.id).split(':').pop());
}

export function createQueueScheduler(
  deps: SchedulerDeps,
  store: ScheduleStore = createScheduleStore(deps.db),
): Scheduler {
  if (!deps.redisUrl) throw new Error('Queue mode needs redisUrl (REDIS_URL)');
  const redisUrl = deps.redisUrl;
  const now = deps.now ?? Date.now;
  const math = deps.math ?? {};
  const prefix = deps.queuePrefix ?? 'stepwise';
  const settings = { repeatStrategy: scheduleRepeatStrategy(math) };
  let queue: Queue<FireJobData> | null = null;
  let worker: Worker<FireJobData> | null = null;
  const connections: Redis[] = [];

  function connect(): Redis {
    // Workers block on Redis, so ioredis must not give up on a command (BullMQ requires this).
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  }

  /** Make Redis match schedule_state for one workflow. */
  async function syncRedis(workflowId: string): Promise<void> {
    if (!queue) return;
    const id = schedulerIdOf(workflowId);
    const row = store.get(workflowId);
    if (!row || !row.enabled || row.problem) {
      await queue.removeJobScheduler(id);
      return;
    }
    const pattern = patternOf(row.schedule);
    const existing = await queue.getJobScheduler(id);
    // Unchanged: leave the pending slot alone, so a slot missed while every API process was
    // down still fires (once) when a worker comes back.
    if (existing?.pattern === pattern) return;
    await queue.upsertJobScheduler(
      id,
      { pattern, tz: row.schedule.timezone },
      { name: FIRE_JOB, data: { workflowId }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async function processFire(job: Job<FireJobData>): Promise<string> {
    const { workflowId } = job.data;
    // BullMQ keeps one pending slot; after downtime that is the oldest missed one. Record the
    // most recent missed slot instead, as embedded mode does (still one run, never a burst).
    const pending = dueAtOf(job);
    // BullMQ copies the scheduler's repeat options into each job it makes (not in the type).
    const schedule = scheduleOfPattern((job.opts as { repeat?: RepeatOptions }).repeat?.pattern);
    const dueAt = schedule
      ? latestFireTime(
          schedule,
          new Date(Math.max(now(), pending)),
          new Date(pending),
          math,
        ).getTime()
      : pending;
    const outcome = await fireSlot(deps, store, workflowId, dueAt, now);
    const row = store.get(workflowId);
    if (row?.enabled && !row.problem) {
      store.setNext(
        workflowId,
        nextFireTime(row.schedule, new Date(Math.max(dueAt, now())), math)?.getTime() ?? null,
        now(),
      );
    }
    return outcome;
  }

  return {
    router: createSchedulesRouter(deps, store),
    async start() {
      queue = new Queue<FireJobData>(SCHEDULE_QUEUE, { connection: connect(), prefix, settings });
      // An 'error' event without a listener would crash the process when Redis blips.
      queue.on('error', (err) => (deps.log ?? console.warn)(`Schedule queue: ${err.message}`));
      const listed = deps.listScheduled();
      const ids = new Set(listed.map((wf) => wf.workflowId));
      const at = now();
      for (const wf of listed) {
        syncState(store, wf.workflowId, wf, at, math);
        await syncRedis(wf.workflowId);
      }
      for (const row of store.all()) if (!ids.has(row.workflowId)) store.remove(row.workflowId);
      for (const scheduler of await queue.getJobSchedulers()) {
        const workflowId = scheduler.key.startsWith('workflow:')
          ? scheduler.key.slice('workflow:'.length)
          : null;
        if (workflowId !== null && !ids.has(workflowId))
          await queue.removeJobScheduler(scheduler.key);
      }
      worker = new Worker<FireJobData>(SCHEDULE_QUEUE, processFire, {
        connection: connect(),
        prefix,
        settings,
        concurrency: 4,
      });
      worker.on('error', (err) => (deps.log ?? console.warn)(`Schedule worker: ${err.message}`));
    },
    async stop() {
      await worker?.close();
      await queue?.close();
      worker = null;
      queue = null;
      await Promise.all(connections.splice(0).map((c) => c.quit().catch(() => undefined)));
    },
    async workflowChanged(workflowId: string) {
      syncState(store, workflowId, deps.getScheduled(workflowId), now(), math);
      await syncRedis(workflowId);
    },
  };
}
