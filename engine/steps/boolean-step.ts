// Boolean condition: evaluate the conditions, run the true or the false branch. Its record
// is written when it ends (after the branch), its output is { result }.
import { toStepError } from '../errors/to-step-error.js';
import type { BooleanStep } from '../model/workflow.schema.js';
import { NEXT, type CursorEntry, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { evaluateCondition } from './conditions.js';
import { onFailure, type RunSteps } from './on-failure.js';

type BranchCursor = Extract<CursorEntry, { kind: 'branch' }>;

export async function runBooleanStep(
  step: BooleanStep,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: { head: BranchCursor; rest: CursorEntry[] },
): Promise<Flow> {
  const startedAt = resume?.head.startedAt ?? ctx.now();
  let input: unknown = null;
  let result: boolean;
  try {
    const evaluated = evaluate(step, ctx);
    input = evaluated.input;
    result = resume ? resume.head.result : evaluated.result;
  } catch (err) {
    const error = toStepError(err, step.id, 'the condition');
    if (!resume) {
      await emitStepRecord(step, ctx, startedAt, input, null, error);
      return onFailure(step, error, ctx, runSteps);
    }
    // On resume the conditions may no longer resolve (their inputs moved on); the branch was decided.
    result = resume.head.result;
  }
  ctx.doc.steps[step.id] = { result };
  ctx.frames.push({ kind: 'branch', id: step.id, result, startedAt });
  let flow: Flow;
  try {
    flow = await runSteps(
      result ? step.true : step.false,
      ctx,
      resume?.rest.length ? resume.rest : undefined,
    );
  } finally {
    ctx.frames.pop();
  }
  // Parked inside a path: the record is written when the resumed run ends the condition.
  if (flow.kind === 'park') return flow;
  ctx.doc.steps[step.id] = { result };
  await emitStepRecord(step, ctx, startedAt, input, { result }, null);
  if (flow.kind !== 'next') return flow;
  await ctx.checkpoint(step.id);
  return NEXT;
}

function evaluate(step: BooleanStep, ctx: RunContext): { input: unknown; result: boolean } {
  const resolved = step.input.conditions.map((c, i) => ({
    left: compiledFor(step, `conditions.${i}.left`, c.left).resolve(ctx.doc),
    op: c.op,
    right:
      c.right === undefined
        ? undefined
        : compiledFor(step, `conditions.${i}.right`, c.right).resolve(ctx.doc),
  }));
  const outcomes = resolved.map((c, i) =>
    evaluateCondition(c.op, c.left, c.right, { stepId: step.id, field: `conditions.${i}` }),
  );
  const result = step.input.match === 'any' ? outcomes.some(Boolean) : outcomes.every(Boolean);
  return { input: { conditions: resolved, match: step.input.match }, result };
}
