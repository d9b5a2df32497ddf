import type { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { ConnectorStep } from '../model/workflow.schema.js';
import { collectSecretStrings, redactSecretInputs } from '../records/redact.js';
import type { OperationRuntime, StepLogger } from '../run/catalog.js';
import { NEXT, type Flow, type RunContext } from '../run/context.js';
import { compiledFor } from './compiled.js';
import { executeOperation } from './execute-operation.js';
import { onFailure, type RunSteps } from './on-failure.js';
import { parseInput, unknownOperation } from './parse-input.js';
import { resolveStepAuth } from './resolve-auth.js';

export async function runConnectorStep(step: ConnectorStep, ctx: RunContext, runSteps: RunSteps): Promise<Flow> {
  const s = ctx.services;
  const startedAt = ctx.now();
  const place = ctx.placePrefix + step.id;
  let input: unknown = null;
  let op: OperationRuntime | undefined;
  let attempts = 1;
  let error: StepError | null = null;
  let output: unknown = null;
  try {
    op = s.catalog.get(step.connector, step.operation);
    if (!op) throw unknownOperation(step.id, step.connector, step.operation, s.catalog.connectors());
    input = compiledFor(step, '', step.input).resolve(ctx.doc);
    const parsed = parseInput(op, input, step.id);
    for (const name of op.secretInputs) collectSecretStrings((parsed as Record<string, unknown>)?.[name], ctx.secrets);
    const auth = await resolveStepAuth(step, op, { catalog: s.catalog, resolveAuth: s.resolveAuth, secrets: ctx.secrets });
    const outcome = await executeOperation(
      op,
      {
        input: parsed,
        auth,
        runId: s.runId,
        workflowId: s.workflowId,
        stepId: step.id,
        idempotencyKey: `${s.runId}:${place}`,
        log: stepLog(s.log, step.id),
        stateFor: () => s.stateFor(step.id),
      },
      step.onError,
      step.timeoutMs ?? s.stepTimeoutMs,
      s,
    );
    attempts = outcome.attempts;
    if (outcome.ok) output = outcome.value;
    else error = outcome.error;
  } catch (err) {
    error = toStepError(err, step.id, 'the step');
  }
  const recordedInput = op ? redactSecretInputs(input, op.secretInputs) : input;
  await ctx.recorder.emit({
    stepId: step.id,
    place,
    status: error ? 'error' : 'ok',
    attempt: attempts,
    input: recordedInput,
    output: error ? null : output,
    error: error ? error.toJSON() : null,
    startedAt,
    durationMs: ctx.now() - startedAt,
  });
  if (error) return onFailure(step, error, ctx, runSteps);
  ctx.doc.steps[step.id] = output;
  await ctx.checkpoint(step.id);
  return NEXT;
}

function stepLog(log: StepLogger, stepId: string): StepLogger {
  return (level, message, data) => log(level, message, { ...data, stepId });
}
