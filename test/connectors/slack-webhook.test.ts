// send_webhook_message: posts to the incoming webhook URL (never with the bot token), maps
// the webhook's plain-text errors to SLACK_<ERROR>, and never shows the URL (the secret).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../engine/run/catalog.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { callOperation, failure, slackAuth, startSlack, type SlackSetup } from './helpers.js';

let slack: FakeSlack;
let catalog: Catalog;
let clock: SlackSetup['clock'];
let logs: string[];

const call = (input: Record<string, unknown>, fields?: Record<string, unknown>) =>
  callOperation(catalog, 'slack', 'send_webhook_message', input, {
    auth: fields ? slackAuth(fields) : undefined,
    log: (level, message, data) => logs.push(`${level} ${message} ${JSON.stringify(data ?? {})}`),
  });
const secretPath = () => new URL(slack.webhookUrl).pathname;

beforeEach(async () => {
  ({ slack, catalog, clock } = await startSlack());
  logs = [];
});
afterEach(() => slack.close());

describe('slack send_webhook_message', () => {
  it('posts the JSON message to the webhook URL without any token, even when the step has an authentication', async () => {
    expect(
      await call(
        { webhookUrl: slack.webhookUrl, text: 'Deploy finished' },
        { token: 'xoxb-fake-token' },
      ),
    ).toEqual({ ok: true });
    const [req] = slack.requests;
    expect([req.method, req.httpMethod, req.path, req.contentType, req.authorization]).toEqual([
      'webhook',
      'POST',
      secretPath(),
      'application/json; charset=utf-8',
      undefined,
    ]);
    expect(JSON.parse(req.rawBody)).toEqual({ text: 'Deploy finished' });
    expect(slack.state.messages).toMatchObject([
      { channel: 'C00CSALERTS', text: 'Deploy finished' },
    ]);
  });

  it('marks the webhook URL as a secret input and keeps it out of the logs', async () => {
    expect(catalog.get('slack', 'send_webhook_message')!.secretInputs).toEqual(['webhookUrl']);
    expect(catalog.get('slack', 'send_webhook_message')!.auth).toEqual({
      mode: 'one',
      required: false,
    });
    await call({ webhookUrl: slack.webhookUrl, text: 'x' });
    expect(logs).toEqual([
      `debug Slack webhook: POST ${new URL(slack.webhookUrl).origin}/[webhook path] → 200 {}`,
    ]);
    expect(logs.join('\n')).not.toContain(secretPath());
  });

  it.each([
    [
      'channel_is_archived',
      'SLACK_CHANNEL_IS_ARCHIVED',
      "The webhook's channel is archived. Unarchive it, or create a new incoming webhook",
    ],
    ['invalid_payload', 'SLACK_INVALID_PAYLOAD', 'The webhook refused the message as malformed.'],
    ['action_prohibited', 'SLACK_ACTION_PROHIBITED', 'The webhook may not post to its channel'],
  ])('turns the plain-text %s answer into %s', async (error, code, message) => {
    slack.failNext('webhook', error);
    const err = await failure(call({ webhookUrl: slack.webhookUrl, text: 'x' }));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.details).toEqual({ error, method: 'incoming webhook' });
    expect(err.message).not.toContain(secretPath());
  });

  it("points an unknown webhook answer at Slack's webhook error page, not a Web API method page", async () => {
    slack.failNext('webhook', 'team_disabled');
    const err = await failure(call({ webhookUrl: slack.webhookUrl, text: 'x' }));
    expect(err.code).toBe('SLACK_TEAM_DISABLED');
    expect(err.message).toBe(
      'The incoming webhook answered "team_disabled". See https://api.slack.com/messaging/webhooks#handling_errors for what it means.',
    );
  });

  it('says a revoked webhook (no_service) needs a new URL', async () => {
    const err = await failure(
      call({ webhookUrl: `${new URL(slack.webhookUrl).origin}/services/T1/B1/revoked`, text: 'x' }),
    );
    expect(err.code).toBe('SLACK_NO_SERVICE');
    expect(err.message).toBe(
      'The webhook URL no longer works: the webhook was revoked or the app removed. Create a new incoming webhook for the channel in the Slack app settings and use its URL.',
    );
  });

  it('waits for Retry-After on a 429 and posts once', async () => {
    slack.rateLimitOnce('webhook', 2);
    expect(await call({ webhookUrl: slack.webhookUrl, text: 'later' })).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([2000]);
    expect(slack.state.messages.map((m) => m.text)).toEqual(['later']);
  });

  it('waits out a long Retry-After on the webhook too', async () => {
    slack.rateLimitOnce('webhook', 50);
    expect(await call({ webhookUrl: slack.webhookUrl, text: 'much later' })).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([50_000]);
    expect(slack.state.messages.map((m) => m.text)).toEqual(['much later']);
  });

  it('refuses a URL that is not https (plain http only to this machine)', async () => {
    const err = await failure(
      call({ webhookUrl: 'http://hooks.example.com/services/T/B/X', text: 'x' }),
    );
    expect([err.code, err.message]).toEqual([
      'INPUT_INVALID',
      'The webhook URL must start with https://.',
    ]);
    expect(slack.requests).toEqual([]);
  });

  it('keeps the URL out of the message when the webhook cannot be reached', async () => {
    const { origin } = new URL(slack.webhookUrl);
    await slack.close();
    const err = await failure(call({ webhookUrl: slack.webhookUrl, text: 'x' }));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toContain(origin);
    expect(err.message + JSON.stringify(err.details)).not.toContain(secretPath());
    slack = await startFakeSlack();
  });
});
