// Call workflow: start a run of a workflow whose trigger is `callable`, with input.payload as
// its `$.trigger`. Without `wait` the step ends at once with { runId }. With `wait` (the
// default) it ends when the called run ends: { runId, status, response } (the called run's
// first respond body), or CALLED_RUN_FAILED with its runId, step and error, so the step's
// error policy applies (a retry starts a new run). Where the host can park a run, the caller
// is parked while it waits (no slot held, nothing lost on a restart); elsewhere it polls.
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { CallStep } from '../model/workflow.schema.js';
import { NEXT, type CursorEntry, type Flow, type RunContext } from '../run/context.js';
import type { CallOutcome } from '../run/types.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { onFailure, type RunSteps } from './on-failure.js';

type CallCursor = Extract<CursorEntry, { kind: 'call' }>;

/** A chain of calls deeper than this is a step error (CALL_DEPTH). */
export const MAX_CALL_DEPTH = 10;
const POLL_MS = 500;

export async function runCallStep(
  step: CallStep,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: { head: CallCursor; rest: CursorEntry[] },
): Promise<Flow> {
  if (resume) {
    const { runId, attempt, startedAt, input } = resume.head;
    return settle(step, ctx, runSteps, { runId, attempt, startedAt, input });
  }
  const startedAt = ctx.now();
  let input: unknown = null;
  try {
    const payload =
      step.input.payload === undefined
        ? {}
        : compiledFor(step, 'payload', step.input.payload).resolve(ctx.doc);
    input = { workflow: step.workflow, wait: step.wait, payload };
    return await start(step, ctx, runSteps, { attempt: 1, startedAt, input, payload });
  } catch (err) {
    const error = toStepError(err, step.id, 'the call');
    await emitStepRecord(step, ctx, startedAt, input, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
}

interface Attempt {
  attempt: number;
  startedAt: number;
  /** What the record shows as input: { workflow, wait, payload }. */
  input: unknown;
}

/** Start the called run (throws a StepError when it cannot be started). */
async function start(
  step: CallStep,
  ctx: RunContext,
  runSteps: RunSteps,
  at: Attempt & { payload: unknown },
): Promise<Flow> {
  const { host } = ctx.services;
  if (!host.startCall)
    throw new StepError(
      'CALL_UNAVAILABLE',
      `Step "${step.id}": calling another workflow needs the Stepwise server; it cannot run here`,
      { details: { stepId: step.id, field: 'workflow' } },
    );
  const depth = (host.callDepth ?? 0) + 1;
  if (depth > MAX_CALL_DEPTH)
    throw new StepError(
      'CALL_DEPTH',
      `Step "${step.id}": this run is already ${depth - 1} calls deep; a chain of calls can be at most ${MAX_CALL_DEPTH} deep (does a workflow call itself through another?)`,
      { details: { stepId: step.id, field: 'workflow', depth: depth - 1, max: MAX_CALL_DEPTH } },
    );
  const place = ctx.placePrefix + step.id;
  const { runId } = await host.startCall({
    workflowId: step.workflow,
    payload: at.payload,
    caller: { runId: ctx.services.runId, workflowId: ctx.services.workflowId, stepId: step.id },
    key: `${ctx.services.runId}:${place}#${at.attempt}`,
    depth,
  });
  if (!step.wait) return succeed(step, ctx, at, { runId });
  if (host.park) {
    await ctx.checkpointAt({
      kind: 'call',
      id: step.id,
      runId,
      attempt: at.attempt,
      startedAt: at.startedAt,
      input: at.input,
    });
    return park(step, runId);
  }
  return settle(step, ctx, runSteps, { ...at, runId });
}

/** The called run's end decides the step; while it goes on, park (or poll). */
async function settle(
  step: CallStep,
  ctx: RunContext,
  runSteps: RunSteps,
  at: Attempt & { runId: string },
): Promise<Flow> {
  const { host, signal, sleep } = ctx.services;
  let outcome: CallOutcome;
  try {
    if (!host.callOutcome)
      throw new StepError(
        'CALL_UNAVAILABLE',
        `Step "${step.id}": the called run cannot be followed here`,
      );
    outcome = await host.callOutcome(at.runId);
    while (outcome.status === 'going' && !host.park) {
      await sleep(POLL_MS, signal);
      outcome = await host.callOutcome(at.runId);
    }
  } catch (err) {
    const error = signal.aborted
      ? new StepError('CANCELLED', `Step "${step.id}" was stopped because the run was cancelled`, {
          details: { stepId: step.id },
        })
      : toStepError(err, step.id, 'the call');
    await emitRecord(step, ctx, at, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  if (outcome.status === 'going') return park(step, at.runId);
  if (outcome.status === 'succeeded')
    return succeed(step, ctx, at, {
      runId: at.runId,
      status: 'succeeded',
      response: outcome.response ?? null,
    });
  const error = calledRunFailed(step, at.runId, outcome);
  if (at.attempt <= (step.onError?.retries ?? 0) && outcome.status === 'failed') {
    // A retry is a new run of the called workflow (with its own key, so it is not the same one).
    try {
      const payload = (at.input as { payload?: unknown } | null)?.payload ?? {};
      return await start(step, ctx, runSteps, { ...at, attempt: at.attempt + 1, payload });
    } catch (err) {
      const retryError = toStepError(err, step.id, 'the call');
      await emitRecord(step, ctx, { ...at, attempt: at.attempt + 1 }, null, retryError);
      return onFailure(step, retryError, ctx, runSteps);
    }
  }
  await emitRecord(step, ctx, at, null, error);
  return onFailure(step, error, ctx, runSteps);
}

function park(step: CallStep, runId: string): Flow {
  return { kind: 'park', wait: { forRunId: runId, stepId: step.id } };
}

async function succeed(
  step: CallStep,
  ctx: RunContext,
  at: Attempt,
  output: Record<string, unknown>,
): Promise<Flow> {
  ctx.doc.steps[step.id] = output;
  await emitRecord(step, ctx, at, output, null);
  await ctx.checkpoint(step.id);
  return NEXT;
}

function emitRecord(
  step: CallStep,
  ctx: RunContext,
  at: Attempt,
  output: unknown,
  error: StepError | null,
): Promise<void> {
  return ctx.recorder.emit({
    stepId: step.id,
    place: ctx.placePrefix + step.id,
    status: error ? 'error' : 'ok',
    attempt: at.attempt,
    input: at.input,
    output,
    error: error ? error.toJSON() : null,
    startedAt: at.startedAt,
    durationMs: ctx.now() - at.startedAt,
  });
}

function calledRunFailed(
  step: CallStep,
  runId: string,
  outcome: Extract<CallOutcome, { status: 'failed' | 'cancelled' }>,
): StepError {
  const cause = outcome.error;
  const where = cause?.stepId ? ` at step "${cause.stepId}"` : '';
  const why = cause ? `: ${cause.message}` : '';
  return new StepError(
    'CALLED_RUN_FAILED',
    `Step "${step.id}": the called run ${runId} (workflow ${step.workflow}) ${outcome.status === 'cancelled' ? 'was cancelled' : 'failed'}${where}${why}`,
    {
      details: {
        stepId: step.id,
        runId,
        workflowId: step.workflow,
        status: outcome.status,
        /** The called run's step that failed. */
        step: cause?.stepId ?? null,
        error: cause,
      },
    },
  );
}
