// The engine's dispatch: one handler per step kind, in a Record keyed by StepKind, so that a
// kind added to engine/model/step-kinds.ts does not compile until it has its handler. A
// handler also resumes its step from a checkpoint (`resume`), when its kind can be resumed
// inside; one that cannot is a checkpoint that does not fit the workflow.
import { StepError } from '../errors/step-error.js';
import type { StepKind, StepOfKind } from '../model/step-kinds.js';
import { runBooleanStep } from '../steps/boolean-step.js';
import { runBranchStep } from '../steps/branch-step.js';
import { runBreakStep } from '../steps/break-step.js';
import { runCallStep } from '../steps/call-step.js';
import { runConnectorStep } from '../steps/connector-step.js';
import { runDelayStep } from '../steps/delay-step.js';
import { runLoopStep } from '../steps/loop-step.js';
import type { RunSteps } from '../steps/on-failure.js';
import { runRespondStep } from '../steps/respond-step.js';
import { runTerminateStep } from '../steps/terminate-step.js';
import type { CursorEntry, Flow, RunContext } from './context.js';

/** Where a resumed run is inside this step: the step's own cursor entry and the ones below it. */
export interface Resume {
  head: CursorEntry;
  rest: CursorEntry[];
}

export type StepHandler<S> = (
  step: S,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: Resume,
) => Promise<Flow>;

export const STEP_HANDLERS: { [K in StepKind]: StepHandler<StepOfKind<K>> } = {
  connector: (step, ctx, runSteps, resume) =>
    resume ? notResumable(step.id, resume) : runConnectorStep(step, ctx, runSteps),
  loop: (step, ctx, runSteps, resume) =>
    runLoopStep(step, ctx, runSteps, resume && cursorOf(resume, 'loop', step.id)),
  boolean: (step, ctx, runSteps, resume) =>
    runBooleanStep(step, ctx, runSteps, resume && cursorOf(resume, 'branch', step.id)),
  break: (step, ctx, _runSteps, resume) =>
    resume ? notResumable(step.id, resume) : runBreakStep(step, ctx),
  branch: (step, ctx, runSteps, resume) =>
    runBranchStep(step, ctx, runSteps, resume && cursorOf(resume, 'case', step.id)),
  delay: (step, ctx, runSteps, resume) =>
    runDelayStep(step, ctx, runSteps, resume && cursorOf(resume, 'delay', step.id)),
  terminate: (step, ctx, runSteps, resume) =>
    resume ? notResumable(step.id, resume) : runTerminateStep(step, ctx, runSteps),
  call: (step, ctx, runSteps, resume) =>
    runCallStep(step, ctx, runSteps, resume && cursorOf(resume, 'call', step.id)),
  respond: (step, ctx, runSteps, resume) =>
    resume ? notResumable(step.id, resume) : runRespondStep(step, ctx, runSteps),
};

/** The resume position, when its entry is of the kind this step writes. */
function cursorOf<K extends CursorEntry['kind']>(
  resume: Resume,
  kind: K,
  stepId: string,
): { head: Extract<CursorEntry, { kind: K }>; rest: CursorEntry[] } {
  if (resume.head.kind !== kind)
    throw resumeMismatch(stepId, `it is no longer a ${NAMES[resume.head.kind]}`);
  return resume as { head: Extract<CursorEntry, { kind: K }>; rest: CursorEntry[] };
}

const NAMES: Record<CursorEntry['kind'], string> = {
  step: 'step',
  loop: 'loop',
  branch: 'boolean condition',
  case: 'branch',
  delay: 'delay',
  call: 'call workflow step',
  error: 'step with an error branch',
};

function notResumable(stepId: string, resume: Resume): Promise<Flow> {
  return Promise.reject(resumeMismatch(stepId, `it is no longer a ${NAMES[resume.head.kind]}`));
}

export function resumeMismatch(
  stepId: string,
  why = 'this version of the workflow has no step with that id',
): StepError {
  return new StepError(
    'NOT_FOUND',
    `Cannot resume the run at step "${stepId}": ${why}. Start the run again from the beginning instead.`,
    { details: { stepId } },
  );
}
