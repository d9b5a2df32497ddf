// The run loop: one handler per step kind, and resuming inside nested sequences.
import { StepError } from '../errors/step-error.js';
import type { Step } from '../model/workflow.schema.js';
import { runBooleanStep } from '../steps/boolean-step.js';
import { runBreakStep } from '../steps/break-step.js';
import { runConnectorStep } from '../steps/connector-step.js';
import { runLoopStep } from '../steps/loop-step.js';
import { runErrorBranch } from '../steps/on-failure.js';
import {
  NEXT,
  STOP,
  type CursorEntry,
  type Flow,
  type RunContext,
  type RunServices,
} from './context.js';

/**
 * Run a sequence. With `resume` (the checkpoint's position from this depth down), start
 * inside or just after the step it names: completed steps are not run again.
 */
export async function runSteps(
  steps: readonly Step[],
  ctx: RunContext,
  resume?: CursorEntry[],
): Promise<Flow> {
  let start = 0;
  if (resume?.length) {
    const [head, ...rest] = resume;
    const at = steps.findIndex((s) => s.id === head.id);
    if (at < 0) throw resumeMismatch(head.id);
    const flow = head.kind === 'step' ? NEXT : await resumeInside(steps[at], head, rest, ctx);
    if (flow.kind !== 'next') return flow;
    start = at + 1;
  }
  for (let i = start; i < steps.length; i++) {
    if (ctx.services.signal.aborted) {
      ctx.cancel(null);
      return STOP;
    }
    const flow = await runStep(steps[i], ctx);
    if (flow.kind !== 'next') return flow;
  }
  return NEXT;
}

function runStep(step: Step, ctx: RunContext): Promise<Flow> {
  // One property read per step when nobody listens: the 100,000-item loop bench stays flat.
  const onStepStart = ctx.services.onStepStart;
  if (onStepStart !== undefined && step.type !== 'break') announceStart(onStepStart, step, ctx);
  switch (step.type) {
    case 'loop':
      return runLoopStep(step, ctx, runSteps);
    case 'boolean':
      return runBooleanStep(step, ctx, runSteps);
    case 'break':
      return runBreakStep(step, ctx);
    default:
      return runConnectorStep(step, ctx, runSteps);
  }
}

/** A break is instant and has nothing to show as running. A listener's error must not fail the run. */
function announceStart(
  onStepStart: NonNullable<RunServices['onStepStart']>,
  step: Step,
  ctx: RunContext,
): void {
  try {
    onStepStart({
      stepId: step.id,
      place: ctx.placePrefix + step.id,
      startedAt: new Date(ctx.now()).toISOString(),
    });
  } catch {
    // The start notice is a courtesy to live viewers; the run and its records are what count.
  }
}

function resumeInside(
  step: Step,
  head: CursorEntry,
  rest: CursorEntry[],
  ctx: RunContext,
): Promise<Flow> {
  if (head.kind === 'loop' && step.type === 'loop')
    return runLoopStep(step, ctx, runSteps, { head, rest });
  if (head.kind === 'branch' && step.type === 'boolean')
    return runBooleanStep(step, ctx, runSteps, { head, rest });
  if (head.kind === 'error') return runErrorBranch(step, ctx, runSteps, rest);
  throw resumeMismatch(
    head.id,
    `it is no longer a ${head.kind === 'loop' ? 'loop' : 'boolean condition'}`,
  );
}

function resumeMismatch(
  stepId: string,
  why = 'this version of the workflow has no step with that id',
): StepError {
  return new StepError(
    'NOT_FOUND',
    `Cannot resume the run at step "${stepId}": ${why}. Start the run again from the beginning instead.`,
    {
      details: { stepId },
    },
  );
}
