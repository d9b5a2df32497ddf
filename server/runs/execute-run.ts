// The executor, shaped like a queue job processor: given a run id it loads what the run needs
// from a RunSource, runs the engine, and reports everything through a RunSink. It holds no
// store and no queue, so the same code runs in the API process (embedded mode) and in a
// BullMQ worker (queue mode).
import {
  isStepError,
  type Catalog,
  type Checkpoint,
  type DebugRecord,
  type RunOptions,
} from '../../engine/index.js';
import { engine } from '../services/engine.js';
import { createSecretScrubber } from '../services/scrub.js';
import type { CallPort } from './call-port.js';
import type { RunSink, RunWriter } from './run-sink.js';
import type { RunSource } from './run-source.js';
import { createSideEffectCheck } from './side-effects.js';
import { asLogger, type Logger } from '../log/logger.js';

/**
 * A run of pure steps (a loop of conditions) never waits for the disk: it gives the event loop
 * a turn this often, so that requests (a cancel), other runs and the group commit go on.
 */
const YIELD_EVERY_MS = 10;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RunExecutorDeps {
  source: RunSource;
  sink: RunSink;
  catalog: Catalog;
  /** Starting and following called runs (call steps); without it a call step fails. */
  calls?: CallPort;
  /** At most this many records per run; the engine's default (10,000) when unset. */
  maxRecords?: number;
  /**
   * The longest one execution may take (STEPWISE_RUN_TIMEOUT, default 24 h): past it the run
   * is stopped and fails with RUN_TIMEOUT, so no run holds a run slot for ever. Counted from
   * when this execution began: time parked in a delay or a call does not count.
   */
  runTimeoutMs?: number;
  /** A loop over a longer list fails at once; the engine's default (1,000,000) when unset. */
  maxLoopItems?: number;
  now?: () => number;
  log?: Logger | ((message: string) => void);
  /** The engine's sleep between a step's attempts (a queue worker parks the run on long ones). */
  sleep?: RunOptions['sleep'];
}

export interface RunExecutor {
  /** Run (or resume) a run to its end. Never rejects for a run's own failure. */
  execute(runId: string): Promise<void>;
  /** Ask a run executing here to stop at its next safe point; false when it is not here. */
  cancel(runId: string): boolean;
  /**
   * Stop a run executing here without reporting its end: another process has taken it over
   * (this one's lease ran out) and goes on from its last checkpoint.
   */
  abandon(runId: string): boolean;
  /** Ids of the runs executing here. */
  running(): string[];
}

export const DEFAULT_RUN_TIMEOUT_MS = 24 * 60 * 60 * 1000;

function runTimeout(limitMs: number, stepId: string | null) {
  return {
    code: 'RUN_TIMEOUT',
    message: `The run took longer than ${durationText(limitMs)}, the most one run may take (the setting STEPWISE_RUN_TIMEOUT), and was stopped${stepId ? ` at step "${stepId}"` : ''}. A loop that waits or polls for long is better split: a schedule that checks, or a delay step (time parked does not count)`,
    stepId,
  };
}

/** "24 h", "90 min", "45 s". */
export function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

export function createRunExecutor(deps: RunExecutorDeps): RunExecutor {
  const { source, sink, catalog } = deps;
  const now = deps.now ?? Date.now;
  const log = asLogger(deps.log);
  const controllers = new Map<string, AbortController>();
  const abandoned = new Set<string>();
  const mayHaveEffects = createSideEffectCheck(catalog);
  const limits = {
    ...(deps.maxRecords ? { maxRecords: deps.maxRecords } : {}),
    ...(deps.maxLoopItems ? { maxLoopItems: deps.maxLoopItems } : {}),
  };

  async function execute(runId: string): Promise<void> {
    const job = await source.load(runId);
    if (!job) return;
    const writer = sink.open(job.run);
    try {
      if (job.problem || !job.workflow) {
        await writer.finish({
          status: 'failed',
          error: job.problem ?? {
            code: 'INTERNAL',
            message: 'The run has no workflow to execute',
            stepId: null,
          },
          stepCount: job.lastSeq,
          recordsOmitted: 0,
        });
        return;
      }
      await run(runId, job, writer);
    } finally {
      writer.close();
    }
  }

  async function run(
    runId: string,
    job: NonNullable<Awaited<ReturnType<RunSource['load']>>>,
    writer: RunWriter,
  ): Promise<void> {
    await writer.started(new Date(now()).toISOString());
    let lastSeq = job.lastSeq;
    const controller = new AbortController();
    controllers.set(runId, controller);
    const timeoutMs = deps.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    timer.unref();
    const scrubber = createSecretScrubber();
    let sensitive = job.sensitive;
    let lastTurn = performance.now();
    try {
      const result = await engine.runWorkflow({
        workflow: job.workflow!,
        runId,
        trigger: job.trigger,
        workflowId: job.run.workflowId,
        workflowVersion: job.run.workflowVersion,
        catalog,
        signal: controller.signal,
        resumeFrom: job.resumeFrom,
        limits,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        resolveAuth: async (authId, ctx) => {
          const auth = await job.resolveAuth(authId, ctx);
          scrubber.add(auth, catalog.secretAuthFields(auth.connector));
          sensitive = true;
          return auth;
        },
        stateFor: job.stateFor,
        storage: job.storage,
        // A token a connector obtained (Salesforce's access token): scrubbed from here on.
        onSecret: (value) => {
          scrubber.addValue(value);
          sensitive = true;
        },
        // A second line of defence: the engine redacts secret fields; this removes any
        // decrypted secret value that still made it into the record (e.g. echoed by a service).
        onRecord: (record: DebugRecord) => {
          const clean = scrubber.scrubRecord(record);
          lastSeq = Math.max(lastSeq, clean.seq);
          writer.record(clean);
        },
        onStepStart: (info) => writer.stepStarted(info),
        // Delay and call park the run (the sink stores it as waiting, and its parking lot wakes
        // it); respond reaches whoever waits for the answer through the sink too.
        host: {
          park: true,
          callDepth: job.run.callDepth ?? 0,
          startCall: deps.calls?.startCall,
          callOutcome: deps.calls?.callOutcome,
          respond: (response) => writer.respond(scrubber.scrubValue(response)),
        },
        // A step that may have side effects starts only once everything before it is on disk:
        // a crash then never makes a resumed run repeat it or anything it came after. A pure
        // step does not wait; after a crash it may run again, invisibly (its record was not
        // stored either), and the same seq numbers come out.
        beforeStep: (step) => (mayHaveEffects(step) ? writer.settle() : undefined),
        // Not awaited by the sink (checkpoints of one commit are coalesced). The sink passes
        // each output it stores through the scrubber once (they are also encrypted once
        // sensitive): a step output that echoed a secret must not be kept, nor handed to a
        // retry, in clear; scrubbing the whole checkpoint after every step would cost a walk
        // over every output in scope each time.
        onCheckpoint: (checkpoint: Checkpoint) => {
          writer.checkpoint(checkpoint, { sensitive, scrub: scrubber.scrubValue });
          const t = performance.now();
          if (t - lastTurn < YIELD_EVERY_MS) return;
          lastTurn = t;
          return nextTurn();
        },
      });
      if (abandoned.has(runId)) return;
      const response = result.response ? scrubber.scrubValue(result.response) : undefined;
      if (result.status === 'waiting' && result.wait) {
        await writer.park({
          wait: result.wait,
          stepCount: Math.max(result.stepCount, lastSeq),
          recordsOmitted: result.recordsOmitted,
          response,
        });
        return;
      }
      if (result.status === 'waiting') throw new Error('the run was parked without saying why');
      // Stopped by the time limit (the engine saw a cancellation): a failure, saying why.
      const overran = timedOut && result.status === 'cancelled';
      await writer.finish({
        status: overran ? 'failed' : result.status,
        error: overran
          ? runTimeout(timeoutMs, result.error?.stepId ?? null)
          : result.error
            ? scrubber.scrubValue(result.error)
            : null,
        stepCount: Math.max(result.stepCount, lastSeq),
        recordsOmitted: result.recordsOmitted,
        response,
      });
    } catch (err) {
      // runWorkflow rejects only when a checkpoint does not fit the workflow (or on a bug).
      // Scrubbed before the log line too: the log is no safer a place for a secret than the record.
      const message = scrubber.scrubText(err instanceof Error ? err.message : String(err));
      log.error({ runId }, `run ${runId} could not go on: ${message}`);
      if (abandoned.has(runId)) return;
      await writer.finish({
        status: 'failed',
        error: {
          code: isStepError(err) ? err.code : 'INTERNAL',
          message: `The run could not go on: ${message}`,
          stepId: null,
        },
        stepCount: lastSeq,
        recordsOmitted: 0,
      });
    } finally {
      clearTimeout(timer);
      controllers.delete(runId);
      abandoned.delete(runId);
    }
  }

  return {
    execute,
    cancel(runId) {
      const controller = controllers.get(runId);
      controller?.abort();
      return controller !== undefined;
    },
    abandon(runId) {
      const controller = controllers.get(runId);
      if (!controller) return false;
      abandoned.add(runId);
      controller.abort();
      return true;
    },
    running: () => [...controllers.keys()],
  };
}
