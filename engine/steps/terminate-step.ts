// Terminate: end the run here. `failed` ends it failed with TERMINATED and the message (no
// error policy: ending is what the author asked for); `succeeded` ends it succeeded, and this
// step's record is its last one. In a called workflow it ends that run only.
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { TerminateStep } from '../model/workflow.schema.js';
import { STOP, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { onFailure, type RunSteps } from './on-failure.js';

export async function runTerminateStep(
  step: TerminateStep,
  ctx: RunContext,
  runSteps: RunSteps,
): Promise<Flow> {
  const startedAt = ctx.now();
  let input: unknown = null;
  let status: 'succeeded' | 'failed';
  let message: string | undefined;
  try {
    input = compiledFor(step, '', step.input).resolve(ctx.doc);
    ({ status, message } = parse(step.id, input));
  } catch (err) {
    const error = toStepError(err, step.id, 'the terminate step');
    await emitStepRecord(step, ctx, startedAt, input, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  if (status === 'failed') {
    const error = new StepError(
      'TERMINATED',
      message ?? `The run was ended as failed by step "${step.id}"`,
      { details: { stepId: step.id } },
    );
    await emitStepRecord(step, ctx, startedAt, input, null, error);
    ctx.fail(error, step.id);
    return STOP;
  }
  const output = { status, ...(message === undefined ? {} : { message }) };
  ctx.doc.steps[step.id] = output;
  await emitStepRecord(step, ctx, startedAt, input, output, null);
  return { kind: 'end' };
}

function parse(
  stepId: string,
  input: unknown,
): { status: 'succeeded' | 'failed'; message?: string } {
  const { status, message } = (input ?? {}) as { status?: unknown; message?: unknown };
  if (status !== 'succeeded' && status !== 'failed')
    throw new StepError(
      'INPUT_INVALID',
      `Step "${stepId}", input "status": must be "succeeded" or "failed", got ${JSON.stringify(status) ?? 'nothing'}`,
      { details: { stepId, field: 'status' } },
    );
  if (message !== undefined && message !== null && typeof message !== 'string')
    throw new StepError(
      'INPUT_INVALID',
      `Step "${stepId}", input "message": expected text, got ${JSON.stringify(message)}`,
      { details: { stepId, field: 'message' } },
    );
  return typeof message === 'string' ? { status, message } : { status };
}
