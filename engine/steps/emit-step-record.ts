// The one record a control step (boolean, loop) writes when it ends: one attempt, "ok" or
// "error", timed from when it started (which may be before a resume).
import type { StepError } from '../errors/step-error.js';
import type { RunContext } from '../run/context.js';

export async function emitStepRecord(
  step: { id: string },
  ctx: RunContext,
  startedAt: number,
  input: unknown,
  output: unknown,
  error: StepError | null,
): Promise<void> {
  await ctx.recorder.emit({
    stepId: step.id,
    place: ctx.placePrefix + step.id,
    status: error ? 'error' : 'ok',
    attempt: 1,
    input,
    output,
    error: error ? error.toJSON() : null,
    startedAt,
    durationMs: ctx.now() - startedAt,
  });
}
