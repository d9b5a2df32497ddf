// Execute one operation through the catalog the way a connector step does (input parsed by
// the operation's own schema, one attempt), for tests that call operations directly.
import type { Catalog, OperationCall } from '../../engine/run/catalog.js';

export interface CallOptions {
  auth?: OperationCall['auth'];
  log?: OperationCall['log'];
  state?: OperationCall['state'];
  /** Default: none (an operation that uses storage then fails, as with a host that passes none). */
  storage?: OperationCall['storage'];
  /** Default `run_1`. */
  runId?: string;
  /** Default `<connector>-1`. */
  stepId?: string;
  /** Default `run_1:<stepId>`, as the engine builds it for a top-level step. */
  idempotencyKey?: string;
}

export async function callOperation(
  catalog: Catalog,
  connector: string,
  operation: string,
  input: unknown,
  opts: CallOptions = {},
): Promise<unknown> {
  const runtime = catalog.get(connector, operation);
  if (!runtime) throw new Error(`no ${connector} operation ${operation}`);
  const stepId = opts.stepId ?? `${connector}-1`;
  return runtime.execute({
    input: runtime.input.parse(input),
    auth: opts.auth,
    signal: new AbortController().signal,
    runId: opts.runId ?? 'run_1',
    workflowId: 'wf_1',
    stepId,
    idempotencyKey: opts.idempotencyKey ?? `${opts.runId ?? 'run_1'}:${stepId}`,
    log: opts.log ?? (() => {}),
    state: opts.state ?? { get: async () => undefined, set: async () => {} },
    ...(opts.storage ? { storage: opts.storage } : {}),
  });
}
