// The embedded mode's RunSink: a run's reports go into SQLite through the group commit
// (db/write-batch.ts), and live listeners hear of each one only after it is committed.
// Checkpoints are coalesced: a run's checkpoints made during one turn of the event loop cost
// one write of the last of them, which stores only what changed (checkpoint-store.ts).
import type { Checkpoint } from '../../engine/index.js';
import type { StepStartEvent } from '../services/run-events.js';
import { toRecordRow, toRunJson } from '../services/run-json.js';
import { emptyState, writeCheckpoint } from './checkpoint-store.js';
import { finishRun } from './finish-run.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';
import type { RunInfo, RunSink, RunWriter } from './run-sink.js';

export interface SqliteRunSink extends RunSink {
  /** Steps of a running run that started and have no record yet (live only, never stored). */
  runningSteps(runId: string): StepStartEvent[];
}

const RESOLVED = Promise.resolve();

export function createSqliteRunSink(core: RunCore): SqliteRunSink {
  const { store, events, log } = core;
  /**
   * Per running run, the steps started whose record has not come yet, by step id (so a long
   * loop keeps one entry per step, not one per iteration). Memory only: a stream opened in the
   * middle of a slow step (as the editor's is, just after it starts a run) still shows it running.
   */
  const pendingStarts = new Map<string, Map<string, StepStartEvent>>();

  function open(info: RunInfo): RunWriter {
    const runId = info.id;
    let known = info;
    const pending = new Map<string, StepStartEvent>();
    pendingStarts.set(runId, pending);
    // A resumed run (or a retry from a step) starts with what its stored checkpoint holds.
    const resumed = core.storedStates.get(runId);
    core.storedStates.delete(runId);
    const state = resumed ?? emptyState();
    let written = resumed !== undefined;
    // The newest checkpoint not yet written, and whether a write of it is in the next commit.
    let latest: Checkpoint | undefined;
    let latestSensitive = false;
    let scrub: <T>(value: T) => T = (value) => value;
    let scheduled = false;
    let failure: unknown;
    // Something was reported since the last settle().
    let dirty = false;

    function writeLatest(): void {
      scheduled = false;
      const next = latest;
      latest = undefined;
      if (!next || failure !== undefined) return;
      try {
        writeCheckpoint(core, runId, state, next, { sensitive: latestSensitive, scrub });
        written = true;
      } catch (err) {
        // Rolls the commit back; the run stops at its next checkpoint or settle().
        failure = err;
        throw err;
      }
    }

    return {
      async started(at) {
        known = { ...info, status: 'running', startedAt: info.startedAt ?? at };
        const running = known;
        // Awaited (it shares a group commit with other runs' writes): it also counts this
        // execution for the crash-loop guard, which must be on disk before any step runs.
        await store.batch.write(() => store.runs.markRunning(runId, at));
        if (events.listenerCount('run') > 0) events.emit('run', toRunJson(running, 0));
      },
      stepStarted(info) {
        const start = { runId, ...info };
        pending.set(info.stepId, start);
        if (events.listenerCount('step-start') > 0) events.emit('step-start', start);
      },
      // A record goes into the next group commit, before the checkpoint that follows it, so a
      // checkpoint on disk never runs ahead of its records.
      record(record) {
        const row = toRecordRow(record);
        dirty = true;
        store.batch
          .write(
            () => store.runs.insertRecord(row),
            (row.input?.length ?? 0) + (row.output?.length ?? 0),
          )
          .then(
            () => {
              if (pending.get(record.stepId)?.place === record.place) pending.delete(record.stepId);
              if (events.listenerCount('step') > 0) events.emit('step', record);
            },
            (err: unknown) =>
              log.error(
                { runId, stepId: row.stepId },
                `run ${runId}: could not store the record of step ${row.stepId}: ${err instanceof Error ? err.message : String(err)}`,
              ),
          );
      },
      checkpoint(checkpoint, options) {
        if (failure !== undefined) throw failure;
        latest = checkpoint;
        latestSensitive = options.sensitive;
        scrub = options.scrub;
        dirty = true;
        if (scheduled) return;
        scheduled = true;
        // The failure is kept and thrown at the next checkpoint or settle().
        store.batch.write(writeLatest).catch(() => {});
      },
      settle() {
        if (failure !== undefined) return Promise.reject(failure);
        if (!dirty) return RESOLVED;
        dirty = false;
        // An empty write commits with (after) everything queued before it.
        return store.batch
          .write(() => {})
          .then(() => {
            if (failure !== undefined) throw failure;
          });
      },
      finish(outcome) {
        // A run that succeeded is not resumed or retried from a step: it keeps no checkpoint.
        // A failed or cancelled one keeps its last, to be retried from the step that failed.
        const dropState = outcome.status === 'succeeded';
        if (dropState) latest = undefined;
        return finishRun(core, runId, outcome, known, () => {
          if (dropState && written) {
            store.runOutputs.removeRun(runId);
            store.runs.dropCheckpoint(runId);
          }
        });
      },
      async park(parked) {
        const { wait } = parked;
        const change = {
          id: runId,
          resumeAt: wait.resumeAt ?? null,
          waitingFor: wait.forRunId ?? null,
          stepCount: parked.stepCount,
          recordsOmitted: parked.recordsOmitted,
          response: parked.response ? JSON.stringify(parked.response) : null,
        };
        let stored = false;
        await store.batch.write(() => {
          stored = store.runs.park(change);
        });
        // Cancelled meanwhile (its row is no longer queued or running): it stays cancelled.
        if (!stored) return;
        known = {
          ...known,
          ...change,
          status: 'waiting',
          response: known.response ?? change.response,
        };
        if (events.listenerCount('run') > 0) events.emit('run', toRunJson(known));
        if (change.resumeAt) core.waits.parkedUntil(runId, change.resumeAt);
        // The called run may have ended before the caller was parked: then nobody else wakes it.
        if (change.waitingFor) {
          const called = core.rows.find(change.waitingFor);
          if (!called || isFinished(called.status)) core.waits.wake(runId);
        }
      },
      async respond(response) {
        await store.batch.write(() => store.runs.setResponse(runId, JSON.stringify(response)));
        if (events.listenerCount('respond') > 0) events.emit('respond', { runId, response });
      },
      close() {
        pendingStarts.delete(runId);
      },
    };
  }

  return {
    open,
    runningSteps: (runId) => [...(pendingStarts.get(runId)?.values() ?? [])],
  };
}
