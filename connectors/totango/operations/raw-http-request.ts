// raw_http_request: any Totango REST endpoint. The user writes the path; the connector adds
// the base URL and the app-token, and refuses anything that would leave the host.
import { defineOperation } from '../../sdk/types.js';
import { rawRequest, rawRequestInput, rawRequestOutput } from '../../sdk/raw-request.js';
import { totangoAuth } from '../auth.js';

export const rawHttpRequest = defineOperation({
  auth: totangoAuth,
  id: 'raw_http_request',
  title: 'Raw HTTP request',
  description:
    'Call a Totango endpoint no other operation covers. Write only the path (e.g. /api/v3/touchpoints/); the base URL and your token are added for you.',
  input: rawRequestInput,
  output: rawRequestOutput,
  execute: ({ input, http }) => rawRequest(http, input),
});
