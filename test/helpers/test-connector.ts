// A small connector catalog for engine, CLI and server tests: implements the engine's Catalog
// directly, so those tests need no HTTP and no real connector. Reused by the server's tests.
import { z } from 'zod';
import { StepError } from '../../engine/errors/step-error.js';
import type { StepErrorCode } from '../../engine/errors/codes.js';
import type {
  Catalog,
  OperationCall,
  OperationRuntime,
  ResolvedAuth,
} from '../../engine/run/catalog.js';

export interface TestConnector {
  catalog: Catalog;
  /** Calls per operation name (`echo`, `fail`, …). */
  calls: Map<string, number>;
  /** Every call, in order (input, auth, idempotencyKey, …). */
  log: { operation: string; call: OperationCall }[];
  /** Times `fail` has failed, by its `key` input. */
  failures: Map<string, number>;
}

const anyObject = z.record(z.string(), z.unknown());

/**
 * Operations of connector "test":
 * - echo: returns its input
 * - noop: returns {}
 * - strict: { channel: text, count: whole number } → returns its input
 * - fail: { code, message?, retryable?, retryAfterMs?, times? (default: always), key? } fails
 *   with that StepError `times` times per key, then answers { ok: true, failedBefore }
 * - sleep: { ms } waits, stopping early (rejecting) when its signal aborts
 * - crash: throws a plain Error (an "unexpected" bug)
 * - whoami: needs an authentication; answers { authId, token } (the token must be redacted)
 * - webhook: { url (secret input), text } → { delivered: url }
 * - pair: one authentication per service, alpha and beta → { alpha, beta } auth ids
 * - counter: adds 1 to the number kept in its step state under "n" → { n }
 */
export function createTestConnector(): TestConnector {
  const calls = new Map<string, number>();
  const log: TestConnector['log'] = [];
  const failures = new Map<string, number>();

  const op = (
    operation: string,
    input: z.ZodType,
    execute: (call: OperationCall) => Promise<unknown>,
    extra: Partial<Pick<OperationRuntime, 'auth' | 'secretInputs' | 'sideEffects'>> = {},
  ): OperationRuntime => ({
    connector: 'test',
    operation,
    title: operation,
    input,
    output: z.unknown(),
    auth: extra.auth ?? { mode: 'one', required: false },
    secretInputs: extra.secretInputs ?? [],
    ...(extra.sideEffects === false ? { sideEffects: false as const } : {}),
    execute: async (call) => {
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      log.push({ operation, call });
      return execute(call);
    },
  });

  const operations: OperationRuntime[] = [
    // echo and noop change nothing: the server runs them without a commit first.
    op('echo', anyObject, async (call) => call.input, { sideEffects: false }),
    op('noop', anyObject, async () => ({}), { sideEffects: false }),
    op(
      'strict',
      z.object({ channel: z.string(), count: z.number().int() }),
      async (call) => call.input,
    ),
    op(
      'fail',
      z.object({
        code: z.string(),
        message: z.string().optional(),
        retryable: z.boolean().default(false),
        retryAfterMs: z.number().optional(),
        times: z.number().int().optional(),
        key: z.string().default('default'),
      }),
      async (call) => {
        const input = call.input as {
          code: StepErrorCode;
          message?: string;
          retryable: boolean;
          retryAfterMs?: number;
          times?: number;
          key: string;
        };
        const failedBefore = failures.get(input.key) ?? 0;
        if (input.times === undefined || failedBefore < input.times) {
          failures.set(input.key, failedBefore + 1);
          throw new StepError(
            input.code,
            input.message ?? `The test service failed with ${input.code}`,
            {
              retryable: input.retryable,
              retryAfterMs: input.retryAfterMs,
              details: { failedBefore },
            },
          );
        }
        return { ok: true, failedBefore };
      },
    ),
    op('sleep', z.object({ ms: z.number().int().min(0) }), (call) =>
      sleep((call.input as { ms: number }).ms, call.signal),
    ),
    op('crash', anyObject, async () => {
      throw new Error('undefined is not a function');
    }),
    op(
      'whoami',
      anyObject,
      async (call) => {
        const auth = call.auth as ResolvedAuth;
        return {
          authId: auth.id,
          token: auth.fields.token,
          header: `Bearer ${String(auth.fields.token)}`,
        };
      },
      { auth: { mode: 'one', required: true } },
    ),
    op(
      'webhook',
      z.object({ url: z.string(), text: z.string() }),
      async (call) => ({ delivered: (call.input as { url: string }).url }),
      {
        secretInputs: ['url'],
      },
    ),
    op(
      'pair',
      anyObject,
      async (call) => {
        const auth = call.auth as Record<string, ResolvedAuth>;
        return { alpha: auth.alpha.id, beta: auth.beta.id };
      },
      { auth: { mode: 'services', services: ['alpha', 'beta'] } },
    ),
    op('counter', anyObject, async (call) => {
      const n = (Number(await call.state.get('n')) || 0) + 1;
      await call.state.set('n', n);
      return { n };
    }),
  ];
  const byName = new Map(operations.map((o) => [o.operation, o]));

  const catalog: Catalog = {
    get: (connector, operation) => (connector === 'test' ? byName.get(operation) : undefined),
    connectors: () => ['test'],
    secretAuthFields: () => ['token'],
  };
  return { catalog, calls, log, failures };
}

/** For the CLI's STEPWISE_CATALOG_MODULE hook: the same catalog under the name connectors/index.ts uses. */
export function createCatalog(): Catalog {
  return createTestConnector().catalog;
}

function sleep(ms: number, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => resolve({ slept: ms }), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
