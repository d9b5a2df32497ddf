// A connector step's work once its input is resolved: find the operation, parse the input,
// resolve the authentication, call with the error policy. Shared by the run and by replay.
import type { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { ConnectorStep } from '../model/workflow.schema.js';
import { collectSecretStrings, redactSecretInputs } from '../records/redact.js';
import type { Catalog, StepLogger, StepStateStore } from '../run/catalog.js';
import type { StepStorage } from '../run/storage.js';
import type { RunOptions } from '../run/types.js';
import type { CallGuard } from './call-guard.js';
import { executeOperation } from './execute-operation.js';
import { parseInput, unknownOperation } from './parse-input.js';
import { resolveStepAuth } from './resolve-auth.js';

export interface InvokeDeps {
  catalog: Catalog;
  resolveAuth: RunOptions['resolveAuth'];
  /** Grows with the auth's secret values, the secret inputs' values and tokens obtained at run time. */
  secrets: Set<string>;
  /** Told of each credential a connector obtains at run time (the server scrubs its stores with it). */
  onSecret?: (value: string) => void;
  runId: string;
  workflowId: string | undefined;
  signal: AbortSignal;
  guard: CallGuard;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  stepTimeoutMs: number;
  log: StepLogger;
  stateFor: (stepId: string) => StepStateStore;
  storage?: StepStorage;
}

export interface Invoked {
  output: unknown;
  error: StepError | null;
  attempts: number;
  /** The input as it may be recorded: the operation's secret inputs replaced. */
  recordedInput: unknown;
}

export async function invokeConnector(
  step: ConnectorStep,
  input: unknown,
  idempotencyKey: string,
  deps: InvokeDeps,
): Promise<Invoked> {
  const op = deps.catalog.get(step.connector, step.operation);
  if (!op)
    return {
      output: null,
      error: unknownOperation(step.id, step.connector, step.operation, deps.catalog.connectors()),
      attempts: 1,
      recordedInput: input,
    };
  const recordedInput = redactSecretInputs(input, op.secretInputs);
  try {
    const parsed = parseInput(op, input, step.id);
    for (const name of op.secretInputs)
      collectSecretStrings((parsed as Record<string, unknown> | null)?.[name], deps.secrets);
    const auth = await resolveStepAuth(step, op, deps);
    const outcome = await executeOperation(
      op,
      {
        input: parsed,
        auth,
        runId: deps.runId,
        workflowId: deps.workflowId,
        stepId: step.id,
        idempotencyKey,
        runLog: deps.log,
        addSecret: (value: string) => {
          collectSecretStrings(value, deps.secrets);
          deps.onSecret?.(value);
        },
        stateFor: deps.stateFor,
        storage: deps.storage,
      },
      step.onError,
      step.timeoutMs ?? deps.stepTimeoutMs,
      deps,
    );
    return outcome.ok
      ? { output: outcome.value, error: null, attempts: outcome.attempts, recordedInput }
      : { output: null, error: outcome.error, attempts: outcome.attempts, recordedInput };
  } catch (err) {
    return {
      output: null,
      error: toStepError(err, step.id, 'the step'),
      attempts: 1,
      recordedInput,
    };
  }
}
