import { toStepError } from '../errors/to-step-error.js';
import type { ConnectorStep } from '../model/workflow.schema.js';
import { NEXT, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { invokeConnector, type Invoked } from './invoke-connector.js';
import { onFailure, type RunSteps } from './on-failure.js';

export async function runConnectorStep(
  step: ConnectorStep,
  ctx: RunContext,
  runSteps: RunSteps,
): Promise<Flow> {
  const startedAt = ctx.now();
  const place = ctx.placePrefix + step.id;
  let outcome: Invoked;
  let input: unknown = null;
  try {
    input = compiledFor(step, '', step.input).resolve(ctx.doc);
    outcome = await invokeConnector(step, input, `${ctx.services.runId}:${place}`, ctx.invokeDeps);
  } catch (err) {
    outcome = {
      output: null,
      error: toStepError(err, step.id, 'the step'),
      attempts: 1,
      recordedInput: input,
    };
  }
  const { error } = outcome;
  await ctx.recorder.emit({
    stepId: step.id,
    place,
    status: error ? 'error' : 'ok',
    attempt: outcome.attempts,
    input: outcome.recordedInput,
    output: error ? null : outcome.output,
    error: error ? error.toJSON() : null,
    startedAt,
    durationMs: ctx.now() - startedAt,
  });
  if (error) return onFailure(step, error, ctx, runSteps);
  ctx.doc.steps[step.id] = outcome.output;
  await ctx.checkpoint(step.id);
  return NEXT;
}
