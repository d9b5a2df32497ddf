// Delay: wait `input.seconds` (at most 30 days) or until `input.until` (an ISO time). Where the
// host can park a run (the server), the delay parks it: a checkpoint that says "resume at T",
// and the run returns as `waiting`, holding no worker, slot or timer; the host runs it again at
// T and the step ends then, with output { waitedMs }. Elsewhere (the command-line runner) it
// sleeps in process.
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import { MAX_DELAY_SECONDS, type DelayStep } from '../model/workflow.schema.js';
import { NEXT, type CursorEntry, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { onFailure, type RunSteps } from './on-failure.js';

type DelayCursor = Extract<CursorEntry, { kind: 'delay' }>;

export async function runDelayStep(
  step: DelayStep,
  ctx: RunContext,
  runSteps: RunSteps,
  resume?: { head: DelayCursor; rest: CursorEntry[] },
): Promise<Flow> {
  if (resume) {
    const { resumeAt, startedAt, input } = resume.head;
    // Woken early (a restart, a poll that came first): park again until the time comes.
    if (ctx.now() < resumeAt) return park(step, resumeAt);
    return finish(step, ctx, startedAt, input);
  }
  const startedAt = ctx.now();
  let input: unknown = null;
  let resumeAt: number;
  try {
    input = compiledFor(step, '', step.input).resolve(ctx.doc);
    resumeAt = resumeTime(step.id, input, startedAt);
  } catch (err) {
    const error = toStepError(err, step.id, 'the delay');
    await emitStepRecord(step, ctx, startedAt, input, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  const recorded = { ...(input as object), resumeAt: new Date(resumeAt).toISOString() };
  if (resumeAt <= startedAt) return finish(step, ctx, startedAt, recorded);
  if (ctx.services.host.park) {
    await ctx.checkpointAt({ kind: 'delay', id: step.id, resumeAt, startedAt, input: recorded });
    return park(step, resumeAt);
  }
  try {
    await ctx.services.sleep(resumeAt - startedAt, ctx.services.signal);
  } catch {
    const error = new StepError(
      'CANCELLED',
      `Step "${step.id}" was stopped because the run was cancelled`,
      {
        details: { stepId: step.id },
      },
    );
    await emitStepRecord(step, ctx, startedAt, recorded, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  return finish(step, ctx, startedAt, recorded);
}

function park(step: DelayStep, resumeAt: number): Flow {
  return { kind: 'park', wait: { resumeAt: new Date(resumeAt).toISOString(), stepId: step.id } };
}

async function finish(
  step: DelayStep,
  ctx: RunContext,
  startedAt: number,
  input: unknown,
): Promise<Flow> {
  const output = { waitedMs: Math.max(0, ctx.now() - startedAt) };
  ctx.doc.steps[step.id] = output;
  await emitStepRecord(step, ctx, startedAt, input, output, null);
  await ctx.checkpoint(step.id);
  return NEXT;
}

/** When the delay ends (epoch ms), from the resolved input; INPUT_INVALID names the field. */
function resumeTime(stepId: string, input: unknown, now: number): number {
  const { seconds, until } = (input ?? {}) as { seconds?: unknown; until?: unknown };
  const bad = (field: string, message: string) =>
    new StepError('INPUT_INVALID', `Step "${stepId}", input "${field}": ${message}`, {
      details: { stepId, field },
    });
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      throw bad(
        'seconds',
        `expected a number of seconds (0 or more), got ${JSON.stringify(seconds)}`,
      );
    if (seconds > MAX_DELAY_SECONDS)
      throw bad(
        'seconds',
        `a delay can wait at most 30 days (${MAX_DELAY_SECONDS} seconds), not ${seconds}`,
      );
    return now + Math.round(seconds * 1000);
  }
  const at =
    typeof until === 'number'
      ? until
      : typeof until === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(until)
        ? Date.parse(until)
        : Number.NaN;
  if (!Number.isFinite(at))
    throw bad(
      'until',
      `expected an ISO time such as "2026-03-01T09:00:00Z" (or epoch milliseconds), got ${JSON.stringify(until)}`,
    );
  if (at - now > MAX_DELAY_SECONDS * 1000)
    throw bad('until', `a delay can wait at most 30 days; ${String(until)} is further away`);
  return at;
}
