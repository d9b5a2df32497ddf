import type { BreakStep } from '../model/workflow.schema.js';
import { NEXT, type Flow, type RunContext } from '../run/context.js';

/**
 * Ends the named loop right away: the rest of this iteration does not run. A break whose
 * loop is not running around it (it already ended, or it is elsewhere) is recorded as
 * "skipped" and does nothing.
 */
export async function runBreakStep(step: BreakStep, ctx: RunContext): Promise<Flow> {
  const startedAt = ctx.now();
  const running = ctx.frames.some((f) => f.kind === 'loop' && f.id === step.loop);
  await ctx.recorder.emit({
    stepId: step.id,
    place: ctx.placePrefix + step.id,
    status: running ? 'ok' : 'skipped',
    attempt: 1,
    input: { loop: step.loop },
    output: running ? { loop: step.loop } : null,
    error: null,
    startedAt,
    durationMs: ctx.now() - startedAt,
  });
  return running ? { kind: 'break', loopId: step.loop } : NEXT;
}
