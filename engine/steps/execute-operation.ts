// One connector call with the step's error policy around it: per-attempt timeout, the run's
// cancellation, and retries with backoff for retryable errors.
import { StepError } from '../errors/step-error.js';
import { cancelledError, toStepError } from '../errors/to-step-error.js';
import type { OnError } from '../model/workflow.schema.js';
import { backoffDelay } from '../retry/backoff.js';
import type { OperationCall, OperationRuntime } from '../run/catalog.js';

export interface ExecuteDeps {
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

export type Outcome = { ok: true; value: unknown; attempts: number } | { ok: false; error: StepError; attempts: number };

/** Run `op` up to `retries + 1` times; only retryable errors are tried again. */
export async function executeOperation(
  op: OperationRuntime,
  call: Omit<OperationCall, 'signal'>,
  policy: OnError | undefined,
  timeoutMs: number,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const retries = policy?.retries ?? 0;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const value = await callOnce(op, call, timeoutMs, deps.signal);
      return { ok: true, value, attempts };
    } catch (err) {
      const error = deps.signal.aborted ? cancelledError(call.stepId) : toStepError(err, call.stepId, `${op.connector}.${op.operation}`);
      if (error.code === 'CANCELLED' || !error.retryable || attempts > retries) return { ok: false, error, attempts };
      try {
        await deps.sleep(backoffDelay(policy ?? { backoff: 'exponential' }, attempts, deps.random, error.retryAfterMs), deps.signal);
      } catch {
        return { ok: false, error: cancelledError(call.stepId), attempts };
      }
      if (deps.signal.aborted) return { ok: false, error: cancelledError(call.stepId), attempts };
    }
  }
}

/**
 * Race the operation against its timeout and the run's cancellation, aborting the
 * operation's own signal in both cases so a well-behaved connector stops its request.
 */
function callOnce(op: OperationRuntime, call: Omit<OperationCall, 'signal'>, timeoutMs: number, runSignal: AbortSignal): Promise<unknown> {
  if (runSignal.aborted) return Promise.reject(cancelledError(call.stepId));
  const controller = new AbortController();
  return new Promise<unknown>((resolve, reject) => {
    const onAbort = () => {
      controller.abort(runSignal.reason);
      finish();
      reject(cancelledError(call.stepId));
    };
    const timer = setTimeout(() => {
      const error = new StepError('STEP_TIMEOUT', `Step "${call.stepId}" took longer than its timeout of ${timeoutMs} ms and was stopped (${op.connector}.${op.operation}); raise the step's timeout if the service is just slow`, {
        details: { stepId: call.stepId, timeoutMs },
      });
      controller.abort(error);
      finish();
      reject(error);
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onAbort);
    };
    runSignal.addEventListener('abort', onAbort, { once: true });
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(op.execute({ ...call, signal: controller.signal }));
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (value) => {
        finish();
        resolve(value);
      },
      (err: unknown) => {
        finish();
        reject(err);
      },
    );
  });
}
