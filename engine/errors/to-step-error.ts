import { StepError, isStepError } from './step-error.js';

/**
 * Anything a step throws becomes a StepError. A StepError from a connector keeps its code;
 * its message gets the step's name in front so that a person reading the run knows where.
 */
export function toStepError(err: unknown, stepId: string, what: string): StepError {
  if (isStepError(err)) {
    if (err.message.includes(`"${stepId}"`)) return err;
    return new StepError(err.code, `Step "${stepId}": ${err.message}`, {
      details: { ...err.details, stepId },
      retryable: err.retryable,
      retryAfterMs: err.retryAfterMs,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StepError(
    'INTERNAL',
    `Step "${stepId}": ${what} failed with an unexpected error (a bug in Stepwise, please report it): ${message}`,
    {
      details: { stepId },
      cause: err,
    },
  );
}

export function cancelledError(stepId: string | null): StepError {
  return new StepError(
    'CANCELLED',
    stepId ? `Step "${stepId}" was stopped because the run was cancelled` : 'The run was cancelled',
    {
      details: stepId ? { stepId } : {},
    },
  );
}
