// POST /api/authentications/:id/test: one cheap call with the given fields → { ok, message }.
import { isStepError } from '../../engine/errors/step-error.js';
import { createHttpClient } from './http-client.js';
import { parseAuthFields } from './resolve-auth.js';
import type { ConnectorDef, ConnectorEnv } from './types.js';

const TEST_TIMEOUT_MS = 15_000;

export async function testConnectorAuth(
  defs: readonly ConnectorDef[],
  connectorId: string,
  fields: Record<string, unknown>,
  env: ConnectorEnv,
  authId?: string,
): Promise<{ ok: boolean; message: string }> {
  const connector = defs.find((c) => c.id === connectorId);
  if (!connector) return { ok: false, message: `There is no connector called "${connectorId}".` };
  const def = connector.auth;
  if (!def) return { ok: false, message: `${connector.title} needs no authentication.` };
  const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
  try {
    const auth = parseAuthFields(def, fields, connector.title);
    if (!def.test)
      return { ok: true, message: `The fields are complete; ${connector.title} has no test call.` };
    const http = createHttpClient({
      baseUrl: def.baseUrl?.(auth, env),
      auth: def,
      fields: auth,
      authId,
      env,
      signal,
      service: connector.title,
      retries: { max: 0, baseDelayMs: 0 },
    });
    return await def.test({ auth, http, env, signal, authId });
  } catch (err) {
    if (isStepError(err)) return { ok: false, message: err.message };
    return { ok: false, message: `The test failed unexpectedly: ${(err as Error).message}` };
  }
}
