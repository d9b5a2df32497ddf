// The catalog runs execute with, timing every connector operation for
// stepwise_step_duration_seconds (each attempt, by connector, operation and outcome). Wrapped
// once per operation, so the cost on a step's path is one clock read and one observe.
import type { Catalog, OperationRuntime } from '../../engine/index.js';
import type { Metrics } from './metrics.js';

export function meteredCatalog(catalog: Catalog, metrics: Metrics): Catalog {
  const wrapped = new Map<OperationRuntime, OperationRuntime>();

  function wrap(op: OperationRuntime): OperationRuntime {
    return {
      ...op,
      async execute(call) {
        const started = performance.now();
        let outcome: 'ok' | 'error' = 'error';
        try {
          const output = await op.execute(call);
          outcome = 'ok';
          return output;
        } finally {
          metrics.stepDone(
            op.connector,
            op.operation,
            outcome,
            (performance.now() - started) / 1000,
          );
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
