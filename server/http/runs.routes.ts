// Runs: start, read, page through records, history, live events, cancel, retry, replay.
import { Router } from 'express';
import { z } from 'zod';
import type { RunService } from '../services/run-service.js';
import type { RunEvents } from '../services/run-events.js';
import { currentUser, requireUser } from './auth-middleware.js';
import { parseBody, parseQuery } from './validate.js';
import { streamRunEvents, type StreamOptions } from './run-events-stream.js';
import { createStreamLimits, type StreamLimitOptions, type StreamLimits } from './stream-limits.js';

const startBody = z.object({ payload: z.unknown().optional() }).strict();
const flag = z
  .enum(['1', 'true', '0', 'false'], 'Use 1 or 0')
  .transform((v) => v === '1' || v === 'true');
const startQuery = z
  .object({
    wait: flag.optional(),
    timeout: z.coerce
      .number('timeout is a number of seconds')
      .int('timeout is a whole number of seconds')
      .min(1, 'timeout is at least 1 second')
      .max(300, 'timeout can be at most 300 seconds')
      .default(60),
  })
  .strict();
const stepsQuery = z
  .object({
    after: z.coerce
      .number('after is a record number')
      .int('after is a whole record number')
      .min(0, 'after is a record number from 0')
      .default(0),
    limit: z.coerce
      .number('limit is a number')
      .int('limit is a whole number')
      .min(1, 'limit is at least 1')
      .max(1000, 'limit can be at most 1000')
      .default(100),
  })
  .strict();
const historyQuery = z
  .object({
    status: z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']).optional(),
    limit: z.coerce
      .number('limit is a number')
      .int('limit is a whole number')
      .min(1, 'limit is at least 1')
      .max(1000, 'limit can be at most 1000')
      .default(50),
    before: z.string().min(1).optional(),
  })
  .strict();
// An instant, or a day (its start, UTC); compared as the ISO text runs are stored with.
const instant = (name: string) =>
  z
    .string()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)),
      `${name} is a time such as 2026-05-01T09:00:00Z or a day such as 2026-05-01`,
    )
    .transform((v) => new Date(v).toISOString());
const listQuery = historyQuery
  .extend({
    workflowId: z.string().min(1).optional(),
    from: instant('from').optional(),
    to: instant('to').optional(),
  })
  .strict();
const replayQuery = z
  .object({
    seq: z.coerce
      .number('seq is a record number')
      .int('seq is a whole record number')
      .min(1, 'seq is a record number from 1')
      .optional(),
  })
  .strict();
const replayBody = z.object({ place: z.string().min(1).optional() }).strict();
const retryBody = z
  .object({
    from: z.enum(['start', 'failed-step']).default('start'),
    version: z.enum(['same', 'latest']).default('same'),
  })
  .strict();

/** Routes under /api/workflows/:id/runs. */
export function workflowRunsRoutes(runs: RunService): Router {
  const router = Router({ mergeParams: true });
  router.use(requireUser);

  router.post('/', async (req, res) => {
    const params = req.params as { id: string };
    const query = parseQuery(startQuery, req.query);
    const body = parseBody(startBody, req.body);
    const run = await runs.start(
      {
        workflowId: params.id,
        triggerType: 'manual',
        triggerOutput: body.payload ?? {},
        startedBy: currentUser(res).id,
      },
      { durable: !query.wait },
    );
    if (!query.wait) return res.status(202).json({ runId: run.id });
    const finished = await runs.waitFor(run.id, query.timeout * 1000);
    if (finished) res.json(runs.runsFor([finished], currentUser(res))[0]);
    else res.status(202).json({ runId: run.id });
  });

  router.get('/', (req, res) => {
    const params = req.params as { id: string };
    const query = parseQuery(historyQuery, req.query);
    // A plain array, like the API's other lists; the next page's cursor rides in a header
    // (it is also simply the last run's id).
    const page = runs.history({ workflowId: params.id, ...query });
    if (page.nextBefore) res.setHeader('X-Next-Before', page.nextBefore);
    res.json(runs.runsFor(page.runs, currentUser(res)));
  });

  return router;
}

/** Routes under /api/runs. */
export function runsRoutes(
  runs: RunService,
  events: RunEvents,
  options: {
    streams?: StreamLimitOptions & Omit<StreamOptions, 'onClose'>;
    /** The count of open streams, shared with /metrics; made from `streams` when absent. */
    limits?: StreamLimits;
  } = {},
): Router {
  const router = Router();
  router.use(requireUser);
  const streams = options.limits ?? createStreamLimits(options.streams);

  // Across workflows; paged like a workflow's own history (the cursor in X-Next-Before).
  router.get('/', (req, res) => {
    const query = parseQuery(listQuery, req.query);
    const page = runs.list(query);
    if (page.nextBefore) res.setHeader('X-Next-Before', page.nextBefore);
    res.json(runs.runsFor(page.runs, currentUser(res)));
  });

  router.get('/:id', (req, res) => {
    res.json(runs.get(req.params.id, currentUser(res)));
  });

  router.get('/:id/steps', (req, res) => {
    const query = parseQuery(stepsQuery, req.query);
    res.json(runs.records(req.params.id, query.after, query.limit, currentUser(res)));
  });

  router.get('/:id/events', (req, res) => {
    runs.get(req.params.id); // 404 before taking a place
    const release = streams.open(currentUser(res).id);
    try {
      streamRunEvents(req, res, runs, events, req.params.id, currentUser(res), {
        heartbeatMs: options.streams?.heartbeatMs,
        stallMs: options.streams?.stallMs,
        onClose: release,
      });
    } catch (err) {
      release();
      throw err;
    }
  });

  router.post('/:id/cancel', async (req, res) => {
    res.json(await runs.cancel(req.params.id));
  });

  router.post('/:id/retry', async (req, res) => {
    const body = parseBody(retryBody, req.body);
    const run = await runs.retry(req.params.id, body.from, body.version, currentUser(res));
    res.status(202).json({ runId: run.id });
  });

  router.post('/:id/steps/:stepId/replay', async (req, res) => {
    const query = parseQuery(replayQuery, req.query);
    const body = parseBody(replayBody, req.body);
    res.json(
      await runs.replay(
        req.params.id,
        req.params.stepId,
        { seq: query.seq, place: body.place },
        currentUser(res),
      ),
    );
  });

  return router;
}
