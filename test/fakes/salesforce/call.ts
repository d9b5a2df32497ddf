// Calling Salesforce operations the way the engine does (through the Catalog), against the fake.
import { createCatalog } from '../../../connectors/index.js';
import { salesforceConnector } from '../../../connectors/salesforce/index.js';
import type { ConnectorEnv } from '../../../connectors/sdk/types.js';
import type { StepStateStore } from '../../../engine/run/catalog.js';
import { callOperation } from '../../helpers/call-operation.js';
import type { FakeSalesforce } from '../salesforce.js';

export function sfEnv(fake: FakeSalesforce): ConnectorEnv {
  return { SALESFORCE_LOGIN_URL: fake.loginUrl, filesDir: '/nonexistent', pacing: false };
}

export function sfFields(
  fake: FakeSalesforce,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const c = fake.credentials;
  return {
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    username: c.username,
    password: c.password,
    securityToken: c.securityToken,
    ...extra,
  };
}

function memoryState(): StepStateStore {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
  };
}

let authSeq = 0;

/** A caller of salesforce operations with one authentication (a fresh id, so no cached token). */
export function sfCaller(fake: FakeSalesforce, fields: Record<string, unknown> = sfFields(fake)) {
  const catalog = createCatalog(sfEnv(fake), [salesforceConnector]);
  const auth = { id: `sf-auth-${++authSeq}`, connector: 'salesforce', fields };
  const logs: { level: string; message: string }[] = [];
  return {
    logs,
    async call(
      operation: string,
      input: Record<string, unknown>,
    ): Promise<Record<string, unknown>> {
      return (await callOperation(catalog, 'salesforce', operation, input, {
        auth,
        log: (level, message) => {
          logs.push({ level, message });
        },
        state: memoryState(),
      })) as Record<string, unknown>;
    },
  };
}
