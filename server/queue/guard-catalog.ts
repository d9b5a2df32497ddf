// The catalog a worker runs with. Around every operation call it knows whether the step could
// run a second time without harm, because a worker can die in the middle of a step:
// - a step that is safe to repeat (no side effects, or idempotent: reads, HTTP writes carrying
//   `Idempotency-Key: <runId>:<place>`, upserts) just runs again on the worker that resumes;
// - any other step is marked "in flight" in Redis, durably, before it starts. If the run comes
//   back to it with the mark still set, the step may or may not have happened: it fails with
//   INTERRUPTED (its error policy applies; by default the run fails) instead of risking a
//   second message, task or charge.
import {
  StepError,
  type Catalog,
  type OperationCall,
  type OperationRuntime,
} from '../../engine/index.js';
import { currentRun, type WorkerRun } from './run-context.js';

/** No side effects (an operation that says so) or idempotent. */
export function safeToRepeat(op: OperationRuntime): boolean {
  return op.idempotent === true || (op as { sideEffects?: boolean }).sideEffects === false;
}

export interface CatalogGuardHooks {
  /** Resolves once the mark is stored in Redis; rejects when the run can no longer write. */
  markInFlight(run: WorkerRun, place: string, stepId: string): Promise<void>;
}

/** `<runId>:<place>` is the engine's idempotency key: the place is what follows the run id. */
function placeOf(call: OperationCall): string {
  const prefix = `${call.runId}:`;
  return call.idempotencyKey.startsWith(prefix)
    ? call.idempotencyKey.slice(prefix.length)
    : call.stepId;
}

function interrupted(op: OperationRuntime, call: OperationCall, place: string): StepError {
  return new StepError(
    'INTERRUPTED',
    `Step "${call.stepId}" (${op.connector} "${op.title}", at ${place}) was running when its worker stopped, so it may or may not have happened. It is not run again because a second try could do it twice (this operation has no idempotency key). Check ${op.connector} for its effect, then retry the run from this step or from the next.`,
    { details: { stepId: call.stepId, place } },
  );
}

export function guardCatalog(catalog: Catalog, hooks: CatalogGuardHooks): Catalog {
  const wrapped = new Map<OperationRuntime, OperationRuntime>();

  function wrap(op: OperationRuntime): OperationRuntime {
    const safe = safeToRepeat(op);
    return {
      ...op,
      async execute(call) {
        const run = currentRun.getStore();
        if (!run || run.runId !== call.runId) return op.execute(call);
        if (!safe) {
          const place = placeOf(call);
          if (run.inflightBefore.has(place)) {
            run.inflightBefore.delete(place);
            throw interrupted(op, call, place);
          }
          await hooks.markInFlight(run, place, call.stepId);
        }
        run.safeOp = safe;
        run.stepId = call.stepId;
        try {
          return await op.execute(call);
        } finally {
          run.safeOp = false;
        }
      },
    };
  }

  return {
    get(connector, operation) {
      const op = catalog.get(connector, operation);
      if (!op) return op;
      let out = wrapped.get(op);
      if (!out) wrapped.set(op, (out = wrap(op)));
      return out;
    },
    connectors: () => catalog.connectors(),
    secretAuthFields: (connector) => catalog.secretAuthFields(connector),
  };
}
