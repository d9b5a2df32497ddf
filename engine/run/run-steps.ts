// The run loop: a sequence of steps, each dispatched to its kind's handler (step-handlers.ts),
// and resuming inside nested sequences.
import { stepKind } from '../model/step-kinds.js';
import { giveWay, mustGiveWay } from './give-way.js';
import type { Step } from '../model/workflow.schema.js';
import { runErrorBranch } from '../steps/on-failure.js';
import {
  NEXT,
  STOP,
  type CursorEntry,
  type Flow,
  type RunContext,
  type RunServices,
} from './context.js';
import { STEP_HANDLERS, resumeMismatch, type Resume, type StepHandler } from './step-handlers.js';

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
    if (mustGiveWay()) await giveWay();
    const flow = await runStep(steps[i], ctx);
    if (flow.kind !== 'next') return flow;
  }
  return NEXT;
}

async function runStep(step: Step, ctx: RunContext, resume?: Resume): Promise<Flow> {
  const beforeStep = ctx.services.beforeStep;
  if (beforeStep !== undefined && !resume) {
    const ready = beforeStep(step);
    if (ready !== undefined) await ready;
  }
  // One property read per step when nobody listens: the 100,000-item loop bench stays flat.
  const onStepStart = ctx.services.onStepStart;
  if (onStepStart !== undefined && !resume && step.type !== 'break')
    announceStart(onStepStart, step, ctx);
  const handler = STEP_HANDLERS[stepKind(step)] as StepHandler<Step>;
  return handler(step, ctx, runSteps, resume);
}

/** A break is instant and has nothing to show as running. A listener's error must not fail the run. */
function announceStart(
  onStepStart: NonNullable<RunServices['onStepStart']>,
  step: Step,
  ctx: RunContext,
): void {
  try {
    onStepStart({ stepId: step.id, place: ctx.placePrefix + step.id, startedAt: isoNow(ctx) });
  } catch {
    // The start notice is a courtesy to live viewers; the run and its records are what count.
  }
}

// Many steps of a fast loop start within one millisecond: format the time once for them.
let lastMs = Number.NaN;
let lastIso = '';
function isoNow(ctx: RunContext): string {
  const ms = ctx.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function resumeInside(
  step: Step,
  head: CursorEntry,
  rest: CursorEntry[],
  ctx: RunContext,
): Promise<Flow> {
  // Any step may have failed into its error branch; the rest is the kind's own business.
  if (head.kind === 'error') return runErrorBranch(step, ctx, runSteps, rest);
  return runStep(step, ctx, { head, rest });
}
