// POST /hooks/:workflowId/:token: starts a run of a webhook workflow, no session needed; the
// token in the URL is the secret. The trigger output is { body, query, headers }. The answer
// is 202 { runId } at once, or, when the trigger says "reply": "respond-step", the run's
// respond step (502 if the run fails first, 504 if neither happens in time).
import express, { Router, type RequestHandler } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../errors.js';
import { jsonBody } from './json-body.js';
import { createWebhookRate } from './webhook-rate.js';
import type { RunService } from '../services/run-service.js';
import type { WorkflowService } from '../services/workflow-service.js';

// Credentials of the caller are not the workflow's business, and must not land in records.
const DROPPED_HEADERS = new Set([
  'cookie',
  'authorization',
  'proxy-authorization',
  'app-token',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

function keptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (DROPPED_HEADERS.has(name) || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export interface HooksOptions {
  /** Deepest nesting of a JSON body (400 past it). */
  maxJsonDepth?: number;
  /** How long a "reply": "respond-step" webhook waits for the run's respond step (default 30 s). */
  replyTimeoutMs?: number;
  /** Calls a minute one workflow accepts (STEPWISE_WEBHOOK_RATE_LIMIT; 429 past it). */
  ratePerMinute?: number;
}

/**
 * Headers a respond step may not set: framing is Node's; cookies, redirects and the security
 * headers belong to the Stepwise origin the webhook is served from, not to a workflow.
 */
const KEPT_FROM_WORKFLOWS =
  /^(content-length|transfer-encoding|connection|set-cookie2?|location|refresh|content-security-policy(-report-only)?|x-content-type-options|x-frame-options|strict-transport-security|referrer-policy|permissions-policy|access-control-.*|cross-origin-.*)$/i;

/**
 * A workflow's answer is served from Stepwise's own origin: whatever its content type, it runs
 * in a sandbox (an opaque origin, no script, nothing loaded), so an HTML body cannot reach the
 * editor's cookies or API as the person who opens the hook URL.
 */
const ANSWER_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";

export function hooksRoutes(
  workflows: WorkflowService,
  runs: RunService,
  bodyLimit: string,
  options: HooksOptions = {},
): Router {
  const router = Router();
  const rate = createWebhookRate(options.ratePerMinute);
  const readBody = [
    jsonBody({
      limit: bodyLimit,
      maxDepth: options.maxJsonDepth,
      type: ['application/json', 'application/*+json'],
    }),
    express.urlencoded({ limit: bodyLimit, extended: true }),
    express.text({ limit: bodyLimit, type: 'text/*' }),
    // Any other content type (XML, a vendor type, none): the body as text rather than lost.
    express.text({ limit: bodyLimit, type: () => true }),
  ];

  /** The workflow the URL names, its token checked, switched on, within its rate: before the body is read. */
  const findHook: RequestHandler = (req, res, next) => {
    const wf = (() => {
      try {
        return workflows.row(req.params.workflowId as string);
      } catch {
        return undefined;
      }
    })();
    // One answer for "no such workflow" and "wrong token", so ids cannot be probed.
    if (
      !wf ||
      wf.triggerType !== 'webhook' ||
      !workflows.webhookTokenMatches(wf, req.params.token as string)
    ) {
      throw new ApiError('NOT_FOUND', 'There is no webhook at this URL');
    }
    if (!wf.enabled)
      throw new ApiError(
        'CONFLICT',
        'This workflow is switched off: switch it on to accept webhook calls',
      );
    // Counted only for a valid token, so nobody without it can use up a workflow's calls.
    rate.take(wf.id);
    res.locals.hook = wf;
    next();
  };

  router.post('/:workflowId/:token', findHook, ...readBody, async (req, res) => {
    const wf = res.locals.hook as NonNullable<ReturnType<WorkflowService['row']>>;
    const trigger = { body: req.body ?? null, query: req.query, headers: keptHeaders(req.headers) };
    const run = await runs.start({
      workflowId: wf.id,
      triggerType: 'webhook',
      triggerOutput: trigger,
      startedBy: null,
    });
    const document = workflows.document(wf.id, run.workflowVersion);
    const reply = document?.trigger.type === 'webhook' ? document.trigger.reply : undefined;
    if (reply !== 'respond-step') {
      res.status(202).json({ runId: run.id });
      return;
    }
    // The run goes on whatever the answer; only this request stops waiting.
    const replyTimeoutMs = options.replyTimeoutMs ?? 30_000;
    const answer = await runs.awaitResponse(run.id, replyTimeoutMs);
    if (answer.kind === 'response') {
      const { status, headers, body } = answer.response;
      for (const [name, value] of Object.entries(headers))
        if (!KEPT_FROM_WORKFLOWS.test(name)) res.setHeader(name, value);
      res.setHeader('Content-Security-Policy', ANSWER_POLICY);
      res.status(status);
      if (typeof body === 'string') {
        if (!res.getHeader('content-type')) res.type('text/plain');
        res.send(body);
      } else res.json(body);
      return;
    }
    if (answer.kind === 'ended') {
      const failed = answer.run.status !== 'succeeded';
      const why = answer.run.error;
      res.status(502).json({
        error: {
          code: failed ? 'RUN_FAILED' : 'NO_RESPONSE',
          message: failed
            ? `Run ${run.id} ${answer.run.status === 'cancelled' ? 'was cancelled' : 'failed'}${why?.stepId ? ` at step "${why.stepId}"` : ''} before it answered${why ? `: ${why.message}` : ''}`
            : `Run ${run.id} ended without a respond step, so there is no answer to give`,
          runId: run.id,
          ...(why ? { runError: why } : {}),
        },
      });
      return;
    }
    res.status(504).json({
      error: {
        code: 'TIMEOUT',
        message: `Run ${run.id} has not answered within ${Math.round(replyTimeoutMs / 1000)} s; it goes on, and its answer will be in its records`,
        runId: run.id,
      },
    });
  });

  // Any other path or method under /hooks: the same JSON 404 as a wrong token, not an HTML page.
  router.use((req, _res, next) => {
    next(
      new ApiError(
        'NOT_FOUND',
        req.method === 'POST'
          ? 'There is no webhook at this URL'
          : `There is no webhook at this URL for ${req.method}: webhooks are called with POST`,
      ),
    );
  });

  return router;
}
