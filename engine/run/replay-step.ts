// The server's "replay this step": one connector step run again with the input it had,
// outside any run. Answers the new debug record (redacted, size-bounded) and changes nothing else.
import { StepError } from '../errors/step-error.js';
import type { DebugRecord } from '../model/record.js';
import type { Step } from '../model/workflow.schema.js';
import { buildRecord } from '../records/recorder.js';
import { realSleep } from '../retry/backoff.js';
import { CallGuard } from '../steps/call-guard.js';
import { invokeConnector } from '../steps/invoke-connector.js';
import type { Catalog, StepLogger, StepStateStore } from './catalog.js';
import { createMemoryStorage, type StepStorage } from './storage.js';
import type { RunOptions } from './types.js';

export interface ReplayOptions {
  /** The step as it is in the workflow version being replayed; must be a connector step. */
  step: Step;
  /** The already-resolved input (mappings are not evaluated again). */
  input: unknown;
  catalog: Catalog;
  resolveAuth?: RunOptions['resolveAuth'];
  runId: string;
  workflowId?: string;
  /** Where the step ran (`loop-1[3] > slack-1`); defaults to the step id. */
  place?: string;
  /** seq of the answered record; defaults to 1. */
  seq?: number;
  /**
   * A replay is a deliberate new attempt, so by default it gets its own key
   * (`<runId>:<place>:replay:<time>`) and is not deduplicated by the service.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
  stepTimeoutMs?: number;
  maxValueBytes?: number;
  stateFor?: (stepId: string) => StepStateStore;
  /** The storage connector's values; default: in memory, for this replay only. */
  storage?: StepStorage;
  log?: StepLogger;
  /** Told of each credential a connector obtains during the replay (see RunOptions.onSecret). */
  onSecret?: (value: string) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * Run one connector step again and answer its debug record (status "error" when it fails).
 *
 * @example
 * const record = await replayStep({ step, input: storedInput, catalog, resolveAuth, runId: run.id, place: record.place });
 */
export async function replayStep(options: ReplayOptions): Promise<DebugRecord> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { step } = options;
  const place = options.place ?? step.id;
  const secrets = new Set<string>();
  const raw = { stepId: step.id, place, startedAt };
  if (step.type !== undefined && step.type !== 'connector') {
    const error = new StepError(
      'INPUT_INVALID',
      `Step "${step.id}" is a ${step.type} step; only connector steps can be replayed`,
      { details: { stepId: step.id } },
    );
    return buildRecord(
      {
        ...raw,
        status: 'error',
        attempt: 1,
        input: options.input,
        output: null,
        error: error.toJSON(),
        durationMs: 0,
      },
      options.seq ?? 1,
      options.runId,
      [],
      options.maxValueBytes ?? 64 * 1024,
    );
  }
  const signal = options.signal ?? new AbortController().signal;
  const guard = new CallGuard(signal);
  const outcome = await invokeConnector(
    step,
    options.input,
    options.idempotencyKey ?? `${options.runId}:${place}:replay:${startedAt}`,
    {
      catalog: options.catalog,
      resolveAuth: options.resolveAuth,
      secrets,
      runId: options.runId,
      workflowId: options.workflowId,
      signal,
      guard,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      stepTimeoutMs: options.stepTimeoutMs ?? 5 * 60_000,
      log: options.log ?? (() => {}),
      stateFor: options.stateFor ?? (() => memoryStore()),
      onSecret: options.onSecret,
      storage:
        options.storage ??
        createMemoryStorage().forRun({ runId: options.runId, workflowId: options.workflowId }),
    },
  ).finally(() => guard.dispose());
  return buildRecord(
    {
      ...raw,
      status: outcome.error ? 'error' : 'ok',
      attempt: outcome.attempts,
      input: outcome.recordedInput,
      output: outcome.error ? null : outcome.output,
      error: outcome.error ? outcome.error.toJSON() : null,
      durationMs: now() - startedAt,
    },
    options.seq ?? 1,
    options.runId,
    [...secrets],
    options.maxValueBytes ?? 64 * 1024,
  );
}

function memoryStore(): StepStateStore {
  const map = new Map<string, unknown>();
  return { get: async (key) => map.get(key), set: async (key, value) => void map.set(key, value) };
}
