// Slack's `ok: false` answers as step errors: the code carries Slack's error string
// (SLACK_CHANNEL_NOT_FOUND), the message says what to do about it, details.error keeps
// Slack's own word. The same table serves the incoming webhook's plain-text errors.
import { StepError } from '../../engine/errors/step-error.js';

export interface SlackErrorContext {
  /** The Web API method, or "incoming webhook". */
  method: string;
  channel?: string;
  ts?: string;
  email?: string;
  /** missing_scope answers name the scope the token lacks. */
  needed?: string;
  provided?: string;
}

const CHECK_AUTH =
  'Check the Slack authentication: the bot token (xoxb-…) may be mistyped, revoked, or for another workspace. Create a new token in the Slack app settings (OAuth & Permissions) and update the authentication.';
const WEBHOOK_GONE =
  'Create a new incoming webhook for the channel in the Slack app settings and use its URL.';

const hints: Record<string, (c: SlackErrorContext) => string> = {
  channel_not_found: (c) =>
    `Slack cannot find the channel${c.channel ? ` "${c.channel}"` : ''}, or the Stepwise app cannot see it. Check the name or id (e.g. #cs-alerts or C0123ABCD); for a private channel, invite the app to it first with /invite @your-app.`,
  not_in_channel: (c) =>
    `The Stepwise app is not a member of ${c.channel ? `"${c.channel}"` : 'the channel'}. Invite it: open the channel in Slack and type /invite @your-app (the app's name).`,
  is_archived: (c) =>
    `The channel ${c.channel ? `"${c.channel}"` : ''} is archived. Unarchive it in Slack or choose another channel.`,
  channel_is_archived: () =>
    `The webhook's channel is archived. Unarchive it, or ${WEBHOOK_GONE.charAt(0).toLowerCase()}${WEBHOOK_GONE.slice(1)}`,
  no_text: () => 'The message is empty: give it a text or blocks.',
  msg_too_long: () =>
    'The message text is longer than Slack allows (40,000 characters). Shorten it, or split it into several messages.',
  too_many_attachments: () => 'The message has more than 100 attachments.',
  invalid_blocks: () =>
    "Slack refused the blocks: they are not valid Block Kit. Check them in Slack's Block Kit Builder.",
  invalid_blocks_format: () =>
    'The blocks must be a list of Block Kit blocks, e.g. [{ "type": "section", "text": { "type": "mrkdwn", "text": "Hello" } }].',
  message_not_found: (c) =>
    `There is no message with ts "${c.ts ?? ''}" in ${c.channel ? `"${c.channel}"` : 'the channel'}. Use the ts (and channel id) that "Send message" answered.`,
  cant_update_message: () => 'The app can only update messages that it posted itself.',
  edit_window_closed: () =>
    'The message is too old to be edited (the workspace limits how long messages can be edited).',
  users_not_found: (c) =>
    `No Slack user has the email "${c.email ?? ''}". Check the address; the app also needs the users:read.email scope to look people up by email.`,
  missing_scope: (c) =>
    `The Slack app lacks the permission ${c.needed ? `"${c.needed}"` : 'this call needs'}${c.provided ? ` (it has: ${c.provided})` : ''}. Add the scope under OAuth & Permissions in the Slack app settings, reinstall the app, and update the token in the authentication.`,
  not_authed: () => `Slack received no token. ${CHECK_AUTH}`,
  invalid_auth: () => `Slack refused the token (invalid_auth). ${CHECK_AUTH}`,
  account_inactive: () => `The token belongs to a deleted user or workspace. ${CHECK_AUTH}`,
  token_revoked: () =>
    `The token was revoked (the app may have been removed from the workspace). ${CHECK_AUTH}`,
  token_expired: () => `The token has expired. ${CHECK_AUTH}`,
  restricted_action: () =>
    'The workspace settings do not allow the app to post there. Ask a Slack admin, or choose another channel.',
  restricted_action_read_only_channel: () =>
    'The channel is read-only for the app. Choose another channel, or ask a Slack admin to let the app post there.',
  restricted_action_thread_only_channel: () =>
    'The channel accepts only replies in threads: set thread_ts to reply to a message.',
  rate_limited: () =>
    'Slack limited how fast the app may post (about one message a second per channel). Slow down, e.g. send fewer messages in a loop, then try again.',
  ratelimited: () =>
    'Slack is limiting calls and kept refusing after our retries. Try again in a minute.',
  invalid_cursor: () => 'Slack refused the page cursor; list the channels again from the start.',
  invalid_limit: () => 'The limit must be between 1 and 1000.',
  invalid_types: () =>
    'The channel types must be among public_channel, private_channel, mpim and im.',
  invalid_payload: () => 'The webhook refused the message as malformed. Check the text and blocks.',
  user_not_found: () => "The webhook's user no longer exists in the workspace.",
  action_prohibited: () =>
    `The webhook may not post to its channel (a Slack admin restricted it). ${WEBHOOK_GONE}`,
  no_service: () =>
    `The webhook URL no longer works: the webhook was revoked or the app removed. ${WEBHOOK_GONE}`,
  rollup_error: () => 'Slack had a problem on its side; try again later.',
};

/** Errors worth another attempt by the step's retry policy. */
const RETRYABLE = new Set([
  'rate_limited',
  'ratelimited',
  'rollup_error',
  'fatal_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack documents each Web API method's errors on the method's page; the webhook's on one page of their own. */
function unknownHint(error: string, method: string): string {
  if (method === 'incoming webhook')
    return `The incoming webhook answered "${error}". See https://api.slack.com/messaging/webhooks#handling_errors for what it means.`;
  return `Slack answered "${error}" to ${method}. See https://api.slack.com/methods/${method}#errors for what it means.`;
}

export function slackError(
  error: string,
  context: SlackErrorContext,
  retryAfterMs?: number,
): StepError {
  const hint = hints[error]?.(context) ?? unknownHint(error, context.method);
  const details: Record<string, unknown> = { error, method: context.method };
  if (context.channel) details.channel = context.channel;
  if (context.needed) details.needed = context.needed;
  if (context.provided) details.provided = context.provided;
  const code = `SLACK_${error.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}` as const;
  return new StepError(code, hint.replace(/\s+/g, ' ').trim(), {
    details,
    retryable: RETRYABLE.has(error),
    retryAfterMs,
  });
}
