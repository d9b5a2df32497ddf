// ConnectorDefs → the engine's Catalog (engine/run/catalog.ts). Builds each call's
// OperationContext: parsed auth fields, an HTTP client bound to the auth's base URL and
// credentials, the clients of every service a multi-service operation names, state, log, signal.
import type {
  Catalog,
  OperationCall,
  OperationRuntime,
  ResolvedAuth,
  ServiceCheckCall,
} from '../../engine/run/catalog.js';
import { StepError } from '../../engine/errors/step-error.js';
import type { StepStorage } from '../../engine/run/storage.js';
import { createHttpClient } from './http-client.js';
import { bindAuth, captureToLog, type BoundAuth } from './resolve-auth.js';
import { secretFieldNames } from './secret-fields.js';
import type { ConnectorDef, ConnectorEnv, OperationDef } from './types.js';

function isResolvedAuth(v: unknown): v is ResolvedAuth {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ResolvedAuth).id === 'string' &&
    typeof (v as ResolvedAuth).connector === 'string' &&
    'fields' in v
  );
}

function authMode(connector: ConnectorDef, op: OperationDef): OperationRuntime['auth'] {
  if (op.services) return { mode: 'services', services: Object.keys(op.services) };
  if (!connector.auth) return { mode: 'none' };
  return { mode: 'one', required: !(op.authOptional ?? connector.authOptional ?? false) };
}

function runtime(
  connector: ConnectorDef,
  op: OperationDef,
  env: ConnectorEnv,
  titles: Map<string, string>,
): OperationRuntime {
  const auth = authMode(connector, op);
  /** The step's authentications bound to clients: what execute and checkWithService see. */
  function bindCall(call: Pick<OperationCall, 'auth' | 'signal' | 'log'>) {
    const bind = (
      def: NonNullable<ConnectorDef['auth']>,
      resolved: ResolvedAuth,
      expect: string,
    ): BoundAuth =>
      bindAuth({
        def,
        resolved,
        expectConnector: expect,
        service: titles.get(expect) ?? expect,
        env,
        signal: call.signal,
        log: call.log,
      });
    const services: Record<string, BoundAuth> = {};
    let own: BoundAuth | undefined;
    if (auth.mode === 'services') {
      const given = (call.auth ?? {}) as Record<string, ResolvedAuth>;
      for (const [name, def] of Object.entries(op.services ?? {})) {
        const resolved = given[name];
        if (!isResolvedAuth(resolved)) {
          throw new StepError(
            'AUTH_MISSING',
            `This step needs a ${titles.get(name) ?? name} authentication ("auth": { "${name}": "<authentication id>" }).`,
            { details: { service: name } },
          );
        }
        services[name] = bind(def, resolved, name);
      }
      own = services[connector.id];
    } else if (auth.mode === 'one' && connector.auth) {
      if (isResolvedAuth(call.auth)) own = bind(connector.auth, call.auth, connector.id);
      else if (auth.required)
        throw new StepError('AUTH_MISSING', `This step needs a ${connector.title} authentication.`);
    }
    // PERFORMANCE: made only when the operation reads ctx.http (or ctx.signal, whose
    // AbortController the engine also makes on demand): a step that never calls a service,
    // such as a text or list step in a 100,000-item loop, pays for neither.
    let http = own?.http;
    const client = () =>
      (http ??= createHttpClient({
        baseUrl: undefined,
        env,
        signal: call.signal,
        service: connector.title,
        capture: captureToLog(call.log, connector.title),
      }));
    const authId = own
      ? isResolvedAuth(call.auth)
        ? call.auth.id
        : (call.auth as Record<string, ResolvedAuth> | undefined)?.[connector.id]?.id
      : undefined;
    return { own, services, authId, client };
  }
  return {
    connector: connector.id,
    operation: op.id,
    title: op.title,
    input: op.input,
    output: op.output,
    auth,
    secretInputs: op.secretInputs ?? [],
    ...(op.check ? { checkInput: op.check.bind(op) } : {}),
    ...(op.idempotent ? { idempotent: true } : {}),
    ...((op.sideEffects ?? connector.sideEffects) === false ? { sideEffects: false as const } : {}),
    ...(op.checkWithService
      ? {
          async checkWithService(call: ServiceCheckCall) {
            const bound = bindCall(call);
            return op.checkWithService!({
              literal: call.literal,
              mapped: call.mapped,
              auth: auth.mode === 'one' ? bound.own?.auth : undefined,
              http: bound.client(),
              services: bound.services,
              env,
              log: call.log,
              signal: call.signal,
              authId: bound.authId,
              secret: (value) => call.secret?.(value),
            });
          },
        }
      : {}),
    async execute(call: OperationCall): Promise<unknown> {
      const { own, services, authId, client } = bindCall(call);
      const result = await op.execute({
        input: call.input,
        // Only an operation with one authentication sees it as ctx.auth (undefined when the step
        // left an optional one out); a multi-service operation reads ctx.services.
        auth: auth.mode === 'one' ? own?.auth : undefined,
        get http() {
          return client();
        },
        services,
        env,
        log: call.log,
        get signal() {
          return call.signal;
        },
        state: call.state,
        storage: call.storage ?? noStorage(connector.title),
        runId: call.runId,
        workflowId: call.workflowId,
        stepId: call.stepId,
        idempotencyKey: call.idempotencyKey,
        authId,
        secret: (value) => call.secret?.(value),
      });
      const checked = op.output.safeParse(result);
      if (!checked.success) {
        throw new StepError(
          'INTERNAL',
          `The ${connector.title} "${op.title}" operation returned data that does not match its declared output (a bug in Stepwise): ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      return checked.data;
    },
  };
}

/** A host that passes no storage (an old caller): a storage call says so instead of losing values. */
function noStorage(title: string): StepStorage {
  const fail = async (): Promise<never> => {
    throw new StepError(
      'INTERNAL',
      `The ${title} step has no storage to use here (the host running it passed none; a bug in Stepwise)`,
    );
  };
  return { get: fail, set: fail, append: fail, increment: fail, delete: fail, listKeys: fail };
}

export function createCatalog(env: ConnectorEnv, defs: readonly ConnectorDef[]): Catalog {
  const byId = new Map(defs.map((c) => [c.id, c]));
  const titles = new Map(defs.map((c) => [c.id, c.title]));
  const cache = new Map<string, OperationRuntime>();
  return {
    get(connectorId, operationId) {
      const key = `${connectorId}\u0000${operationId}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const connector = byId.get(connectorId);
      const op = connector?.operations.find((o) => o.id === operationId);
      if (!connector || !op) return undefined;
      const rt = runtime(connector, op, env, titles);
      cache.set(key, rt);
      return rt;
    },
    connectors: () => [...byId.keys()],
    secretAuthFields(connectorId) {
      const connector = byId.get(connectorId);
      if (!connector) return [];
      // A multi-service operation (salesforce sync with a totango auth) needs the other service's secrets hidden too.
      const defs = [
        connector.auth,
        ...connector.operations.flatMap((o) => Object.values(o.services ?? {})),
      ].filter((d) => d !== null && d !== undefined);
      return [...new Set(defs.flatMap((d) => secretFieldNames(d.fields)))];
    },
  };
}
