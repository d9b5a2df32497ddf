// A worker's RunSink: a run's reports go to Redis, never to a disk. Each write is one Lua call
// (redis-scripts.ts, WRITE) that checks this worker still owns the run, updates the run's state
// (checkpoint, last seq, steps in flight) and appends the reports to the events stream the API
// drains into SQLite. Writes of one run are sent one after the other, in order. Checkpoints are
// coalesced: the newest is encoded and sent with the next write, at the latest once the event
// loop turns; a step that may have side effects waits (settle) until everything before it is
// in Redis.
import type { Checkpoint } from '../../engine/index.js';
import type { RunInfo, RunOutcome, RunParked, RunSink, RunWriter } from '../runs/run-sink.js';
import type { WorkerRun } from './run-context.js';
import type { RedisKeys } from './redis-keys.js';
import type { ScriptedRedis } from './redis-scripts.js';
import type { RunReport } from './run-reports.js';
import type { Logger } from '../log/logger.js';

interface Control {
  seq?: string;
  status?: 'running' | 'queued' | 'done';
  sensitive?: boolean;
  set?: [string, string];
  del?: string[];
  park?: boolean;
  release?: boolean;
}

const RESOLVED = Promise.resolve();
/** A step start is sent on its own only when the step runs longer than this. */
const STEP_START_DELAY_MS = 100;

export interface RedisRunSinkDeps {
  redis: ScriptedRedis;
  keys: RedisKeys;
  /** The run as the job processor claimed it. */
  claimed(runId: string): WorkerRun | undefined;
  /** The checkpoint in the store's text form (services/checkpoint-codec.ts). */
  encodeCheckpoint(checkpoint: Checkpoint, sensitive: boolean): string;
  /** The API asked for the run to stop. */
  onCancel(run: WorkerRun): void;
  /** A run of the same workflow waits for the concurrency slot this one gave back. */
  onSlotFreed(runId: string): void;
  log: Logger;
}

export interface RedisRunSink extends RunSink {
  /** Store "this unsafe step has started" before it does anything. */
  markInFlight(run: WorkerRun, place: string, stepId: string): Promise<void>;
  /** Send a report with the run's next write (connector state). */
  report(runId: string, report: RunReport): void;
  /** Write the end of a run that will not execute (cancelled before it started, crash loop). */
  finishUnstarted(run: WorkerRun, info: RunInfo, outcome: RunOutcome): Promise<void>;
}

interface Writer extends RunWriter {
  markInFlight(place: string, stepId: string): Promise<void>;
  push(report: RunReport): void;
}

export function createRedisRunSink(deps: RedisRunSinkDeps): RedisRunSink {
  const { redis, keys, log } = deps;
  const writers = new Map<string, Writer>();

  function open(info: RunInfo): Writer {
    const runId = info.id;
    const run = deps.claimed(runId);
    if (!run) throw new Error(`run ${runId} was not claimed by this worker`);
    let reports: RunReport[] = [];
    let checkpoint = '';
    // The newest checkpoint not yet encoded (encoding it after every step would cost a walk
    // over every output in scope each time), and the scrubber it must pass through.
    let pending: { next: Checkpoint; scrub: <T>(value: T) => T; sensitive: boolean } | undefined;
    let flushSoon = false;
    let control: Control = {};
    // Places of unsafe steps started and not finished (this worker's and the last owner's).
    const marks = new Set(run.inflightBefore.keys());
    let chain: Promise<void> = Promise.resolve();
    let cancelSeen = false;
    // The seq of the last record sent and of the last checkpoint (a parked run's counts).
    let lastSeq = 0;
    let omitted = 0;

    async function send(batch: RunReport[], ckpt: string, ctl: Control): Promise<void> {
      if (run!.lost) return;
      const answer = await redis.swWrite(
        keys.run(runId),
        keys.inflight(runId),
        keys.events,
        keys.slots(run!.workflowId),
        keys.slotWaiters(run!.workflowId),
        run!.token,
        runId,
        JSON.stringify(batch),
        ckpt,
        JSON.stringify(ctl),
      );
      if (answer[0] === 'lost') {
        if (!run!.lost)
          log.warn(
            { event: 'run.taken-over', runId },
            `run ${runId}: another worker has taken this run over; stopping here`,
          );
        run!.lost = true;
        run!.stop();
        return;
      }
      if (answer[1] === '1' && !cancelSeen) {
        cancelSeen = true;
        deps.onCancel(run!);
      }
      if (answer[2]) deps.onSlotFreed(answer[2]);
    }

    let startTimer: NodeJS.Timeout | undefined;
    // The last write sent, and whether anything waits to be sent after it.
    let last: Promise<void> = RESOLVED;

    /** Send what is waiting, after the writes before it. */
    function flush(): Promise<void> {
      if (pending) {
        // Scrubbed before it leaves the process: an echoed secret is not kept, nor handed to a
        // retry, in clear (it is also encrypted once sensitive).
        checkpoint = deps.encodeCheckpoint(pending.scrub(pending.next), pending.sensitive);
        pending = undefined;
      }
      const batch = reports;
      const ckpt = checkpoint;
      const ctl = control;
      reports = [];
      checkpoint = '';
      control = {};
      const sent = chain.then(() => send(batch, ckpt, ctl));
      chain = sent.catch(() => {});
      last = sent;
      return sent;
    }

    /** Parked: "queued" again in Redis (a later claim is no crash), its slot given back. */
    function parkRun(parked: RunParked, counted: boolean): Promise<void> {
      reports.push({ t: 'park', parked });
      control = { ...control, status: 'queued', release: true, ...(counted ? { park: true } : {}) };
      return flush();
    }

    const background = (what: string) => (err: unknown) =>
      log.error(
        { runId },
        `run ${runId}: could not write ${what}: ${err instanceof Error ? err.message : String(err)}`,
      );

    const writer: Writer = {
      // The claim already made the run "running" in Redis and reported it (claim-run.ts).
      started: () => RESOLVED,
      stepStarted(info) {
        if (run.park) return;
        reports.push({ t: 'step-start', ...info });
        // The live view shows a step running once it has run a moment: a step that ends sooner
        // has its start sent with its record (one write, not two).
        startTimer ??= setTimeout(() => {
          startTimer = undefined;
          if (reports.some((r) => r.t === 'step-start')) flush().catch(background('a step start'));
        }, STEP_START_DELAY_MS);
      },
      record(record) {
        if (run.park?.cut || run.lost) return;
        reports.push({ t: 'record', record });
        control.seq = String(record.seq);
        if (marks.delete(record.place)) (control.del ??= []).push(record.place);
      },
      checkpoint(next, options) {
        if (run.park?.cut || run.lost) return;
        pending = { next, scrub: options.scrub, sensitive: options.sensitive };
        if (options.sensitive) control.sensitive = true;
        const position = next as { seq?: number; recordsOmitted?: number };
        lastSeq = position.seq ?? lastSeq;
        omitted = position.recordsOmitted ?? omitted;
        if (flushSoon) return;
        flushSoon = true;
        setImmediate(() => {
          flushSoon = false;
          if (pending) flush().catch(background('a checkpoint'));
        });
      },
      settle() {
        if (run.lost) return RESOLVED;
        // Nothing new since the last write: waiting for that one is enough.
        if (!pending && reports.length === 0 && Object.keys(control).length === 0) return last;
        return flush();
      },
      finish(outcome) {
        if (run.lost) return Promise.resolve();
        if (run.park?.cut) {
          // A step cut short by a long wait: the run is parked, not finished. The cut step's
          // records are dropped (it runs again), the checkpoint stays at the last completed step.
          reports = reports.filter((r) => r.t === 'started' || r.t === 'state');
          checkpoint = '';
          delete control.seq;
          return parkRun(
            {
              wait: {
                resumeAt: new Date(run.park.until).toISOString(),
                stepId: run.stepId ?? '',
              },
              stepCount: lastSeq,
              recordsOmitted: omitted,
            },
            true,
          );
        }
        reports.push({ t: 'finish', outcome });
        control.status = 'done';
        control.release = true;
        return flush();
      },
      park(parked) {
        if (run.lost) return Promise.resolve();
        // A delay: the job goes back to BullMQ as a delayed job until then (run-worker.ts). A
        // call that waits: the job ends, and the API queues the run again when the called run ends.
        if (parked.wait.resumeAt)
          run.park = { until: Date.parse(parked.wait.resumeAt), reason: 'delay', cut: false };
        return parkRun(parked, false);
      },
      respond(response) {
        if (run.lost) return Promise.resolve();
        reports.push({ t: 'respond', response });
        return flush();
      },
      close() {
        clearTimeout(startTimer);
        writers.delete(runId);
      },
      markInFlight(place, stepId) {
        marks.add(place);
        control.set = [place, stepId];
        return flush().then(() => {
          if (run.lost || run.park) throw new Error('The run stopped before this step could start');
        });
      },
      push(report) {
        reports.push(report);
      },
    };
    writers.set(runId, writer);
    return writer;
  }

  return {
    open,
    markInFlight(run, place, stepId) {
      const writer = writers.get(run.runId);
      if (!writer) return Promise.reject(new Error(`run ${run.runId} has no writer`));
      return writer.markInFlight(place, stepId);
    },
    report(runId, report) {
      writers.get(runId)?.push(report);
    },
    async finishUnstarted(run, info, outcome) {
      const writer = open(info);
      try {
        await writer.finish(outcome);
      } finally {
        writer.close();
      }
    },
  };
}
