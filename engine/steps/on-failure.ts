// A step failed: its onError.then decides whether the run fails, goes on, or takes the
// step's error branch. Retries happened before this (execute-operation.ts).
import type { StepError } from '../errors/step-error.js';
import type { Step } from '../model/workflow.schema.js';
import { NEXT, STOP, type Flow, type RunContext } from '../run/context.js';
import type { CursorEntry } from '../run/context.js';

export type RunSteps = (
  steps: readonly Step[],
  ctx: RunContext,
  resume?: CursorEntry[],
) => Promise<Flow>;

export async function onFailure(
  step: Step,
  error: StepError,
  ctx: RunContext,
  runSteps: RunSteps,
): Promise<Flow> {
  if (error.code === 'CANCELLED') {
    ctx.cancel(step.id);
    return STOP;
  }
  const then = step.onError?.then ?? 'fail';
  if (then === 'fail') {
    ctx.fail(error, step.id);
    return STOP;
  }
  // The output of a step that failed and went on is its error, so later steps can test it.
  ctx.doc.steps[step.id] = { error: error.toJSON() };
  const branch = then === 'branch' && Boolean(step.error?.length);
  await ctx.checkpoint(step.id, branch);
  return branch ? runErrorBranch(step, ctx, runSteps) : NEXT;
}

export async function runErrorBranch(
  step: Step,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: CursorEntry[],
): Promise<Flow> {
  ctx.frames.push({ kind: 'error', id: step.id });
  try {
    return await runSteps(step.error ?? [], ctx, resume);
  } finally {
    ctx.frames.pop();
  }
}
