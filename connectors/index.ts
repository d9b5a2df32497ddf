// The connectors' public face for the server, the worker and the CLI: the list of connectors,
// the engine's Catalog built from it, the environment defaults, the editor's description of
// every connector, and the authentication test.
import { resolve } from 'node:path';
import type { Catalog } from '../engine/run/catalog.js';
import { allConnectors } from './all.js';
import { authFieldProblems } from './sdk/check-auth-fields.js';
export { unknownAuthFields } from './sdk/check-auth-fields.js';
import { createCatalog as buildCatalog } from './sdk/create-catalog.js';
import { describeConnectorList, type ConnectorDescription } from './sdk/describe.js';
import { testConnectorAuth } from './sdk/test-auth.js';
import type { ConnectorDef, ConnectorEnv, EnvSetting, HttpCallInfo } from './sdk/types.js';

export { allConnectors };
export type { ConnectorDef, ConnectorEnv, ConnectorDescription, EnvSetting, HttpCallInfo };
export type { DynamicChoices } from './sdk/choices.js';

export function createCatalog(
  env: ConnectorEnv,
  defs: readonly ConnectorDef[] = allConnectors,
): Catalog {
  return buildCatalog(env, defs);
}

/**
 * The connectors' settings from the environment: every setting a connector declares (its
 * `env`; docs/server.md lists them), unset or blank as undefined, and the file connector's
 * folder under STEPWISE_DATA_DIR. A value its connector's `check` refuses throws, naming the
 * setting (the process does not start).
 */
export function envFromProcess(
  dataDir?: string,
  defs: readonly ConnectorDef[] = allConnectors,
  from: NodeJS.ProcessEnv = process.env,
): ConnectorEnv {
  const pick = (v: string | undefined): string | undefined =>
    v && v.trim() !== '' ? v.trim() : undefined;
  const maxOutput = pick(from.STEPWISE_MAX_OUTPUT_BYTES);
  const env: ConnectorEnv = {
    filesDir: resolve(dataDir ?? pick(from.STEPWISE_DATA_DIR) ?? './data', 'files'),
    ...(maxOutput ? { maxOutputBytes: outputLimitSetting(maxOutput) } : {}),
  };
  for (const setting of connectorSettings(defs)) {
    const value = pick(from[setting.name]);
    const problem = value === undefined ? undefined : setting.check?.(value);
    if (problem) throw new Error(`${setting.name} ${problem}, not "${value}"`);
    env[setting.name] = value;
  }
  return env;
}

/** STEPWISE_MAX_OUTPUT_BYTES: bytes, or with a unit (50mb, 200MiB, 512kb). */
function outputLimitSetting(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text);
  const unit = (match?.[2] ?? 'b').toLowerCase();
  const scale = unit.startsWith('g')
    ? 1024 ** 3
    : unit.startsWith('m')
      ? 1024 ** 2
      : unit.startsWith('k')
        ? 1024
        : 1;
  const bytes = match ? Math.floor(Number(match[1]) * scale) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes < 1)
    throw new Error(
      `STEPWISE_MAX_OUTPUT_BYTES must be a size such as 52428800 or 50mb, not "${text}"`,
    );
  return bytes;
}

/** Every environment setting the connectors declare, each once (two connectors may share one). */
export function connectorSettings(
  defs: readonly ConnectorDef[] = allConnectors,
): (EnvSetting & { connector: string })[] {
  const seen = new Map<string, EnvSetting & { connector: string }>();
  for (const c of defs)
    for (const s of c.env ?? []) if (!seen.has(s.name)) seen.set(s.name, { ...s, connector: c.id });
  return [...seen.values()];
}

/** GET /api/connectors. */
export function describeConnectors(
  defs: readonly ConnectorDef[] = allConnectors,
): ConnectorDescription[] {
  return describeConnectorList(defs);
}

/** POST /api/authentications/:id/test. Never throws; the message is for a person. */
export function testAuthentication(
  connectorId: string,
  fields: Record<string, unknown>,
  env: ConnectorEnv,
  authId?: string,
  defs: readonly ConnectorDef[] = allConnectors,
): Promise<{ ok: boolean; message: string }> {
  return testConnectorAuth(defs, connectorId, fields, env, authId);
}

/**
 * The problems of an authentication's fields as typed in a file (the CLI's --auth), one line
 * each: missing or invalid fields, and names that are not fields. Empty for a connector this
 * list does not know or one without authentication (the caller reports those).
 */
export function checkAuthFields(
  connectorId: string,
  fields: Record<string, unknown>,
  defs: readonly ConnectorDef[] = allConnectors,
): string[] {
  const def = defs.find((c) => c.id === connectorId)?.auth;
  return def ? authFieldProblems(def, fields) : [];
}

// The file connector's folder helpers, for the server's files API (upload, list, download,
// delete): the same path checks and atomic writes as the file steps.
export { deleteFile } from './file/operations/delete-file.js';
export { listFiles } from './file/operations/list-files.js';
export { notFound, resolveFilePath } from './file/paths.js';
export { TEMP_MARKER, writeAtomically } from './file/write-atomic.js';
// The SDK's HTTP client (timeouts, retries, pacing), for the server's webhook notifications.
export { createHttpClient } from './sdk/http-client.js';
// The core connectors' ids (storage, mapper, script, text, date, list, object): the "Helpers".
export { CORE_CONNECTOR_IDS } from './core/index.js';
// The script sandbox's warm-sandbox cache, for the benchmark's cold-start measurement.
export { sandboxCache } from './core/sandbox/cache.js';
