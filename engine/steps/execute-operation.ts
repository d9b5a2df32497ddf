// One connector call with the step's error policy around it: per-attempt timeout, the run's
// cancellation, and retries with backoff for retryable errors.
import { StepError } from '../errors/step-error.js';
import { cancelledError, toStepError } from '../errors/to-step-error.js';
import type { OnError } from '../model/workflow.schema.js';
import { backoffDelay } from '../retry/backoff.js';
import type {
  OperationCall,
  OperationRuntime,
  StepLogger,
  StepStateStore,
} from '../run/catalog.js';
import type { CallGuard, Guardable } from './call-guard.js';

export interface ExecuteDeps {
  signal: AbortSignal;
  guard: CallGuard;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

export type Outcome =
  | { ok: true; value: unknown; attempts: number }
  | { ok: false; error: StepError; attempts: number };

/** Run `op` up to `retries + 1` times; only retryable errors are tried again. */
export async function executeOperation(
  op: OperationRuntime,
  call: CallBase,
  policy: OnError | undefined,
  timeoutMs: number,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const retries = policy?.retries ?? 0;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const value = await callOnce(op, call, timeoutMs, deps.guard);
      return { ok: true, value, attempts };
    } catch (err) {
      const error = deps.signal.aborted
        ? cancelledError(call.stepId)
        : toStepError(err, call.stepId, `${op.connector}.${op.operation}`);
      if (error.code === 'CANCELLED' || !error.retryable || attempts > retries)
        return { ok: false, error, attempts };
      try {
        await deps.sleep(
          backoffDelay(
            policy ?? { backoff: 'exponential' },
            attempts,
            deps.random,
            error.retryAfterMs,
          ),
          deps.signal,
        );
      } catch {
        return { ok: false, error: cancelledError(call.stepId), attempts };
      }
      if (deps.signal.aborted) return { ok: false, error: cancelledError(call.stepId), attempts };
    }
  }
}

/**
 * The OperationCall a connector gets. PERFORMANCE: its AbortSignal (an EventTarget, costly
 * to make) and its state store are only created when the connector touches them, which a
 * pure mapping step in a 100,000-item loop never does.
 */
class LiveCall implements OperationCall, Guardable<unknown> {
  private controller: AbortController | undefined;
  private store: StepStateStore | undefined;
  private abortedWith: unknown;
  private aborted = false;
  readonly input: unknown;
  readonly auth: OperationCall['auth'];
  readonly runId: string;
  readonly workflowId: string | undefined;
  readonly stepId: string;
  readonly idempotencyKey: string;
  readonly storage: OperationCall['storage'];
  private stepLog: StepLogger | undefined;

  constructor(
    private readonly op: OperationRuntime,
    private readonly base: CallBase,
  ) {
    this.input = base.input;
    this.auth = base.auth;
    this.runId = base.runId;
    this.workflowId = base.workflowId;
    this.stepId = base.stepId;
    this.idempotencyKey = base.idempotencyKey;
    this.storage = base.storage;
  }

  /** The run's logger with the step id added to every entry. */
  get log(): StepLogger {
    const { runLog, stepId } = this.base;
    return (this.stepLog ??= (level, message, data) => runLog(level, message, { ...data, stepId }));
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortedWith);
    }
    return this.controller.signal;
  }

  secret(value: string): void {
    this.base.addSecret?.(value);
  }

  get state(): StepStateStore {
    return (this.store ??= this.base.stateFor(this.base.stepId));
  }

  start(): Promise<unknown> {
    return this.op.execute(this);
  }

  timeoutError(timeoutMs: number): StepError {
    const { op, base } = this;
    return new StepError(
      'STEP_TIMEOUT',
      `Step "${base.stepId}" took longer than its timeout of ${timeoutMs} ms and was stopped (${op.connector}.${op.operation}); raise the step's timeout if the service is just slow`,
      {
        details: { stepId: base.stepId, timeoutMs },
      },
    );
  }

  cancelError(): StepError {
    return cancelledError(this.base.stepId);
  }

  abort(reason: unknown): void {
    this.aborted = true;
    this.abortedWith = reason;
    this.controller?.abort(reason);
  }
}

/** Everything about the call except what LiveCall makes on demand. */
export interface CallBase extends Omit<OperationCall, 'signal' | 'state' | 'log' | 'secret'> {
  runLog: StepLogger;
  /** Where a credential obtained at run time goes (the run's scrub list). */
  addSecret?: (value: string) => void;
  stateFor: (stepId: string) => StepStateStore;
}

function callOnce(
  op: OperationRuntime,
  base: CallBase,
  timeoutMs: number,
  guard: CallGuard,
): Promise<unknown> {
  return guard.run(new LiveCall(op, base), timeoutMs);
}
