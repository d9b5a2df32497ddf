// The step's authentication: one id, or one per service for an operation that talks to two.
import { StepError } from '../errors/step-error.js';
import { toStepError } from '../errors/to-step-error.js';
import type { ConnectorStep } from '../model/workflow.schema.js';
import { collectSecretStrings } from '../records/redact.js';
import type { Catalog, OperationCall, OperationRuntime, ResolvedAuth } from '../run/catalog.js';
import type { RunOptions } from '../run/types.js';

export interface AuthDeps {
  catalog: Catalog;
  resolveAuth: RunOptions['resolveAuth'];
  /** The values of the auth's secret fields are added here, to be scrubbed from records. */
  secrets: Set<string>;
}

export async function resolveStepAuth(
  step: Pick<ConnectorStep, 'id' | 'connector' | 'operation' | 'auth'>,
  op: OperationRuntime,
  deps: AuthDeps,
): Promise<OperationCall['auth']> {
  const label = `Step "${step.id}" (${step.connector}.${step.operation})`;
  if (op.auth.mode === 'none') return undefined;
  if (op.auth.mode === 'one') {
    if (step.auth === undefined) {
      if (!op.auth.required) return undefined;
      throw new StepError(
        'AUTH_MISSING',
        `${label} needs an authentication: choose one for "${step.connector}" in the step's settings`,
        { details: { stepId: step.id, field: 'auth' } },
      );
    }
    if (typeof step.auth !== 'string') {
      throw new StepError(
        'AUTH_MISSING',
        `${label}: "auth" must be one authentication id, not one per service`,
        { details: { stepId: step.id, field: 'auth' } },
      );
    }
    return fetchAuth(step.auth, step.connector, null, step.id, deps);
  }
  const ids = typeof step.auth === 'object' ? step.auth : {};
  const out: Record<string, ResolvedAuth> = {};
  for (const service of op.auth.services) {
    const id = ids[service];
    if (!id) {
      throw new StepError(
        'AUTH_MISSING',
        `${label} needs an authentication for ${service}: set auth.${service}`,
        { details: { stepId: step.id, field: `auth.${service}` } },
      );
    }
    out[service] = await fetchAuth(id, service, service, step.id, deps);
  }
  return out;
}

async function fetchAuth(
  id: string,
  connector: string,
  service: string | null,
  stepId: string,
  deps: AuthDeps,
): Promise<ResolvedAuth> {
  if (!deps.resolveAuth) {
    throw new StepError(
      'AUTH_MISSING',
      `Step "${stepId}": authentication "${id}" cannot be found (no authentications were given to this run)`,
      { details: { stepId, authId: id } },
    );
  }
  let auth: ResolvedAuth;
  try {
    auth = await deps.resolveAuth(id, { connector, stepId, service });
  } catch (err) {
    throw toStepError(err, stepId, 'looking up its authentication');
  }
  for (const field of deps.catalog.secretAuthFields(auth.connector))
    collectSecretStrings(auth.fields[field], deps.secrets);
  return auth;
}
