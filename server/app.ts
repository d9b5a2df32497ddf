// The express app: the API under /api, webhooks under /hooks, the editor at /. No listen()
// here, so tests and main.ts decide where it runs.
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Services } from './services/index.js';
import { identify, requireUser } from './http/auth-middleware.js';
import { authRoutes } from './http/auth.routes.js';
import { usersRoutes } from './http/users.routes.js';
import { workflowsRoutes } from './http/workflows.routes.js';
import { runsRoutes, workflowRunsRoutes } from './http/runs.routes.js';
import { authenticationsRoutes } from './http/authentications.routes.js';
import { authenticationUsage } from './services/auth-usage.js';
import { connectorsRoutes } from './http/connectors.routes.js';
import { storageRoutes } from './http/storage.routes.js';
import { hooksRoutes } from './http/hooks.routes.js';
import { choicesRoutes } from './choices/routes.js';
import { createChoices } from './choices/list-choices.js';
import { errorMiddleware, unknownRoute } from './http/error-middleware.js';
import { serveEditor } from './http/editor-static.js';
import { securityHeaders } from './http/security-headers.js';
import { requireSameOrigin } from './http/same-origin.js';
import { requireJsonBody } from './http/json-only.js';
import { jsonBody } from './http/json-body.js';
import { createStreamLimits, type StreamLimitOptions } from './http/stream-limits.js';
import type { TrustProxy } from './config.js';
import { statusRoutes } from './http/status.routes.js';
import { asLogger, type Logger } from './log/logger.js';
import { requestLog } from './log/request-log.js';
import { answerMetrics } from './metrics/metrics-route.js';
import type { Metrics } from './metrics/metrics.js';
import { embeddedState, type ServerState } from './status/server-state.js';

export interface AppDeps {
  services: Services;
  mode?: 'embedded' | 'queue';
  /** Queue mode: `{ redis: "up" | "down", workers }` for GET /api/health (API.md). */
  health?: () => Record<string, unknown>;
  version?: string;
  /** Largest JSON body accepted (413 past it). */
  bodyLimit?: string;
  /** Deepest nesting of a JSON body (STEPWISE_MAX_JSON_DEPTH; 400 past it). Default 64. */
  maxJsonDepth?: number;
  /** Webhook calls a minute one workflow accepts (STEPWISE_WEBHOOK_RATE_LIMIT, default 300). */
  webhookRatePerMinute?: number;
  /** Live run streams: how many at once, per person and in all (429 past them), and their timing. */
  streams?: StreamLimitOptions & { heartbeatMs?: number; stallMs?: number };
  /** How long a "reply": "respond-step" webhook waits for its run's answer (default 30 s). */
  webhookReplyTimeoutMs?: number;
  /** The editor's build (editor/dist); null or missing folder: a short page says how to build it. */
  editorDir?: string | null;
  /** The scheduler's router (server/schedules), mounted at /api/schedules behind login. */
  schedulesRouter?: RequestHandler;
  /** Routers that read the raw body themselves (the files API), mounted before the JSON parser. */
  rawBodyRouters?: { path: string; router: Router }[];
  /** The process's logger (server/log); a function gets the problems only, as text lines. */
  log?: Logger | ((message: string) => void);
  /** GET /metrics serves these (Prometheus text); absent: no /metrics. */
  metrics?: Metrics;
  /** STEPWISE_METRICS_TOKEN: /metrics wants it as a Bearer token; unset: this machine only. */
  metricsToken?: string;
  /** What GET /api/status and the gauges read (default: embedded mode from `services`). */
  state?: ServerState;
  /**
   * Which reverse proxies' X-Forwarded-For/-Proto to believe (client address for login limits,
   * Secure cookies): a number of hops or a list of proxy addresses/subnets. Never "all".
   */
  trustProxy?: TrustProxy;
  /** STEPWISE_PUBLIC_URL: its origin counts as our own for the cross-site check. */
  publicUrl?: string;
}

export function createApp(deps: AppDeps): Express {
  const { services } = deps;
  const bodyLimit = deps.bodyLimit ?? '1mb';
  const logger = asLogger(deps.log);
  const state =
    deps.state ??
    embeddedState(services, { version: deps.version ?? 'dev', mode: deps.mode ?? 'embedded' });
  const streamLimits = createStreamLimits(deps.streams);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(requestLog(logger));
  app.use(securityHeaders);

  const { metrics } = deps;
  if (metrics) {
    metrics.sources.streamsOpen = () => streamLimits.count;
    metrics.sources.queueDepth = async () => (await state.queue()).depth;
    metrics.sources.runs = () => state.queue();
    if (state.dataBytes) metrics.sources.dataBytes = () => state.dataBytes!();
    if (state.workersSeen) metrics.sources.workersSeen = () => state.workersSeen!();
    // Before any login: Prometheus has no session. Its own rule (metrics-access.ts).
    app.get('/metrics', (req, res) => answerMetrics(req, res, metrics, deps.metricsToken));
  }

  app.get('/api/health', (_req, res) => {
    res.json({
      ok: true,
      mode: deps.mode ?? 'embedded',
      version: deps.version ?? 'dev',
      ...deps.health?.(),
    });
  });

  app.use('/api', identify(services.users));
  app.use('/api', requireSameOrigin({ publicUrl: deps.publicUrl }));
  for (const { path, router } of deps.rawBodyRouters ?? []) app.use(path, requireUser, router);
  app.use('/api', requireJsonBody, jsonBody({ limit: bodyLimit, maxDepth: deps.maxJsonDepth }));

  app.use('/api/auth', authRoutes(services.users, services.accounts));
  app.use('/api/users', usersRoutes(services.users, services.accounts));
  app.use('/api/workflows/:id/runs', workflowRunsRoutes(services.runs));
  app.use('/api/workflows', workflowsRoutes(services.workflows, services.runs));
  app.use(
    '/api/runs',
    runsRoutes(services.runs, services.events, { streams: deps.streams, limits: streamLimits }),
  );
  app.use(
    '/api/authentications',
    authenticationsRoutes(services.auths, {
      usage: () => authenticationUsage(services.store, services.workflows),
      emails: () => services.accounts.emails(),
    }),
  );
  app.use('/api/connectors', connectorsRoutes(services.connectors));
  app.use('/api/storage', storageRoutes(services.store.storage));
  app.use('/api/choices', choicesRoutes(createChoices(services)));
  if (deps.schedulesRouter) app.use('/api/schedules', requireUser, deps.schedulesRouter);
  app.use('/api/status', statusRoutes(services, state));
  app.use('/api', unknownRoute);
  app.use(
    '/hooks',
    hooksRoutes(services.workflows, services.runs, bodyLimit, {
      maxJsonDepth: deps.maxJsonDepth,
      replyTimeoutMs: deps.webhookReplyTimeoutMs,
      ratePerMinute: deps.webhookRatePerMinute,
    }),
  );
  app.use(['/api', '/hooks'], errorMiddleware(logger));

  serveEditor(app, deps.editorDir ?? null);
  return app;
}
