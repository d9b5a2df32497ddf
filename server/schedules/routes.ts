// /api/schedules (mounted by the server behind its login): the list with next run and fire
// history, and the preview of a schedule being edited. Errors are ApiErrors answered by the
// one error middleware (mounted here too, so the router stands alone in tests).
import express, { Router } from 'express';
import { z } from 'zod';
import { scheduleSchema, type Schedule, friendlyError } from '../../engine/index.js';
import { invalid, zodIssues, type Issue } from '../errors.js';
import { errorMiddleware } from '../http/error-middleware.js';
import {
  nextFireTime,
  nextFireTimes,
  ScheduleError,
  scheduleProblems,
  timezoneProblem,
} from './schedule-math.js';
import type { ScheduleStore } from '../db/schedules-repo.js';
import { describeProblems } from './sync-state.js';
import type { RunStatusName, SchedulerDeps } from './types.js';

/** How many fires GET /api/schedules shows per workflow, newest first. */
const FIRES_SHOWN = 20;
const PREVIEW_COUNT = 10;

/** A fire's status: its run's status, or `failed` when the run could not be started. */
export type FireStatus = RunStatusName | 'starting' | 'unknown';

export interface ScheduleListItem {
  workflowId: string;
  name: string;
  schedule: Schedule;
  enabled: boolean;
  nextRunAt: string | null;
  /** Why this schedule cannot fire (unknown timezone, invalid cron), else null. */
  problem: string | null;
  fires: Array<{
    dueAt: string;
    startedAt: string | null;
    runId: string | null;
    status: FireStatus;
    error?: string;
  }>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const FORMS = 'Give "every" (minutes, hourly, daily, workdays, weekly or monthly) or "cron"';

/**
 * scheduleSchema is a union, and a union's error lists every branch. Pick the branch the
 * person meant (by `cron` or `every`) so the issues name the field that is actually wrong.
 */
function parseSchedule(value: unknown): { schedule: Schedule } | { issues: Issue[] } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      issues: [
        {
          path: 'schedule',
          message: `A schedule is an object. ${FORMS}, for example { "every": "daily", "at": "09:00" }`,
        },
      ],
    };
  }
  const input = value as Record<string, unknown>;
  const branch = scheduleSchema.options.find((option) => {
    const shape = option.shape as Record<string, z.ZodType>;
    if ('cron' in input) return 'cron' in shape;
    const every = shape.every;
    return every instanceof z.ZodLiteral && every.values.has(input.every as never);
  });
  if (!branch) {
    const path = 'every' in input ? 'schedule.every' : 'schedule';
    return { issues: [{ path, message: `${FORMS}.` }] };
  }
  const parsed = branch.safeParse(input, { error: friendlyError });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, 'schedule');
    // The schema only checks that a timezone is text; say now, too, if it is not a real zone.
    const zone =
      typeof input.timezone === 'string' && input.timezone ? timezoneProblem(input.timezone) : null;
    if (zone && !issues.some((issue) => issue.path === zone.path))
      issues.push({ path: zone.path, message: zone.message });
    return { issues };
  }
  return { schedule: parsed.data as Schedule };
}

export function createSchedulesRouter(deps: SchedulerDeps, store: ScheduleStore): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  router.use(express.json({ limit: '64kb' }));

  router.get('/', (_req, res) => {
    const workflows = deps.listScheduled();
    const firesById = new Map(
      workflows.map((wf) => [wf.workflowId, store.fires(wf.workflowId, FIRES_SHOWN)]),
    );
    const runIds = [...firesById.values()]
      .flat()
      .map((f) => f.runId)
      .filter((id): id is string => id !== null);
    const statuses = runIds.length > 0 ? deps.runStatuses(runIds) : {};
    const items: ScheduleListItem[] = workflows.map((wf) => {
      const state = store.get(wf.workflowId);
      let nextRunAt: number | null = null;
      let problem = state?.problem ?? null;
      if (wf.enabled) {
        if (state && state.enabled && state.nextDueAt !== null) nextRunAt = state.nextDueAt;
        else if (!problem) {
          // Saved but not synced yet (the server tells us on save): compute it for the answer.
          try {
            nextRunAt = nextFireTime(wf.schedule, new Date(now()), deps.math)?.getTime() ?? null;
          } catch (err) {
            if (!(err instanceof ScheduleError)) throw err;
            problem = describeProblems(wf, now(), deps.math ?? {}, err);
          }
        }
      }
      return {
        workflowId: wf.workflowId,
        name: wf.name,
        schedule: wf.schedule,
        enabled: wf.enabled,
        nextRunAt: iso(nextRunAt),
        problem,
        fires: (firesById.get(wf.workflowId) ?? []).map((fire) => ({
          dueAt: iso(fire.dueAt)!,
          startedAt: iso(fire.startedAt),
          runId: fire.runId,
          status: fire.runId
            ? (statuses[fire.runId] ?? 'unknown')
            : fire.error
              ? 'failed'
              : 'starting',
          ...(fire.error ? { error: fire.error } : {}),
        })),
      };
    });
    res.json(items);
  });

  router.post('/preview', (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || !('schedule' in body)) {
      throw invalid('The request body is not valid', [
        { path: 'schedule', message: `Send { "schedule": … }. ${FORMS}` },
      ]);
    }
    const parsed = parseSchedule((body as { schedule: unknown }).schedule);
    if ('issues' in parsed) throw invalid('The schedule is not valid', parsed.issues);
    const at = new Date(now());
    const problems = scheduleProblems(parsed.schedule, deps.math, at);
    if (problems.length > 0) {
      throw invalid(
        'The schedule is not valid',
        problems.map((p) => ({ path: p.path, message: p.message })),
      );
    }
    const times = nextFireTimes(parsed.schedule, at, PREVIEW_COUNT, deps.math).map((d) =>
      d.toISOString(),
    );
    res.json({ times });
  });

  router.use(errorMiddleware(deps.log));
  return router;
}
