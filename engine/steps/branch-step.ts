// Branch (multi-way): compare input.value with each case's `equals` by JSON equality, run the
// first case that matches, else `default`. Only the taken path runs; its records are placed
// under the branch (`branch-1[Gold] > slack-1`, or `branch-1[2] > …` for a case without a
// label). Its own record is written when it ends, with output { case, index }.
import { toStepError } from '../errors/to-step-error.js';
import { caseTitle } from '../model/step-kinds.js';
import type { BranchStep } from '../model/workflow.schema.js';
import { NEXT, type CursorEntry, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { jsonEqual } from './json-equal.js';
import { onFailure, type RunSteps } from './on-failure.js';

type CaseCursor = Extract<CursorEntry, { kind: 'case' }>;

export async function runBranchStep(
  step: BranchStep,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: { head: CaseCursor; rest: CursorEntry[] },
): Promise<Flow> {
  const startedAt = resume?.head.startedAt ?? ctx.now();
  let value: unknown = null;
  let index: number | null;
  try {
    value = compiledFor(step, 'value', step.input.value).resolve(ctx.doc);
  } catch (err) {
    const error = toStepError(err, step.id, 'the branch');
    if (!resume) {
      await emitStepRecord(step, ctx, startedAt, null, null, error);
      return onFailure(step, error, ctx, runSteps);
    }
    // On resume the value may no longer resolve (its inputs moved on); the path was decided.
  }
  if (resume) index = resume.head.index;
  else {
    const found = step.cases.findIndex((c) => jsonEqual(c.equals, value));
    index = found < 0 ? null : found;
  }
  const output = {
    case: index === null ? 'default' : caseTitle(step.cases[index], index),
    index,
  };
  const prefix = ctx.placePrefix;
  ctx.doc.steps[step.id] = output;
  ctx.frames.push({ kind: 'case', id: step.id, index, startedAt });
  // Records inside are placed `branch-1[Gold] > …` (the case's label, else its index).
  const label = index === null ? 'default' : (step.cases[index]?.label ?? String(index));
  ctx.placePrefix = `${prefix}${step.id}[${label}] > `;
  let flow: Flow;
  try {
    flow = await runSteps(
      index === null ? step.default : (step.cases[index]?.steps ?? []),
      ctx,
      resume?.rest.length ? resume.rest : undefined,
    );
  } finally {
    ctx.frames.pop();
    ctx.placePrefix = prefix;
  }
  if (flow.kind === 'park') return flow;
  ctx.doc.steps[step.id] = output;
  await emitStepRecord(step, ctx, startedAt, { value }, output, null);
  if (flow.kind !== 'next') return flow;
  await ctx.checkpoint(step.id);
  return NEXT;
}
