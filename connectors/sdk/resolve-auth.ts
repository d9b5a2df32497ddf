// From a stored authentication (decrypted fields) to what an operation gets: the fields parsed
// with the connector's schema (defaults applied) and an HTTP client bound to its base URL.
import { z } from 'zod';
import type { ResolvedAuth, StepLogger } from '../../engine/run/catalog.js';
import { StepError } from '../../engine/errors/step-error.js';
import { createHttpClient } from './http-client.js';
import type { AuthDef, ConnectorEnv, HttpClient, HttpExchange } from './types.js';

export interface BoundAuth {
  auth: Record<string, unknown>;
  http: HttpClient;
}

/** Parse stored fields; a missing or wrong field is named, its value never shown. */
export function parseAuthFields(
  def: AuthDef,
  fields: Record<string, unknown>,
  label: string,
): Record<string, unknown> {
  const parsed = def.fields.safeParse(fields);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.map(
    (i) =>
      `${i.path.join('.') || '(fields)'}: ${i.code === 'invalid_type' && i.input === undefined ? 'missing' : i.message}`,
  );
  throw new StepError(
    'AUTH_MISSING',
    `The ${label} authentication is incomplete: ${problems.join('; ')}. Edit the authentication and fill these in.`,
    {
      details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
    },
  );
}

export function captureToLog(log: StepLogger, service: string): (ex: HttpExchange) => void {
  return (ex) =>
    log(
      'debug',
      `${service}: ${ex.request.method} ${ex.request.url} → ${ex.response?.status ?? 'no answer'}`,
      { http: ex },
    );
}

export function bindAuth(opts: {
  def: AuthDef;
  resolved: ResolvedAuth;
  expectConnector: string;
  service: string;
  env: ConnectorEnv;
  signal: AbortSignal;
  log: StepLogger;
}): BoundAuth {
  if (opts.resolved.connector !== opts.expectConnector) {
    throw new StepError(
      'AUTH_MISSING',
      `The authentication "${opts.resolved.id}" belongs to the ${opts.resolved.connector} connector; this step needs one for ${opts.service}.`,
      {
        details: { authId: opts.resolved.id },
      },
    );
  }
  const auth = parseAuthFields(opts.def, opts.resolved.fields, opts.service);
  const http = createHttpClient({
    baseUrl: opts.def.baseUrl?.(auth, opts.env),
    auth: opts.def,
    fields: auth,
    authId: opts.resolved.id,
    env: opts.env,
    signal: opts.signal,
    service: opts.service,
    capture: captureToLog(opts.log, opts.service),
  });
  return { auth, http };
}

/** JSON Schema for the editor (zod 4's converter); unrepresentable types become `{}` rather than breaking the list. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}
