// What the server needs from the connectors beyond the engine's Catalog: their description
// for the editor (JSON Schema), checking and testing authentication fields. main.ts builds it
// from connectors/index.ts; tests may build one around test/helpers/test-connector.ts.
import { type Catalog, friendlyError } from '../../engine/index.js';
import {
  allConnectors,
  createCatalog,
  describeConnectors,
  testAuthentication,
  unknownAuthFields,
  type ConnectorDef,
  type ConnectorDescription,
  type ConnectorEnv,
} from '../../connectors/index.js';
import { zodIssues, type Issue } from '../errors.js';

export interface ConnectorDirectory {
  catalog: Catalog;
  /** GET /api/connectors: `[{ name, title, auth: { kind, fields }, operations: [...] }]`. */
  describe(): ConnectorDescription[];
  /** Check fields against the connector's auth schema (defaults applied), naming each bad field. */
  checkAuthFields(
    connector: string,
    fields: Record<string, unknown>,
  ): { ok: true; fields: Record<string, unknown> } | { ok: false; issues: Issue[] };
  /** One cheap call to the service with these fields. */
  testAuth(
    connector: string,
    fields: Record<string, unknown>,
    authId: string,
  ): Promise<{ ok: boolean; message: string }>;
}

/** The directory over a list of connector definitions (default: every connector Stepwise ships). */
export function createConnectorDirectory(
  env: ConnectorEnv,
  defs: readonly ConnectorDef[] = allConnectors,
): ConnectorDirectory {
  const catalog = createCatalog(env, defs);
  let described: ConnectorDescription[] | undefined;
  return {
    catalog,
    // Built once: turning every zod schema into JSON Schema is not free.
    describe: () => (described ??= describeConnectors(defs)),
    checkAuthFields(connector, fields) {
      const def = defs.find((c) => c.id === connector);
      if (!def?.auth)
        return {
          ok: false,
          issues: [
            {
              path: '',
              message: `The ${def?.title ?? connector} connector needs no authentication`,
            },
          ],
        };
      // The schemas drop unknown keys, so a typo such as "baseURL" would be lost silently and
      // the credentials sent to the service's real host: name such fields instead.
      const unknown = unknownAuthFields(def.auth, fields).map((u) => ({
        path: u.field,
        message: u.message,
      }));
      // Plain words ("Required"), as for every other body the API checks.
      const parsed = def.auth.fields.safeParse(fields, { error: friendlyError });
      if (parsed.success && unknown.length === 0)
        return { ok: true, fields: parsed.data as Record<string, unknown> };
      const issues = parsed.success ? [] : zodIssues(parsed.error);
      return { ok: false, issues: [...unknown, ...issues] };
    },
    testAuth: (connector, fields, authId) =>
      testAuthentication(connector, fields, env, authId, defs),
  };
}

/**
 * A directory around a bare Catalog (tests use the engine's test connector this way): no
 * descriptions, any fields accepted, and the test always passes.
 */
export function directoryFromCatalog(catalog: Catalog): ConnectorDirectory {
  return {
    catalog,
    describe: () =>
      catalog
        .connectors()
        .map((name) => ({ name, title: name, description: '', auth: null, operations: [] })),
    checkAuthFields: (_connector, fields) => ({ ok: true, fields }),
    testAuth: async () => ({ ok: true, message: 'This catalog has no authentication test' }),
  };
}
