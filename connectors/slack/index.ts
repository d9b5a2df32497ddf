// The Slack connector (CONNECTORS.md "slack") on Slack's Web API (api-reference §3).
import { defineConnector } from '../sdk/types.js';
import { slackAuth } from './auth.js';
import { findUserByEmail } from './operations/find-user-by-email.js';
import { listChannels } from './operations/list-channels.js';
import { rawHttpRequest } from './operations/raw-http-request.js';
import { sendMessage } from './operations/send-message.js';
import { sendWebhookMessage } from './operations/send-webhook-message.js';
import { updateMessage } from './operations/update-message.js';

export const slackConnector = defineConnector({
  id: 'slack',
  title: 'Slack',
  description:
    'Send and update messages, list channels and find people in a Slack workspace, or post through an incoming webhook.',
  auth: slackAuth,
  env: [
    {
      name: 'SLACK_API_URL',
      default: 'https://slack.com/api',
      description:
        "Slack's Web API for every Slack authentication without its own base URL (a proxy, a test server)",
    },
  ],
  // Only "Send message with a webhook" works without a token. The Web API operations each say
  // authOptional: false, so a step of theirs without an authentication is a problem the
  // document check lists before a run, not a failure halfway through it.
  authOptional: true,
  operations: [
    sendMessage,
    updateMessage,
    listChannels,
    findUserByEmail,
    sendWebhookMessage,
    rawHttpRequest,
  ],
});
