// The generic HTTP connector: any URL, optional stored credentials bound to one base URL.
import { defineConnector } from '../sdk/types.js';
import { httpAuth } from './auth.js';
import { request } from './operations/request.js';

export const httpConnector = defineConnector({
  id: 'http',
  title: 'HTTP',
  description:
    'Call any HTTP API: internal services, webhooks, or a service without its own connector.',
  auth: httpAuth,
  authOptional: true,
  operations: [request],
});
