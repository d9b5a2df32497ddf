// Respond: set the run's answer: the `response` a calling workflow gets, or the HTTP answer of
// a webhook whose trigger says "reply": "respond-step". The first respond wins (kept in the
// checkpoint, so also across a park or a crash); a later one is ALREADY_RESPONDED. The run
// goes on after it.
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { RespondStep } from '../model/workflow.schema.js';
import { NEXT, type Flow, type RunContext } from '../run/context.js';
import type { RunResponse } from '../run/types.js';
import { compiledFor } from './compiled.js';
import { emitStepRecord } from './emit-step-record.js';
import { onFailure, type RunSteps } from './on-failure.js';

export async function runRespondStep(
  step: RespondStep,
  ctx: RunContext,
  runSteps: RunSteps,
): Promise<Flow> {
  const startedAt = ctx.now();
  let input: unknown = null;
  let response: RunResponse;
  try {
    if (!ctx.respondable)
      throw new StepError(
        'INPUT_INVALID',
        `Step "${step.id}": a respond step answers a calling workflow or a webhook, but this workflow's trigger is neither "callable" nor a webhook with "reply": "respond-step"`,
        { details: { stepId: step.id, field: 'type' } },
      );
    input = compiledFor(step, '', step.input).resolve(ctx.doc);
    response = parse(step.id, input);
    if (ctx.response)
      throw new StepError(
        'ALREADY_RESPONDED',
        `Step "${step.id}": this run has already answered (step "${ctx.response.stepId}"); only the first respond step counts`,
        { details: { stepId: step.id, respondedBy: ctx.response.stepId } },
      );
  } catch (err) {
    const error = toStepError(err, step.id, 'the respond step');
    await emitStepRecord(step, ctx, startedAt, input, null, error);
    return onFailure(step, error, ctx, runSteps);
  }
  ctx.response = response;
  try {
    await ctx.services.host.respond?.(response);
  } catch (err) {
    // Whoever waited for the answer (a webhook request) may be gone: the run itself goes on.
    ctx.services.log('warn', `Step "${step.id}": the answer could not be delivered`, {
      error: err instanceof Error ? err.message : String(err),
    });
  }
  const output = { sent: true };
  ctx.doc.steps[step.id] = output;
  await emitStepRecord(step, ctx, startedAt, input, output, null);
  await ctx.checkpoint(step.id);
  return NEXT;
}

function parse(stepId: string, input: unknown): RunResponse {
  const { body, status, headers } = (input ?? {}) as Record<string, unknown>;
  const bad = (field: string, message: string) =>
    new StepError('INPUT_INVALID', `Step "${stepId}", input "${field}": ${message}`, {
      details: { stepId, field },
    });
  if (
    status !== undefined &&
    (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
  )
    throw bad('status', `expected an HTTP status from 200 to 599, got ${JSON.stringify(status)}`);
  const clean: Record<string, string> = {};
  if (headers !== undefined) {
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
      throw bad(
        'headers',
        `expected an object of header names and text values, got ${JSON.stringify(headers)}`,
      );
    for (const [name, value] of Object.entries(headers)) {
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
        throw bad(`headers.${name}`, 'is not a valid HTTP header name');
      if (typeof value !== 'string' && typeof value !== 'number')
        throw bad(`headers.${name}`, `expected text, got ${JSON.stringify(value)}`);
      if (/[\r\n\0]/.test(String(value)))
        throw bad(`headers.${name}`, 'a header value cannot hold line breaks');
      clean[name] = String(value);
    }
  }
  return {
    status: (status as number | undefined) ?? 200,
    headers: clean,
    body: body === undefined ? null : body,
    stepId,
  };
}
