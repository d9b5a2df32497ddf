// Loop collection: an explicit loop over a list (or an object's keys, or "forever" up to
// maxIterations) whose body runs once per item. Inside the body `$.steps.<loop>` is
// { value, index } ({ key, value, index } for an object); after it, { count, results? } and
// the body's outputs are out of scope.
import type { StepErrorCode } from '../errors/codes.js';
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import { describeValue } from '../mapping/evaluate-path.js';
import { isPathRef } from '../mapping/compile-value.js';
import type { LoopStep } from '../model/workflow.schema.js';
import { eachStep } from '../model/each-step.js';
import {
  NEXT,
  STOP,
  type CursorEntry,
  type Flow,
  type LoopFrame,
  type RunContext,
} from '../run/context.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { onFailure, type RunSteps } from './on-failure.js';
import { iterationsProblem } from '../limits.js';

type LoopCursor = Extract<CursorEntry, { kind: 'loop' }>;

export async function runLoopStep(
  step: LoopStep,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: { head: LoopCursor; rest: CursorEntry[] },
): Promise<Flow> {
  const startedAt = resume?.head.startedAt ?? ctx.now();
  let list: unknown[] | null = null;
  /** Mode `object`: the object's keys, in order (`list` holds their values). */
  let keys: string[] | null = null;
  let recordInput: unknown = step.mode === 'forever' ? { maxIterations: step.maxIterations } : null;
  try {
    // A document saved before the limit (or under a higher one) is refused here, not run.
    const tooMany = iterationsProblem(step);
    if (tooMany)
      throw new StepError('INPUT_INVALID', tooMany, {
        details: { stepId: step.id, field: 'maxIterations' },
      });
    if (step.mode === 'list') {
      list = resolveList(step, ctx);
      recordInput = { list };
    } else if (step.mode === 'object') {
      const object = resolveObject(step, ctx);
      keys = Object.keys(object);
      list = keys.map((key) => object[key]);
      recordInput = { object };
    }
  } catch (err) {
    const error = toStepError(err, step.id, 'the loop');
    await emitStepRecord(step, ctx, startedAt, recordInput, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  const frame: LoopFrame = {
    kind: 'loop',
    id: step.id,
    index: resume?.head.index ?? 0,
    results:
      step.collect === undefined
        ? undefined
        : (resume?.head.results?.slice(0, resume.head.resultsCount) ?? []),
    startedAt,
    buffer: ctx.recorder.enterLoop(),
  };
  const ended = await iterate(
    step,
    ctx,
    runSteps,
    frame,
    list,
    keys,
    resume?.rest.length ? resume.rest : undefined,
  );
  return finish(step, ctx, runSteps, frame, recordInput, ended);
}

interface Ended {
  flow: Flow;
  count: number;
  /** The loop's own failure (collect, maxIterations), as opposed to a step in it failing. */
  error: StepError | null;
}

/** Run the body per item (or until a break), from `frame.index`; `rest` resumes the first iteration. */
async function iterate(
  step: LoopStep,
  ctx: RunContext,
  runSteps: RunSteps,
  frame: LoopFrame,
  list: unknown[] | null,
  keys: string[] | null,
  rest: CursorEntry[] | undefined,
): Promise<Ended> {
  const limit = list ? list.length : (step.maxIterations ?? 0);
  const bodyIds = bodyStepIds(step);
  const prefix = ctx.placePrefix;
  let flow: Flow = NEXT;
  let count = frame.index;
  ctx.frames.push(frame);
  try {
    for (; frame.index < limit; frame.index++) {
      const index = frame.index;
      if (ctx.services.signal.aborted) {
        ctx.cancel(step.id);
        return { flow: STOP, count, error: null };
      }
      if (!rest) {
        ctx.recorder.nextIteration(frame.buffer);
        for (const id of bodyIds)
          if (ctx.doc.steps[id] !== undefined) ctx.doc.steps[id] = undefined;
      }
      ctx.doc.steps[step.id] = keys
        ? { key: keys[index], value: list?.[index], index }
        : list
          ? { value: list[index], index }
          : { index };
      ctx.placePrefix = `${prefix}${step.id}[${index}] > `;
      flow = await runSteps(step.steps, ctx, rest);
      rest = undefined;
      if (flow.kind === 'stop' || flow.kind === 'park') return { flow, count, error: null };
      count = index + 1;
      if (frame.results) {
        try {
          frame.results.push(compiledFor(step, 'collect', step.collect).resolve(ctx.doc));
        } catch (err) {
          return { flow, count, error: toStepError(err, step.id, 'the loop') };
        }
      }
      if (flow.kind === 'break' || flow.kind === 'end') return { flow, count, error: null };
    }
  } finally {
    // Anything else thrown in the body (a store that cannot save a checkpoint, a
    // checkpoint that does not fit) is not the loop's failure: it must reach the caller.
    ctx.frames.pop();
    ctx.placePrefix = prefix;
  }
  const error =
    step.mode === 'forever'
      ? new StepError(
          'MAX_ITERATIONS',
          `Loop "${step.id}" ran ${limit} times (its maxIterations) without reaching a break step; add a break, or raise maxIterations if it really needs more`,
          {
            details: { stepId: step.id, field: 'maxIterations', maxIterations: limit },
          },
        )
      : null;
  return { flow, count, error };
}

/** Body out of scope, `{ count, results? }` in, held records out, the loop's own record. */
async function finish(
  step: LoopStep,
  ctx: RunContext,
  runSteps: RunSteps,
  frame: LoopFrame,
  recordInput: unknown,
  ended: Ended,
): Promise<Flow> {
  const { flow, count, error } = ended;
  // Parked in the body: the run stops here and resumes inside this iteration; the loop's
  // record is written when the resumed run ends it.
  if (flow.kind === 'park') return flow;
  for (const id of bodyStepIds(step)) delete ctx.doc.steps[id];
  const output = frame.results ? { count, results: frame.results } : { count };
  ctx.doc.steps[step.id] = output;
  await ctx.recorder.exitLoop(frame.buffer);
  if (!error && flow.kind === 'stop') {
    const why = ctx.verdict.status === 'running' ? null : ctx.verdict.error;
    const stopped = new StepError(
      (why?.code ?? 'INTERNAL') as StepErrorCode,
      `Loop "${step.id}" stopped at index ${frame.index}: ${why?.message ?? 'a step in it failed'}`,
      { details: { stepId: step.id, index: frame.index } },
    );
    await emitStepRecord(step, ctx, frame.startedAt, recordInput, output, stopped);
    return STOP;
  }
  await emitStepRecord(step, ctx, frame.startedAt, recordInput, error ? null : output, error);
  if (error) return onFailure(step, error, ctx, runSteps);
  if ((flow.kind === 'break' && flow.loopId !== step.id) || flow.kind === 'end') return flow;
  await ctx.checkpoint(step.id);
  return NEXT;
}

function resolveList(step: LoopStep, ctx: RunContext): unknown[] {
  const spec = step.input.list;
  const value = compiledFor(step, 'list', spec).resolve(ctx.doc);
  if (Array.isArray(value)) {
    const max = ctx.services.maxLoopItems;
    if (value.length > max)
      throw new StepError(
        'INPUT_INVALID',
        `Step "${step.id}", input "list": the list has ${value.length.toLocaleString('en-US')} items, more than a loop may go through (${max.toLocaleString('en-US')}); split the data into smaller files or pages, or raise the limit`,
        { details: { stepId: step.id, field: 'list', items: value.length, maxLoopItems: max } },
      );
    return value;
  }
  const from = isPathRef(spec) ? ` (from ${spec.$jsonpath})` : '';
  throw new StepError(
    'MAPPING_FAILED',
    `Step "${step.id}", input "list": a loop needs a list to go through, but got ${describeValue(value)}${from}`,
    {
      details: {
        stepId: step.id,
        field: 'list',
        ...(from ? { path: (spec as { $jsonpath: string }).$jsonpath } : {}),
      },
    },
  );
}

function resolveObject(step: LoopStep, ctx: RunContext): Record<string, unknown> {
  const spec = step.input.object;
  const value = compiledFor(step, 'object', spec).resolve(ctx.doc);
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  const from = isPathRef(spec) ? ` (from ${spec.$jsonpath})` : '';
  throw new StepError(
    'MAPPING_FAILED',
    `Step "${step.id}", input "object": an object loop needs an object whose keys to go through, but got ${describeValue(value)}${from}`,
    {
      details: {
        stepId: step.id,
        field: 'object',
        ...(from ? { path: (spec as { $jsonpath: string }).$jsonpath } : {}),
      },
    },
  );
}

const idsCache = new WeakMap<LoopStep, string[]>();

/** Every step id inside the body, nested ones included: they leave scope when the loop ends. */
function bodyStepIds(step: LoopStep): string[] {
  let ids = idsCache.get(step);
  if (!ids) {
    const found: string[] = [];
    eachStep(step.steps, (s) => found.push(s.id));
    ids = found;
    idsCache.set(step, ids);
  }
  return ids;
}
