// The raw HTTP "universal operation" shared by totango, slack and salesforce: the user writes
// only a path suffix; the connector's client adds the base URL and credentials. Anything that
// could leave the base URL's host is refused before a request is made.
import { z } from 'zod';
import { StepError } from '../../engine/errors/step-error.js';
import { resolveUrl } from './http-client.js';
import type { HttpClient, HttpRequest } from './types.js';

export const rawRequestInput = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
    .default('GET')
    .meta({ title: 'Method' }),
  endpoint: z.string().min(1).meta({
    title: 'Endpoint',
    description: 'The path after the base URL, starting with one "/", e.g. /api/v3/touchpoints/',
  }),
  query: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .meta({ title: 'Query parameters' }),
  headers: z.record(z.string(), z.string()).optional().meta({ title: 'Headers' }),
  body: z
    .unknown()
    .optional()
    .meta({ title: 'Body', description: 'An object for json or form; text for raw.' }),
  bodyType: z.enum(['json', 'form', 'raw']).default('json').meta({ title: 'Body type' }),
});

export const rawRequestOutput = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

export type RawRequestInput = z.output<typeof rawRequestInput>;

/** The endpoint must be a path under the base URL: one leading "/", no scheme, no "//host", no "@host", no "\". */
export function checkEndpoint(baseUrl: string | undefined, endpoint: string): void {
  const refuse = (why: string): never => {
    throw new StepError(
      'FORBIDDEN',
      `The endpoint "${endpoint}" ${why}. Write only the path after the base URL, starting with one "/", e.g. /api/v1/search/accounts.`,
      {
        details: { field: 'endpoint', endpoint },
      },
    );
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(endpoint)) refuse('is a full URL');
  if (!endpoint.startsWith('/')) refuse('does not start with "/"');
  if (endpoint.startsWith('//')) refuse('starts with "//", which would name another host');
  if (endpoint.includes('\\')) refuse('contains "\\"');
  if (!baseUrl) return;
  const resolved = resolveUrl(baseUrl, endpoint);
  const base = new URL(baseUrl);
  if (resolved.origin !== base.origin || resolved.username || resolved.password)
    refuse(`would leave ${base.origin}`);
}

const HOP_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/**
 * Put a step's `body` on the request as its `bodyType` says (json: any value; form: an object,
 * nested values as JSON text; raw: text). GET and HEAD carry no body. Shared with http.request.
 */
export function setRequestBody(
  req: HttpRequest,
  body: unknown,
  bodyType: 'json' | 'form' | 'raw',
): void {
  if (body === undefined || req.method === 'GET' || req.method === 'HEAD') return;
  if (bodyType === 'json') req.json = body;
  else if (bodyType === 'form') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new StepError(
        'INPUT_INVALID',
        'Input "body": with body type "form" the body must be an object of field names and values.',
        { details: { field: 'body' } },
      );
    }
    req.form = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [
        k,
        typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean),
      ]),
    );
  } else req.body = typeof body === 'string' ? body : JSON.stringify(body);
}

/** Run a raw request through the connector's client; non-2xx answers come back as data, not errors. */
export async function rawRequest(
  http: HttpClient,
  input: RawRequestInput,
): Promise<z.input<typeof rawRequestOutput>> {
  checkEndpoint(http.baseUrl, input.endpoint);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {}))
    if (!HOP_HEADERS.has(k.toLowerCase())) headers[k] = v;
  const req: HttpRequest = {
    method: input.method,
    url: input.endpoint,
    query: input.query,
    headers,
    acceptAnyStatus: true,
  };
  setRequestBody(req, input.body, input.bodyType);
  const res = await http.request(req);
  return { status: res.status, headers: res.headers, body: res.body };
}
