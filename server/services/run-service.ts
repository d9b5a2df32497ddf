// Runs, as the routes see them: the commands and queries of server/runs/ wired to one store,
// the embedded queue, and an executor that talks to the store only through the SQLite
// RunSource and RunSink (the seam queue-mode workers plug into).
import type { DebugRecord } from '../../engine/index.js';
import type { Store } from '../db/store.js';
import type { RunQueue } from '../queue/run-queue.js';
import { cancelRun } from '../runs/cancel-run.js';
import { createRunExecutor } from '../runs/execute-run.js';
import { listRuns } from '../runs/list-runs.js';
import { awaitResponse } from '../runs/await-response.js';
import { createCallPort } from '../runs/call-port.js';
import { createEmbeddedParking } from '../runs/parking.js';
import { recoverRuns } from '../runs/recover-runs.js';
import { wakeRun } from '../runs/wake-run.js';
import { createRunCore } from '../runs/run-core.js';
import { runHistory, runRecords, runStatuses, waitForRun } from '../runs/run-queries.js';
import { retryRun } from '../runs/retry-run.js';
import { DEFAULT_RUN_SETTINGS, type RunSettings } from '../runs/run-settings.js';
import type { Owner } from '../runs/leases/owner.js';
import { pruneRuns } from '../runs/prune-runs.js';
import { createRunUpkeep, type RetentionPassEnd } from '../runs/run-upkeep.js';
import { createSqliteRunSink } from '../runs/sqlite-run-sink.js';
import { createSqliteRunSource } from '../runs/sqlite-run-source.js';
import { startRun, type StartRun } from '../runs/start-run.js';
import type { AuthenticationService } from './authentication-service.js';
import type { Cipher } from './cipher.js';
import type { ConnectorDirectory } from './connector-directory.js';
import type { RunEvents } from './run-events.js';
import type { RunJson } from './run-json.js';
import {
  replayRecord,
  scheduleValidation,
  serviceValidation,
  validateVersion,
  type RecordPick,
} from './run-replay.js';
import type { WorkflowService } from './workflow-service.js';
import type { User } from './user-service.js';
import {
  assertMayActAgain,
  personalSteps,
  recordFor,
  runFor,
  type PersonalSteps,
} from './personal-steps.js';
import type { Logger } from '../log/logger.js';

export type { StartRun };

export interface RetentionState {
  retentionDays: number;
  retentionFailedDays: number;
  /** When the last retention pass ended (it looks every second); null before the first. */
  checkedAt: string | null;
  /** The last pass that deleted something, since this process started. */
  lastPass: { startedAt: string; finishedAt: string; rowsDeleted: number } | null;
}

export interface RunServiceDeps {
  store: Store;
  workflows: WorkflowService;
  auths: AuthenticationService;
  connectors: ConnectorDirectory;
  events: RunEvents;
  cipher: Cipher;
  /** At most this many records per run; the engine's default (10,000) when unset. */
  maxRecords?: number;
  /** The longest one execution of a run may take (STEPWISE_RUN_TIMEOUT); default 24 h. */
  runTimeoutMs?: number;
  settings?: Partial<RunSettings>;
  /** This process as the owner of its runs (start-server registers it); a fresh one when unset. */
  owner?: Owner;
  now?: () => number;
  log?: Logger | ((message: string) => void);
}

export function createRunService(deps: RunServiceDeps) {
  const settings = { ...DEFAULT_RUN_SETTINGS, ...deps.settings };
  const core = createRunCore({ ...deps, leaseMs: settings.leaseMs });
  const sink = createSqliteRunSink(core);
  let queue: RunQueue | undefined;
  function enqueue(runId: string): void | Promise<void> {
    if (!queue) throw new Error('The run queue is not attached');
    return queue.enqueue(runId);
  }
  const start = (input: StartRun, options: { durable?: boolean } = {}) => {
    // Queue mode with Redis down: refused before anything is stored (503).
    queue?.admit?.();
    return startRun(core, queue?.enqueueNew ?? enqueue, input, options);
  };
  const executor = createRunExecutor({
    source: createSqliteRunSource(core, deps.auths),
    sink,
    catalog: deps.connectors.catalog,
    calls: createCallPort(core, start),
    maxRecords: deps.maxRecords,
    runTimeoutMs: deps.runTimeoutMs,
    maxLoopItems: deps.settings?.maxLoopItems,
    now: deps.now,
    log: core.log,
  });
  // Waking and recovery hand runs on without waiting; a queue that refuses one (Redis down)
  // must not become an unhandled rejection, which would stop the process.
  const handOn = (runId: string) => {
    Promise.resolve()
      .then(() => enqueue(runId))
      .catch((err: unknown) =>
        core.log.error(
          { runId },
          `run ${runId} could not be queued: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  };
  const wake = (runId: string) => void wakeRun(core, handOn, runId);
  const parking = createEmbeddedParking({
    store: deps.store,
    now: core.now,
    wake,
    log: core.log,
  });
  core.waits = { wake, parkedUntil: parking.parkedUntil };
  const cancel = (id: string) =>
    queue?.cancel ? queue.cancel(id) : cancelRun(core, queue, executor, id);
  let upkeep: ReturnType<typeof createRunUpkeep> | undefined;
  /** For the status page: the last retention check, and the last pass that deleted something. */
  const retention: RetentionState = {
    retentionDays: settings.retentionDays,
    retentionFailedDays: settings.retentionFailedDays,
    checkedAt: null,
    lastPass: null,
  };
  const retentionPassed = (pass: RetentionPassEnd) => {
    retention.checkedAt = new Date(pass.finishedAt).toISOString();
    if (pass.rowsDeleted === 0) return;
    retention.lastPass = {
      startedAt: new Date(pass.startedAt).toISOString(),
      finishedAt: retention.checkedAt,
      rowsDeleted: pass.rowsDeleted,
    };
    core.log.info(
      { event: 'retention.pass', ...retention.lastPass },
      `Retention: deleted ${pass.rowsDeleted} rows of runs older than ${settings.retentionDays} days (failed runs: ${settings.retentionFailedDays})`,
    );
  };

  /** The steps of a workflow version that use personal authentications (see personal-steps.ts). */
  const stepsOf = (workflowId: string, version: number): PersonalSteps =>
    personalSteps(deps.store, deps.workflows.document(workflowId, version));

  /** Runs as `viewer` may see them: the error text of another user's personal step hidden. */
  function runsFor(runs: RunJson[], viewer: User): RunJson[] {
    const seen = new Map<string, (run: RunJson) => RunJson>();
    return runs.map((run) => {
      if (!run.error?.stepId) return run;
      const key = `${run.workflowId}@${run.workflowVersion}`;
      let mask = seen.get(key);
      if (!mask) {
        mask = runFor(stepsOf(run.workflowId, run.workflowVersion), viewer);
        seen.set(key, mask);
      }
      return mask(run);
    });
  }

  return {
    /** The SQLite side of runs (queue mode drains workers' reports into it). */
    core,
    attachQueue(q: RunQueue): void {
      queue = q;
    },
    execute: executor.execute,
    start,
    get(id: string, viewer?: User): RunJson {
      const run = core.rows.json(core.rows.peek(id));
      return viewer ? runsFor([run], viewer)[0] : run;
    },
    /** What `viewer` may see of a run's records and status changes (for the event stream). */
    viewFor(id: string, viewer: User) {
      const row = core.rows.peek(id);
      const steps = stepsOf(row.workflowId, row.workflowVersion);
      return { record: recordFor(steps, viewer), run: runFor(steps, viewer) };
    },
    runsFor,
    row: core.rows.get,
    waitFor: (id: string, timeoutMs: number) => waitForRun(core, id, timeoutMs),
    runningSteps: (runId: string) => [
      ...sink.runningSteps(runId),
      ...(queue?.runningSteps?.(runId) ?? []),
    ],
    records(id: string, after: number, limit: number, viewer?: User) {
      const page = runRecords(core, id, after, limit);
      if (!viewer) return page;
      const row = core.rows.peek(id);
      const mask = recordFor(stepsOf(row.workflowId, row.workflowVersion), viewer);
      return { ...page, records: page.records.map(mask) };
    },
    history: (q: Parameters<typeof runHistory>[1]) => runHistory(core, q),
    list: (q: Parameters<typeof listRuns>[1]) => listRuns(core, q),
    cancel,
    retry(id: string, from: 'start' | 'failed-step', version: 'same' | 'latest', user: User) {
      const source = core.rows.get(id);
      const target =
        version === 'same'
          ? source.workflowVersion
          : deps.workflows.row(source.workflowId).latestVersion;
      const steps = stepsOf(source.workflowId, target);
      assertMayActAgain(steps, [...steps.keys()], user, 'retry');
      return retryRun(core, deps, start, id, from, version, user);
    },
    // The schedule too (a misspelt timezone, a bad cron): not a run-time matter, so only here
    // and not when a retry checks the latest version's mappings.
    validate: (workflowId: string, version?: number) => [
      ...scheduleValidation(deps, workflowId, version),
      ...validateVersion(deps, workflowId, version),
    ],
    /** validate, plus what only the services can tell (POST /api/workflows/:id/validate). */
    validateWithServices: async (workflowId: string, version?: number) => [
      ...scheduleValidation(deps, workflowId, version),
      ...validateVersion(deps, workflowId, version),
      ...(await serviceValidation(deps, workflowId, version)),
    ],
    async replay(
      id: string,
      stepId: string,
      pick: RecordPick = {},
      user?: User,
    ): Promise<DebugRecord> {
      const row = core.rows.get(id);
      if (user)
        assertMayActAgain(stepsOf(row.workflowId, row.workflowVersion), [stepId], user, 'replay');
      return replayRecord(deps, row, stepId, pick);
    },
    /**
     * At start: queued and running runs left by a killed process are queued again; waiting runs
     * that are due (or whose called run ended meanwhile) are woken; the rest stay parked.
     */
    recover: () => {
      const resumed = recoverRuns(core, handOn);
      parking.start();
      for (const runId of deps.store.runs.callersOfEnded()) wake(runId);
      return resumed;
    },
    /** Stop waking parked runs (at shutdown; they are woken by the next start). */
    stopParking: () => parking.stop(),
    /** A webhook's wait for the run's respond step (HELPERS.md "reply": "respond-step"). */
    awaitResponse: (id: string, timeoutMs: number) => awaitResponse(core, id, timeoutMs),
    /** This process as the owner of its runs. */
    owner: core.owner,
    /** This process's heartbeat (the lease on its runs), and retention. */
    startUpkeep(): void {
      upkeep ??= createRunUpkeep(core, {
        executor,
        retention: settings,
        onPass: retentionPassed,
      });
      upkeep.start();
    },
    /** The retention window and its last pass (GET /api/status). */
    retention: (): RetentionState => ({ ...retention }),
    stopUpkeep(): void {
      upkeep?.stop();
    },
    /** Delete what is past the retention window now, all of it (tests; the upkeep does it in turns). */
    prune(): number {
      let rows = 0;
      for (let n = pruneRuns(core, settings); n > 0; n = pruneRuns(core, settings)) rows += n;
      return rows;
    },
    statuses: (ids: string[]) => runStatuses(core, ids),
  };
}
export type RunService = ReturnType<typeof createRunService>;
