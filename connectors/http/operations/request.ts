// http.request: call any HTTP API. With an authentication, the URL may be a path under its
// base URL; writes carry an Idempotency-Key so a step re-run after a crash is applied once
// by services that honour it.
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { setRequestBody } from '../../sdk/raw-request.js';
import { httpAuth } from '../auth.js';
import { defineOperation, type HttpRequest } from '../../sdk/types.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const input = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])
    .default('GET')
    .meta({ title: 'Method' }),
  url: z.string().min(1).meta({
    title: 'URL',
    description:
      'A full URL (https://…), or a path such as /v1/items when the step has an authentication with a base URL.',
  }),
  headers: z.record(z.string(), z.string()).optional().meta({ title: 'Headers' }),
  query: z.record(z.string(), scalar).optional().meta({ title: 'Query parameters' }),
  body: z
    .unknown()
    .optional()
    .meta({ title: 'Body', description: 'JSON body type: any value. Form: an object. Raw: text.' }),
  bodyType: z.enum(['json', 'form', 'raw']).default('json').meta({ title: 'Body type' }),
  failOnHttpError: z.boolean().default(true).meta({
    title: 'Fail on HTTP error',
    description: 'Off: a 4xx/5xx answer becomes the output instead of a step error.',
  }),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(600_000)
    .optional()
    .meta({ title: 'Timeout (ms)', description: 'Default 30000.' }),
});

const output = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const request = defineOperation({
  auth: httpAuth,
  authOptional: true,
  id: 'request',
  title: 'HTTP request',
  description: 'Send an HTTP request to any URL and get back its status, headers and body.',
  input,
  output,
  // Reads repeat nothing; writes send Idempotency-Key: <runId>:<place>, the same on a re-run.
  idempotent: true,
  async execute({ input: i, http, idempotencyKey }) {
    if (!/^https?:\/\//i.test(i.url) && !http.baseUrl) {
      throw new StepError(
        'INPUT_INVALID',
        `Input "url": "${i.url}" must be a full URL starting with http:// or https://, or the step needs an authentication whose base URL it continues.`,
        {
          details: { field: 'url' },
        },
      );
    }
    const headers = { ...i.headers };
    if (
      WRITES.has(i.method) &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key')
    )
      headers['Idempotency-Key'] = idempotencyKey;
    const req: HttpRequest = {
      method: i.method,
      url: i.url,
      headers,
      query: i.query,
      timeoutMs: i.timeoutMs,
      acceptAnyStatus: !i.failOnHttpError,
    };
    setRequestBody(req, i.body, i.bodyType);
    const res = await http.request(req);
    return { status: res.status, headers: res.headers, body: res.body };
  },
});
