import { defineOperation } from '../../sdk/types.js';
import { rawRequest, rawRequestInput, rawRequestOutput } from '../../sdk/raw-request.js';
import { slackAuth } from '../auth.js';
import { requireToken } from '../call.js';

export const rawHttpRequest = defineOperation({
  auth: slackAuth,
  id: 'raw_http_request',
  title: 'Raw HTTP request',
  description:
    "Call any Slack Web API method the other operations do not cover: write only the method path, e.g. /conversations.info. The base URL and the token are added for you; Slack's answer comes back as it is, ok: false included.",
  input: rawRequestInput,
  output: rawRequestOutput,
  authOptional: false,
  async execute({ input, auth, http }) {
    requireToken(auth);
    return rawRequest(http, input);
  },
});
