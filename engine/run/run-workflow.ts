import { Recorder } from '../records/recorder.js';
import { realSleep } from '../retry/backoff.js';
import { CallGuard } from '../steps/call-guard.js';
import type { StepStateStore } from './catalog.js';
import { RunContext, type EngineCheckpoint, type Flow } from './context.js';
import type { RunDocument } from './run-document.js';
import { runSteps } from './run-steps.js';
import { createMemoryStorage } from './storage.js';
import type { RunOptions, RunResult } from './types.js';

const DEFAULTS = {
  maxRecords: 10_000,
  maxValueBytes: 64 * 1024,
  stepTimeoutMs: 5 * 60_000,
  maxLoopItems: 1_000_000,
};

/**
 * Run a parsed workflow to the end, emitting a debug record per step execution and a
 * checkpoint after every completed step. Step failures are results, not throws; it only
 * rejects when `resumeFrom` does not fit the workflow or when onRecord / onCheckpoint throw.
 *
 * @example
 * const result = await runWorkflow({ workflow, runId: 'run_1', catalog, onRecord: (r) => store.add(r) });
 */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
  const now = options.now ?? Date.now;
  const startedMs = now();
  const startedAt = new Date(startedMs).toISOString();
  const resume = options.resumeFrom ? asEngineCheckpoint(options.resumeFrom) : undefined;
  const secrets = new Set<string>();
  const doc: RunDocument = {
    trigger: options.trigger ?? {},
    steps: resume ? { ...resume.steps } : {},
    config: options.workflow.config ?? {},
    env: {
      workflowId: options.workflowId,
      workflowVersion: options.workflowVersion,
      runId: options.runId,
      startedAt,
    },
  };
  const limits = { ...DEFAULTS, ...definedOnly(options.limits ?? {}) };
  const recorder = new Recorder({
    runId: options.runId,
    maxRecords: limits.maxRecords,
    maxValueBytes: limits.maxValueBytes,
    secrets,
    onRecord: options.onRecord,
    seq: resume?.seq,
    recordsOmitted: resume?.recordsOmitted,
  });
  const signal = options.signal ?? new AbortController().signal;
  const guard = new CallGuard(signal);
  const ctx = new RunContext(doc, recorder, secrets, {
    runId: options.runId,
    workflowId: options.workflowId,
    catalog: options.catalog,
    resolveAuth: options.resolveAuth,
    stateFor: options.stateFor ?? memoryState(),
    storage:
      options.storage ??
      createMemoryStorage().forRun({ runId: options.runId, workflowId: options.workflowId }),
    signal,
    guard,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now,
    stepTimeoutMs: limits.stepTimeoutMs,
    log: options.log ?? (() => {}),
    onCheckpoint: options.onCheckpoint,
    onSecret: options.onSecret,
    onStepStart: options.onStepStart,
    host: options.host ?? {},
    beforeStep: options.beforeStep,
    maxLoopItems: limits.maxLoopItems,
  });
  ctx.response = resume?.response;
  const trigger = options.workflow.trigger;
  ctx.respondable =
    trigger.type === 'callable' || (trigger.type === 'webhook' && trigger.reply === 'respond-step');

  let flow: Flow;
  try {
    flow = await runSteps(options.workflow.steps, ctx, resume?.at);
  } finally {
    guard.dispose();
  }

  const verdict = ctx.verdict;
  const outputs: Record<string, unknown> = {};
  // Every output still in scope: the top-level steps and those of the branches that ran.
  for (const id in doc.steps) if (doc.steps[id] !== undefined) outputs[id] = doc.steps[id];
  const parked = flow.kind === 'park' && verdict.status === 'running' ? flow.wait : undefined;
  return {
    status: parked ? 'waiting' : verdict.status === 'running' ? 'succeeded' : verdict.status,
    error: verdict.status === 'running' ? null : scrubbed(verdict.error, secrets),
    ...(parked ? { wait: parked } : {}),
    ...(ctx.response ? { response: ctx.response } : {}),
    stepCount: recorder.seq,
    recordsOmitted: recorder.recordsOmitted,
    outputs,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
  };
}

function scrubbed<T extends { message: string }>(error: T, secrets: Set<string>): T {
  let message = error.message;
  for (const secret of secrets) message = message.split(secret).join('[redacted]');
  return { ...error, message };
}

function asEngineCheckpoint(checkpoint: RunOptions['resumeFrom']): EngineCheckpoint {
  const c = checkpoint as Partial<EngineCheckpoint> | undefined;
  if (
    !c ||
    c.version !== 1 ||
    !Array.isArray(c.at) ||
    typeof c.steps !== 'object' ||
    c.steps === null
  ) {
    throw new Error('resumeFrom is not a checkpoint written by this engine (version 1)');
  }
  return c as EngineCheckpoint;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function memoryState(): (stepId: string) => StepStateStore {
  const stores = new Map<string, Map<string, unknown>>();
  return (stepId) => {
    let map = stores.get(stepId);
    if (!map) stores.set(stepId, (map = new Map()));
    const store = map;
    return {
      get: async (key) => store.get(key),
      set: async (key, value) => void store.set(key, value),
    };
  };
}
