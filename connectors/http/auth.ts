// The generic HTTP connector's optional authentication: basic, bearer, or an API key in a
// header or the query. Each names the base URL it belongs to; the client sends it nowhere else.
import { z } from 'zod';
import { defineAuth } from '../sdk/types.js';

const baseUrl = z.url({ protocol: /^https?$/ }).meta({
  title: 'Base URL',
  description:
    'Where these credentials may be sent, e.g. https://api.example.com. Requests to any other host are refused.',
});

export const httpAuthFields = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('basic').meta({ title: 'Basic (user name and password)' }),
    baseUrl,
    username: z.string().min(1).meta({ title: 'User name' }),
    password: z.string().meta({ title: 'Password', secret: true }),
  }),
  z.object({
    type: z.literal('bearer').meta({ title: 'Bearer token' }),
    baseUrl,
    token: z.string().min(1).meta({ title: 'Token', secret: true }),
  }),
  z.object({
    type: z.literal('api_key_header').meta({ title: 'API key in a header' }),
    baseUrl,
    headerName: z.string().min(1).default('X-API-Key').meta({ title: 'Header name' }),
    apiKey: z.string().min(1).meta({ title: 'API key', secret: true }),
  }),
  z.object({
    type: z.literal('api_key_query').meta({ title: 'API key in the query' }),
    baseUrl,
    paramName: z.string().min(1).default('api_key').meta({ title: 'Query parameter name' }),
    apiKey: z.string().min(1).meta({ title: 'API key', secret: true }),
  }),
]);

export type HttpAuthFields = z.output<typeof httpAuthFields>;

export const httpAuth = defineAuth<HttpAuthFields>({
  kind: 'http',
  title: 'HTTP authentication',
  fields: httpAuthFields,
  baseUrl: (f) => f.baseUrl,
  apply(f, req) {
    switch (f.type) {
      case 'basic':
        req.headers.authorization = `Basic ${Buffer.from(`${f.username}:${f.password}`).toString('base64')}`;
        break;
      case 'bearer':
        req.headers.authorization = `Bearer ${f.token}`;
        break;
      case 'api_key_header':
        req.headers[f.headerName] = f.apiKey;
        break;
      case 'api_key_query':
        req.query[f.paramName] = f.apiKey;
        break;
    }
  },
  async test({ http }) {
    // There is no universal "who am I" call: ask the base URL and treat 401/403 as refused.
    const res = await http.request({ method: 'GET', url: '/', acceptAnyStatus: true });
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        message: `${http.baseUrl} refused the credentials (HTTP ${res.status}).`,
      };
    return {
      ok: true,
      message: `${http.baseUrl} answered HTTP ${res.status} with the credentials.`,
    };
  },
});
