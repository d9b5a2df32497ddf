// Builds every service on one store, plus the embedded run queue that executes runs.
import type { Store } from '../db/store.js';
import { createAccountService, type AccountService } from './account-service.js';
import { createRunQueue, type RunQueue } from '../queue/run-queue.js';
import {
  createAuthenticationService,
  type AuthenticationService,
} from './authentication-service.js';
import { createCipher } from './cipher.js';
import type { ConnectorDirectory } from './connector-directory.js';
import type { RunSettings } from '../runs/run-settings.js';
import type { Owner } from '../runs/leases/owner.js';
import { createRunEvents, type RunEvents } from './run-events.js';
import { createRunService, type RunService } from './run-service.js';
import { createUserService, type UserService, type UserServiceOptions } from './user-service.js';
import { createWorkflowService, type WorkflowService } from './workflow-service.js';
import { createSecretInputs } from './secret-inputs.js';
import { asLogger, type Logger } from '../log/logger.js';
import { logRuns } from '../log/run-log.js';
import { meteredCatalog } from '../metrics/metered-catalog.js';
import type { Metrics } from '../metrics/metrics.js';
import { countRuns } from '../metrics/run-metrics.js';

export interface ServicesOptions {
  store: Store;
  connectors: ConnectorDirectory;
  /** 32 bytes (loadSecretKey). */
  secretKey: Buffer;
  /** Runs executed at the same time by this process. */
  concurrency?: number;
  /** At most this many records per run (STEPWISE_MAX_RECORDS); the engine's default when unset. */
  maxRecords?: number;
  /** Runs one person may have executing at once (STEPWISE_USER_CONCURRENCY); default 3/4 of concurrency. */
  userConcurrency?: number;
  /** The longest one execution of a run may take (STEPWISE_RUN_TIMEOUT); default 24 h. */
  runTimeoutMs?: number;
  /** Loop size limit, leases, retention (STEPWISE_MAX_LOOP_ITEMS, ...). */
  runSettings?: Partial<RunSettings>;
  /** This process as the owner of its runs (start-server registers it in the data folder). */
  owner?: Owner;
  loginLimit?: UserServiceOptions['loginLimit'];
  now?: () => number;
  /** The process's logger (server/log); a function gets the problems only, as text lines. */
  log?: Logger | ((message: string) => void);
  /** Count runs, steps and records for GET /metrics. */
  metrics?: Metrics;
}

export interface Services {
  store: Store;
  connectors: ConnectorDirectory;
  logger: Logger;
  users: UserService;
  /** Role, switch, password and removal of existing users. */
  accounts: AccountService;
  auths: AuthenticationService;
  workflows: WorkflowService;
  runs: RunService;
  events: RunEvents;
  queue: RunQueue;
  /** Listeners told after a workflow is created, changed, switched or deleted (the scheduler). */
  workflowListeners: Set<(workflowId: string) => void>;
}

export function createServices(options: ServicesOptions): Services {
  const { store, metrics } = options;
  const logger = asLogger(options.log);
  // Every connector operation a run executes is timed (stepwise_step_duration_seconds).
  const connectors = metrics
    ? { ...options.connectors, catalog: meteredCatalog(options.connectors.catalog, metrics) }
    : options.connectors;
  const cipher = createCipher(options.secretKey);
  const events = createRunEvents();
  const workflowListeners = new Set<(workflowId: string) => void>();
  const users = createUserService(store, { now: options.now, loginLimit: options.loginLimit });
  const accounts = createAccountService(store, users, options.now);
  const auths = createAuthenticationService(store, cipher, connectors, options.now);
  const workflows = createWorkflowService({
    store,
    cipher,
    auths,
    secretInputs: createSecretInputs(
      cipher,
      (connector, operation) => connectors.catalog.get(connector, operation)?.secretInputs ?? [],
    ),
    now: options.now,
    onChange: (id) => {
      for (const listener of workflowListeners) listener(id);
    },
  });
  const runs = createRunService({
    store,
    workflows,
    auths,
    connectors,
    events,
    cipher,
    maxRecords: options.maxRecords,
    runTimeoutMs: options.runTimeoutMs,
    settings: options.runSettings,
    owner: options.owner,
    now: options.now,
    log: logger,
  });
  const queue = createRunQueue({
    concurrency: options.concurrency ?? 8,
    execute: (runId) => runs.execute(runId),
    perOwner: options.userConcurrency,
    // The person whose run it is: who started it, else the workflow's owner (webhook, schedule).
    ownerOf: (runId) => store.runs.ownerOf(runId),
    // `settings.concurrency` of the version the run executes (versions are cached, parsed).
    workflowLimitOf: (runId) => {
      const row = runs.core.rows.find(runId);
      const limit =
        row && workflows.document(row.workflowId, row.workflowVersion)?.settings?.concurrency;
      return row && limit ? { workflowId: row.workflowId, limit } : null;
    },
    log: logger,
  });
  runs.attachQueue(queue);
  // Run start and end, failed steps (log lines) and run counters, from the live run events.
  if (logger.isLevelEnabled('warn')) logRuns(events, logger);
  if (metrics) countRuns(events, metrics);
  return {
    store,
    connectors,
    logger,
    users,
    accounts,
    auths,
    workflows,
    runs,
    events,
    queue,
    workflowListeners,
  };
}
