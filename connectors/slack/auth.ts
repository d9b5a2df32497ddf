import { z } from 'zod';
import { isStepError } from '../../engine/errors/step-error.js';
import { defineAuth, type ConnectorEnv } from '../sdk/types.js';
import { slackPost } from './call.js';

export const SLACK_DEFAULT_BASE_URL = 'https://slack.com/api';

export const slackAuthFields = z.object({
  token: z.string().min(1).meta({
    title: 'Bot token',
    secret: true,
    description:
      "The app's Bot User OAuth Token (starts with xoxb-), from OAuth & Permissions in the Slack app settings.",
  }),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ title: 'Web API base URL', description: 'Leave empty for https://slack.com/api.' }),
});

export type SlackAuthFields = z.output<typeof slackAuthFields>;

/** The field, else the server's SLACK_API_URL, else Slack itself. */
export function slackBaseUrl(fields: { baseUrl?: string }, env: ConnectorEnv): string {
  return fields.baseUrl ?? env.SLACK_API_URL ?? SLACK_DEFAULT_BASE_URL;
}

export const slackAuth = defineAuth<SlackAuthFields>({
  kind: 'token',
  title: 'Slack bot token',
  fields: slackAuthFields,
  baseUrl: slackBaseUrl,
  apply(fields, req) {
    req.headers.authorization = `Bearer ${fields.token}`;
  },
  async test({ http, env, signal }) {
    try {
      const answer = await slackPost({ http, env, signal }, 'auth.test', {});
      return {
        ok: true,
        message: `Connected to the Slack workspace "${String(answer.team)}" as ${String(answer.user)}.`,
      };
    } catch (err) {
      if (isStepError(err)) return { ok: false, message: err.message };
      throw err;
    }
  },
});
