// Runs: start, execute on the engine with every record and checkpoint committed before the
// next step, cancel, retry, replay, and resume after a crash.
import {
  type DebugRecord,
  type RunError,
  type RunStatus,
  type Checkpoint,
  type ResolvedAuth,
  isStepError,
  parseWorkflow,
} from '../../engine/index.js';
import type { Store } from '../db/store.js';
import type { RunRow } from '../db/runs-repo.js';
import { newTimeOrderedId } from '../db/ids.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { RunQueue } from '../queue/run-queue.js';
import type { AuthenticationService } from './authentication-service.js';
import type { ConnectorDirectory } from './connector-directory.js';
import { engine } from './engine.js';
import type { RunEvents, StepStartEvent } from './run-events.js';
import { toRecord, toRecordRow, toRunJson, type RunJson } from './run-json.js';
import { createSecretScrubber } from './scrub.js';
import { createCheckpointCodec } from './checkpoint-codec.js';
import {
  replayRecord,
  scheduleValidation,
  validateVersion,
  type RecordPick,
} from './run-replay.js';
import type { WorkflowService } from './workflow-service.js';
import type { Cipher } from './cipher.js';

export interface RunServiceDeps {
  store: Store;
  workflows: WorkflowService;
  auths: AuthenticationService;
  connectors: ConnectorDirectory;
  events: RunEvents;
  cipher: Cipher;
  /** At most this many records per run; the engine's default (10,000) when unset. */
  maxRecords?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export interface StartRun {
  workflowId: string;
  triggerType: string;
  triggerOutput: unknown;
  startedBy: string | null;
  /** Default: the latest version. */
  version?: number;
  retryOf?: string;
  checkpoint?: string | null;
  /** Records to carry over from the run being retried (the steps the checkpoint reuses). */
  copyRecords?: { runId: string; upToSeq: number };
}

const FINISHED: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export function createRunService(deps: RunServiceDeps) {
  const { store, workflows, auths, connectors, events } = deps;
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const log = deps.log ?? ((m: string) => console.error(m));
  const controllers = new Map<string, AbortController>();
  const waiters = new Map<string, Array<(run: RunJson) => void>>();
  let queue: RunQueue | undefined;
  // Runs whose insert is still in the group commit (see start's `durable`).
  const fresh = new Map<string, RunRow>();

  const checkpoints = createCheckpointCodec(deps.cipher);

  function getRow(id: string): RunRow {
    const row = store.runs.byId(id) ?? fresh.get(id);
    if (!row) throw notFound('Run', id);
    return row;
  }

  function json(row: RunRow): RunJson {
    return toRunJson(row, row.status === 'running' ? store.runs.maxSeq(row.id) : undefined);
  }

  /**
   * End a run. `known` is the row as the caller last read it: the answer is built from it
   * rather than read back, as this is on every run's path.
   */
  async function finish(
    runId: string,
    status: RunStatus,
    error: RunError | null,
    stepCount: number,
    recordsOmitted: number,
    known?: RunRow,
  ): Promise<void> {
    const finishedAt = iso();
    const errorText = error ? JSON.stringify(error) : null;
    await store.batch.write(() =>
      store.runs.finish({
        id: runId,
        status,
        finishedAt,
        error: errorText,
        stepCount,
        recordsOmitted,
      }),
    );
    const row: RunRow = known
      ? { ...known, status, finishedAt, error: errorText, stepCount, recordsOmitted }
      : getRow(runId);
    const run = toRunJson(row);
    if (events.listenerCount('run') > 0) events.emit('run', run);
    if (events.listenerCount('finished') > 0) {
      const wf = store.workflows.byId(row.workflowId);
      const document = workflows.document(row.workflowId, row.workflowVersion) ?? null;
      if (wf)
        events.emit('finished', {
          run,
          workflow: { id: wf.id, name: wf.name, document, ownerId: wf.ownerId },
        });
    }
    const waiting = waiters.get(runId);
    if (waiting) {
      waiters.delete(runId);
      for (const resolve of waiting) resolve(run);
    }
  }

  function enqueue(runId: string): void {
    if (!queue) throw new Error('The run queue is not attached');
    queue.enqueue(runId);
  }

  /**
   * Why a run's version cannot be run. A version saved before a rule was added to the document
   * check (such as unique step ids) no longer parses: say which problems, so it can be fixed.
   */
  function unreadableVersion(row: RunRow): RunError {
    const stored = store.workflows.version(row.workflowId, row.workflowVersion);
    let parsed: ReturnType<typeof parseWorkflow> | undefined;
    try {
      parsed = stored ? parseWorkflow(JSON.parse(stored.document)) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed && !parsed.ok) {
      const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      return {
        code: 'INPUT_INVALID',
        message: `Version ${row.workflowVersion} of this workflow does not pass the document check (${problems}); fix it and save a new version`,
        stepId: null,
      };
    }
    return {
      code: 'INTERNAL',
      message: `Version ${row.workflowVersion} of this workflow can no longer be read, so the run cannot go on`,
      stepId: null,
    };
  }

  /**
   * Per running run, the steps started whose record has not come yet, by step id (so a long
   * loop keeps one entry per step, not one per iteration). Memory only: a stream opened in the
   * middle of a slow step (as the editor's is, just after it starts a run) still shows it running.
   */
  const pendingStarts = new Map<string, Map<string, StepStartEvent>>();

  async function execute(runId: string): Promise<void> {
    const row = fresh.get(runId) ?? store.runs.byId(runId);
    if (!row || FINISHED.includes(row.status)) return;
    const workflow = workflows.document(row.workflowId, row.workflowVersion);
    const wfRow = store.workflows.byId(row.workflowId);
    if (!workflow || !wfRow) {
      await finish(runId, 'failed', unreadableVersion(row), store.runs.maxSeq(runId), 0);
      return;
    }
    let resumeFrom: Checkpoint | undefined;
    try {
      resumeFrom = row.checkpoint ? checkpoints.read(row.checkpoint) : undefined;
    } catch {
      await finish(
        runId,
        'failed',
        {
          code: 'INTERNAL',
          message:
            'The run was interrupted and its last checkpoint cannot be read, so it cannot resume',
          stepId: null,
        },
        store.runs.maxSeq(runId),
        0,
      );
      return;
    }
    const startedAt = iso();
    const running: RunRow = { ...row, status: 'running', startedAt: row.startedAt ?? startedAt };
    // Not awaited: the write is ordered before this run's first record in the same group
    // commit, and a crash before it leaves the run "queued", which is resumed all the same.
    void store.batch
      .write(() => store.runs.markRunning(runId, startedAt))
      .then(() => {
        if (events.listenerCount('run') > 0) events.emit('run', toRunJson(running, 0));
      });
    // Only a resumed run or a retry has records already.
    let lastSeq = row.checkpoint ? store.runs.maxSeq(runId) : 0;

    const controller = new AbortController();
    controllers.set(runId, controller);
    const scrubber = createSecretScrubber();
    const pending = new Map<string, StepStartEvent>();
    pendingStarts.set(runId, pending);
    let encrypt = checkpoints.isEncrypted(row.checkpoint);
    try {
      const result = await engine.runWorkflow({
        workflow,
        runId,
        trigger: row.triggerOutput === null ? {} : JSON.parse(row.triggerOutput),
        workflowId: row.workflowId,
        workflowVersion: row.workflowVersion,
        catalog: connectors.catalog,
        signal: controller.signal,
        resumeFrom,
        ...(deps.maxRecords ? { limits: { maxRecords: deps.maxRecords } } : {}),
        resolveAuth: async (authId, ctx): Promise<ResolvedAuth> => {
          // Scheduled and webhook runs act as the workflow's owner; so do manual ones (API.md).
          const auth = auths.resolve(authId, ctx, wfRow.ownerId);
          scrubber.add(auth, connectors.catalog.secretAuthFields(auth.connector));
          encrypt = true;
          return auth;
        },
        stateFor: (stepId) => store.stepState.storeFor(row.workflowId, stepId),
        // A record goes into the next group commit; the checkpoint that follows a completed step
        // is awaited, and commits with (or after) that step's record. So the next step never
        // starts before both are on disk, at one commit per step instead of two.
        onRecord: (record: DebugRecord) => {
          // A second line of defence: the engine redacts secret fields; this removes any
          // decrypted secret value that still made it into the record (e.g. echoed by a service).
          const clean = scrubber.scrubRecord(record);
          const row = toRecordRow(clean);
          lastSeq = Math.max(lastSeq, row.seq);
          store.batch
            .write(() => store.runs.insertRecord(row))
            .then(
              () => {
                if (pending.get(clean.stepId)?.place === clean.place) pending.delete(clean.stepId);
                if (events.listenerCount('step') > 0) events.emit('step', clean);
              },
              (err: unknown) =>
                log(
                  `run ${runId}: could not store the record of step ${row.stepId}: ${err instanceof Error ? err.message : String(err)}`,
                ),
            );
        },
        // Live only, never stored: a stream may open mid-run, so always pass it, and emit
        // only while someone listens.
        onStepStart: (info) => {
          const start = { runId, ...info };
          pending.set(info.stepId, start);
          if (events.listenerCount('step-start') > 0) events.emit('step-start', start);
        },
        onCheckpoint: async (checkpoint: Checkpoint) => {
          const text = checkpoints.write(checkpoint, encrypt);
          await store.batch.write(() => store.runs.saveCheckpoint(runId, text));
        },
      });
      const error = result.error ? scrubber.scrubValue(result.error) : null;
      await finish(
        runId,
        result.status,
        error,
        Math.max(result.stepCount, lastSeq),
        result.recordsOmitted,
        running,
      );
    } catch (err) {
      // runWorkflow rejects only when a checkpoint does not fit the workflow (or on a bug).
      // Scrubbed before the log line too: the log is no safer a place for a secret than the record.
      const message = scrubber.scrubValue(err instanceof Error ? err.message : String(err));
      log(`run ${runId} could not go on: ${message}`);
      await finish(
        runId,
        'failed',
        {
          code: isStepError(err) ? err.code : 'INTERNAL',
          message: `The run could not go on: ${message}`,
          stepId: null,
        },
        lastSeq,
        0,
        running,
      );
    } finally {
      pendingStarts.delete(runId);
      controllers.delete(runId);
    }
  }

  /**
   * Queue a run. Resolves once the run is committed, so a 202 never names a run that a crash
   * could lose. With `durable: false` (?wait=1, whose caller learns of a crash as a broken
   * connection) it resolves at once, and the insert shares the first step's commit.
   */
  async function start(input: StartRun, options: { durable?: boolean } = {}): Promise<RunJson> {
    const wf = workflows.row(input.workflowId);
    const id = newTimeOrderedId('run', now());
    const insert = {
      id,
      workflowId: wf.id,
      workflowVersion: input.version ?? wf.latestVersion,
      triggerType: input.triggerType,
      triggerOutput: JSON.stringify(input.triggerOutput ?? {}),
      startedBy: input.startedBy,
      retryOf: input.retryOf ?? null,
      createdAt: iso(),
      checkpoint: input.checkpoint ?? null,
    };
    const copy = input.copyRecords;
    const row: RunRow = {
      ...insert,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      error: null,
      stepCount: 0,
      recordsOmitted: 0,
    };
    fresh.set(id, row);
    const committed = store.batch
      .write(() => {
        store.runs.insert(insert);
        if (copy) store.runs.copyRecords(store.runs.recordsUpTo(copy.runId, copy.upToSeq), id);
      })
      .finally(() => fresh.delete(id));
    if (options.durable === false)
      committed.catch((err: unknown) =>
        log(
          `run ${id}: could not store the run: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    else await committed;
    const run = toRunJson(row);
    if (events.listenerCount('run') > 0) events.emit('run', run);
    enqueue(id);
    return run;
  }

  return {
    attachQueue(q: RunQueue): void {
      queue = q;
    },
    execute,
    start,
    get: (id: string) => json(getRow(id)),
    row: getRow,

    /** Resolves with the finished run, or null when it has not finished within `timeoutMs`. */
    waitFor(id: string, timeoutMs: number): Promise<RunJson | null> {
      // A run just started is still in memory: no need to ask SQLite whether it has ended.
      const row = fresh.get(id) ?? getRow(id);
      if (FINISHED.includes(row.status)) return Promise.resolve(toRunJson(row));
      return new Promise((resolve) => {
        const list = waiters.get(id) ?? [];
        const done = (run: RunJson) => {
          clearTimeout(timer);
          resolve(run);
        };
        const timer = setTimeout(() => {
          const current = waiters.get(id);
          if (current) {
            current.splice(current.indexOf(done), 1);
            if (current.length === 0) waiters.delete(id);
          }
          resolve(null);
        }, timeoutMs);
        list.push(done);
        waiters.set(id, list);
      });
    },

    /** Steps of a running run that started and have no record yet (live only, never stored). */
    runningSteps(id: string): StepStartEvent[] {
      return [...(pendingStarts.get(id)?.values() ?? [])];
    },

    records(
      id: string,
      after: number,
      limit: number,
    ): { records: DebugRecord[]; nextAfter: number | null } {
      getRow(id);
      // One extra row tells whether there is a next page without a COUNT query.
      const rows = store.runs.page(id, after, limit + 1);
      const records = rows.slice(0, limit).map(toRecord);
      return { records, nextAfter: rows.length > limit ? records[records.length - 1].seq : null };
    },

    history(q: { workflowId: string; status?: RunStatus; before?: string; limit: number }): {
      runs: RunJson[];
      nextBefore: string | null;
    } {
      workflows.row(q.workflowId);
      const rows = store.runs.history({ ...q, limit: q.limit + 1 });
      if (rows === null)
        throw invalid('Unknown run in "before"', [
          { path: 'before', message: `There is no run "${q.before}"` },
        ]);
      const runs = rows.slice(0, q.limit).map((r) => toRunJson(r));
      return { runs, nextBefore: rows.length > q.limit ? runs[runs.length - 1].id : null };
    },

    async cancel(id: string): Promise<RunJson> {
      const row = getRow(id);
      if (FINISHED.includes(row.status))
        throw new ApiError(
          'CONFLICT',
          `This run has already ${row.status === 'cancelled' ? 'been cancelled' : row.status}`,
        );
      if (row.status === 'queued' && queue?.remove(id)) {
        await finish(
          id,
          'cancelled',
          { code: 'CANCELLED', message: 'The run was cancelled before it started', stepId: null },
          0,
          0,
        );
        return toRunJson(getRow(id));
      }
      controllers.get(id)?.abort();
      // The engine stops at the next safe point; answer with the end state when it comes soon.
      return (await this.waitFor(id, 5000)) ?? json(getRow(id));
    },

    retry(
      id: string,
      from: 'start' | 'failed-step',
      version: 'same' | 'latest',
      user: { id: string },
    ): Promise<RunJson> {
      const source = getRow(id);
      if (!FINISHED.includes(source.status))
        throw new ApiError(
          'CONFLICT',
          'This run has not finished yet: cancel it or wait for it to end before retrying',
        );
      if (from === 'failed-step' && source.status === 'succeeded') {
        throw invalid('Nothing failed in this run', [
          { path: 'from', message: 'The run succeeded: retry it with from "start"' },
        ]);
      }
      const wf = workflows.row(source.workflowId);
      const targetVersion = version === 'same' ? source.workflowVersion : wf.latestVersion;
      if (
        from === 'failed-step' &&
        version === 'latest' &&
        targetVersion !== source.workflowVersion
      ) {
        const problems = validateVersion(deps, wf.id, targetVersion);
        if (problems.length)
          throw invalid(
            'The latest version does not validate, so the run cannot continue on it',
            problems,
          );
      }
      const checkpoint = from === 'failed-step' ? source.checkpoint : null;
      const upToSeq = checkpoint ? Number(checkpoints.read(checkpoint).seq ?? 0) : 0;
      return start({
        workflowId: wf.id,
        triggerType: source.triggerType,
        triggerOutput: source.triggerOutput === null ? {} : JSON.parse(source.triggerOutput),
        startedBy: user.id,
        version: targetVersion,
        retryOf: source.id,
        checkpoint,
        copyRecords: upToSeq > 0 ? { runId: source.id, upToSeq } : undefined,
      });
    },

    // The schedule too (a misspelt timezone, a bad cron): not a run-time matter, so only here
    // and not when a retry checks the latest version's mappings.
    validate: (workflowId: string, version?: number) => [
      ...scheduleValidation(deps, workflowId, version),
      ...validateVersion(deps, workflowId, version),
    ],

    replay: (id: string, stepId: string, pick: RecordPick = {}): Promise<DebugRecord> =>
      replayRecord(deps, getRow(id), stepId, pick),

    /**
     * After a restart: runs left "queued" or "running" by a killed process are queued again and
     * resume from their last committed checkpoint (execute() fails them if they cannot).
     */
    recover(): string[] {
      const ids = store.runs.unfinished().map((r) => r.id);
      for (const runId of ids) enqueue(runId);
      return ids;
    },

    statuses(ids: string[]): Record<string, RunStatus> {
      const out: Record<string, RunStatus> = {};
      for (const runId of ids) {
        const row = store.runs.byId(runId);
        if (row) out[runId] = row.status;
      }
      return out;
    },
  };
}
export type RunService = ReturnType<typeof createRunService>;
