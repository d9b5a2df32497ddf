// The API process's side of the workers' events stream: it drains the reports into SQLite in
// order, in one group commit per batch, and only then tells live listeners (the editor's SSE,
// waiters, notifications) and acknowledges the entries. An entry read twice (the API died
// between commit and acknowledgement) changes nothing: records are keyed by run and seq, a
// checkpoint is the same text again, and an end is stored only on a run not yet ended.
// One API process drains at a time (a lock in Redis), so a run's reports are never applied
// out of order by two of them.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { finishRun } from '../runs/finish-run.js';
import type { RunCore } from '../runs/run-core.js';
import { isFinished } from '../runs/run-rows.js';
import type { StepStartEvent } from '../services/run-events.js';
import { toRecordRow, toRunJson } from '../services/run-json.js';
import type { RedisKeys } from './redis-keys.js';
import { stateAad } from './redis-step-state.js';
import { parseEntry, type StreamEntry } from './run-reports.js';
import type { Sealer } from './sealed.js';
import type { Logger } from '../log/logger.js';

const BATCH = 1000;
const BLOCK_MS = 1000;
const LOCK_MS = 15_000;

export interface RunDrain {
  /** Steps of a running run that started on a worker and have no record yet. */
  runningSteps(runId: string): StepStartEvent[];
  /** This process drains now. */
  readonly leading: boolean;
  /** Resolves once everything in the stream when called has been applied (tests, shutdown). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export function startRunDrain(deps: {
  core: RunCore;
  /** A connection of its own: the drain blocks on it. */
  redis: Redis;
  keys: RedisKeys;
  sealer: Sealer;
  log: Logger;
  /** Called each time this process becomes the one that drains (recovery runs then). */
  onLead?: () => void;
}): RunDrain {
  const { core, redis, keys, sealer, log } = deps;
  const { store, events } = core;
  const consumer = `api-${randomUUID()}`;
  const pendingStarts = new Map<string, Map<string, StepStartEvent>>();
  let stopped = false;
  let leading = false;
  let lockTimer: NodeJS.Timeout | undefined;
  let caughtUpWaiters: (() => void)[] = [];

  async function ensureGroup(): Promise<void> {
    try {
      await redis.xgroup('CREATE', keys.events, keys.drainGroup, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  async function lead(): Promise<boolean> {
    const got = await redis.set(keys.drainLock, consumer, 'PX', LOCK_MS, 'NX');
    if (got !== 'OK') return false;
    leading = true;
    lockTimer = setInterval(() => {
      redis
        .eval(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
          1,
          keys.drainLock,
          consumer,
          LOCK_MS,
        )
        .then((kept) => {
          if (Number(kept) !== 1) leading = false;
        })
        .catch(() => {});
    }, LOCK_MS / 3);
    // Entries another API process read and did not acknowledge (it died) come to this one.
    let cursor = '0-0';
    do {
      const [next] = (await redis.xautoclaim(
        keys.events,
        keys.drainGroup,
        consumer,
        0,
        cursor,
        'COUNT',
        BATCH,
        'JUSTID',
      )) as [string, string[]];
      cursor = next;
    } while (cursor !== '0-0');
    deps.onLead?.();
    return true;
  }

  type XEntries = [string, [string, string[]][]][] | null;

  async function read(id: '0' | '>'): Promise<StreamEntry[]> {
    const answer = (await redis.call(
      'XREADGROUP',
      'GROUP',
      keys.drainGroup,
      consumer,
      'COUNT',
      BATCH,
      ...(id === '>' ? ['BLOCK', BLOCK_MS] : []),
      'STREAMS',
      keys.events,
      id,
    )) as XEntries;
    const out: StreamEntry[] = [];
    for (const [, entries] of answer ?? [])
      for (const [entryId, fields] of entries) {
        const entry = fields ? parseEntry(entryId, fields) : null;
        out.push(entry ?? { id: entryId, runId: '', reports: [] });
      }
    return out;
  }

  /** What the commit of a batch tells listeners, once it is on disk. */
  interface Effects {
    known: Map<string, boolean>;
    started: string[];
    emit: (() => void)[];
    finishes: { runId: string; entry: StreamEntry }[];
  }

  function applyEntry(entry: StreamEntry, fx: Effects): void {
    const { runId } = entry;
    if (!runId) return;
    // One look per run and batch (a batch holds several entries of most runs).
    let known = fx.known.get(runId);
    if (known === undefined) fx.known.set(runId, (known = core.rows.find(runId) !== undefined));
    if (!known) return;
    for (const report of entry.reports) {
      switch (report.t) {
        case 'started':
          // A parked run that a worker resumes (its delayed job came due): waiting no more.
          store.runs.wake(runId, core.owner.id);
          if (store.runs.markRunning(runId, report.at)) fx.started.push(runId);
          break;
        case 'respond': {
          const { response } = report;
          store.runs.setResponse(runId, JSON.stringify(response));
          fx.emit.push(() => {
            if (events.listenerCount('respond') > 0) events.emit('respond', { runId, response });
          });
          break;
        }
        case 'park': {
          const { parked } = report;
          const stored = store.runs.park({
            id: runId,
            resumeAt: parked.wait.resumeAt ?? null,
            waitingFor: parked.wait.forRunId ?? null,
            stepCount: parked.stepCount,
            recordsOmitted: parked.recordsOmitted,
            response: parked.response ? JSON.stringify(parked.response) : null,
          });
          // Cancelled meanwhile: it stays cancelled.
          if (!stored) break;
          fx.emit.push(() => {
            const row = core.rows.find(runId);
            if (row && events.listenerCount('run') > 0) events.emit('run', toRunJson(row));
            // The called run may have ended before the caller parked: nobody else wakes it then.
            const waitingFor = parked.wait.forRunId;
            if (waitingFor) {
              const called = core.rows.find(waitingFor);
              if (!called || isFinished(called.status)) core.waits.wake(runId);
            }
          });
          break;
        }
        case 'step-start': {
          const start: StepStartEvent = {
            runId,
            stepId: report.stepId,
            place: report.place,
            startedAt: report.startedAt,
          };
          fx.emit.push(() => {
            let pending = pendingStarts.get(runId);
            if (!pending) pendingStarts.set(runId, (pending = new Map()));
            pending.set(start.stepId, start);
            if (events.listenerCount('step-start') > 0) events.emit('step-start', start);
          });
          break;
        }
        case 'record': {
          const record = report.record;
          store.runs.insertRecord(toRecordRow(record));
          fx.emit.push(() => {
            const pending = pendingStarts.get(runId);
            if (pending?.get(record.stepId)?.place === record.place) pending.delete(record.stepId);
            if (events.listenerCount('step') > 0) events.emit('step', record);
          });
          break;
        }
        case 'state': {
          const value = sealer.open(
            report.value,
            stateAad(report.workflowId, report.stepId, report.key),
          );
          void store.stepState.storeFor(report.workflowId, report.stepId).set(report.key, value);
          break;
        }
        case 'finish':
          fx.finishes.push({ runId, entry });
          break;
      }
    }
    // After the entry's records: a stored checkpoint never runs ahead of them.
    if (entry.checkpoint) store.runs.saveCheckpoint(runId, entry.checkpoint);
  }

  async function apply(entries: StreamEntry[]): Promise<void> {
    const fx: Effects = { known: new Map(), started: [], emit: [], finishes: [] };
    try {
      await store.batch.write(() => {
        for (const entry of entries) applyEntry(entry, fx);
      });
    } catch {
      // One bad entry must not hold the others back: apply them one by one, and skip (with a
      // log line) an entry that cannot be stored.
      fx.started = [];
      fx.emit = [];
      fx.finishes = [];
      for (const entry of entries) {
        const one: Effects = { known: new Map(), started: [], emit: [], finishes: [] };
        try {
          await store.batch.write(() => applyEntry(entry, one));
          fx.started.push(...one.started);
          fx.emit.push(...one.emit);
          fx.finishes.push(...one.finishes);
        } catch (err) {
          log.error(
            { runId: entry.runId },
            `run ${entry.runId}: a worker's report could not be stored and is skipped: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
    }
    for (const runId of fx.started) {
      const row = core.rows.find(runId);
      if (row && events.listenerCount('run') > 0) events.emit('run', toRunJson(row, 0));
    }
    for (const emit of fx.emit) emit();
    // The ends of a batch share one commit.
    const ended: string[] = [];
    await Promise.all(
      fx.finishes.map(({ runId, entry }) => {
        const report = entry.reports.find((r) => r.t === 'finish');
        const row = core.rows.find(runId);
        if (!report || report.t !== 'finish' || !row || isFinished(row.status)) return undefined;
        pendingStarts.delete(runId);
        ended.push(runId);
        // As in embedded mode: a run that succeeded keeps no checkpoint (nothing to retry from).
        const succeeded = report.outcome.status === 'succeeded';
        return finishRun(core, runId, report.outcome, undefined, () => {
          if (!succeeded) return;
          store.runOutputs.removeRun(runId);
          store.runs.dropCheckpoint(runId);
        });
      }),
    );
    const ids = entries.map((e) => e.id);
    const done = redis
      .multi()
      .xack(keys.events, keys.drainGroup, ...ids)
      .xdel(keys.events, ...ids);
    // Their state in Redis is no longer needed once SQLite holds their end.
    if (ended.length)
      done.del(...ended.flatMap((runId) => [keys.run(runId), keys.inflight(runId)]));
    await done.exec();
  }

  async function loop(): Promise<void> {
    let backlog = true;
    while (!stopped) {
      try {
        if (!leading) {
          await ensureGroup();
          if (!(await lead())) {
            await sleep(LOCK_MS / 3);
            continue;
          }
          backlog = true;
        }
        // First what this consumer holds unacknowledged, then new entries.
        const entries = await read(backlog ? '0' : '>');
        if (backlog && entries.length === 0) {
          backlog = false;
          continue;
        }
        if (entries.length) await apply(entries);
        else for (const resolve of caughtUpWaiters.splice(0)) resolve();
      } catch (err) {
        if (stopped) break;
        log.error(`run drain: ${err instanceof Error ? err.message : String(err)}; trying again`);
        await sleep(1000);
      }
    }
  }

  const running = loop();

  return {
    runningSteps: (runId) => [...(pendingStarts.get(runId)?.values() ?? [])],
    get leading() {
      return leading;
    },
    caughtUp: () => new Promise((resolve) => caughtUpWaiters.push(resolve)),
    async stop() {
      stopped = true;
      clearInterval(lockTimer);
      // Given back for the next API process; with Redis away it simply expires.
      if (leading && redis.status === 'ready')
        await redis
          .eval(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
            1,
            keys.drainLock,
            consumer,
          )
          .catch(() => {});
      redis.disconnect();
      await running;
      if (leading) leading = false;
      for (const resolve of caughtUpWaiters.splice(0)) resolve();
      caughtUpWaiters = [];
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
