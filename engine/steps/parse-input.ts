import { StepError } from '../errors/step-error.js';
import { friendlyError } from '../model/friendly-errors.js';
import type { OperationRuntime } from '../run/catalog.js';

/** Parse the resolved input with the operation's schema: INPUT_INVALID names every bad field. */
export function parseInput(op: OperationRuntime, input: unknown, stepId: string): unknown {
  const parsed = op.input.safeParse(input, { error: friendlyError });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const text = problems
    .map((p) => (p.field ? `input "${p.field}": ${p.message}` : `input: ${p.message}`))
    .join('; ');
  return fail(stepId, `Step "${stepId}" (${op.connector}.${op.operation}), ${text}`, problems);
}

function fail(
  stepId: string,
  message: string,
  problems: { field: string; message: string }[],
): never {
  throw new StepError('INPUT_INVALID', message, {
    details: { stepId, field: problems[0]?.field ?? '', problems },
  });
}

export function unknownOperation(
  stepId: string,
  connector: string,
  operation: string,
  known: string[],
): StepError {
  const message = known.includes(connector)
    ? `Step "${stepId}": the connector "${connector}" has no operation "${operation}"`
    : `Step "${stepId}": there is no connector "${connector}" (known: ${known.join(', ') || 'none'})`;
  return new StepError('UNKNOWN_CONNECTOR', message, { details: { stepId, connector, operation } });
}
