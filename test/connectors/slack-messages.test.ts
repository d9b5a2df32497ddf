// Slack's message operations against the fake Slack: the exact request Slack receives,
// the output, and each failure as a SLACK_<ERROR> step error that says what to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../engine/run/catalog.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { listen } from '../helpers/listen.js';
import {
  callOperation,
  failure,
  slackAuth,
  SLACK_TOKEN_FIELDS,
  startSlack,
  type SlackSetup,
} from './helpers.js';

let slack: FakeSlack;
let catalog: Catalog;
let clock: SlackSetup['clock'];

const call = (
  operation: string,
  input: Record<string, unknown>,
  fields: Record<string, unknown> | null = SLACK_TOKEN_FIELDS,
) =>
  callOperation(catalog, 'slack', operation, input, {
    auth: fields ? slackAuth(fields) : undefined,
  });

beforeEach(async () => {
  ({ slack, catalog, clock } = await startSlack());
});
afterEach(() => slack.close());

describe('slack send_message', () => {
  it('posts JSON with the bearer token to chat.postMessage and answers the channel id, ts and message', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Renewal* booked' } }];
    const out = await call('send_message', {
      channel: '#cs-alerts',
      text: 'Renewal call booked for Acme',
      blocks,
    });
    const [req] = slack.requests;
    expect(req.httpMethod).toBe('POST');
    expect(req.path).toBe('/api/chat.postMessage');
    expect(req.contentType).toBe('application/json; charset=utf-8');
    expect(req.authorization).toBe('Bearer xoxb-fake-token');
    expect(JSON.parse(req.rawBody)).toEqual({
      channel: '#cs-alerts',
      text: 'Renewal call booked for Acme',
      blocks,
    });
    const { ts } = slack.state.messages[0];
    expect(out).toEqual({
      ok: true,
      channel: 'C00CSALERTS',
      ts,
      message: {
        type: 'message',
        subtype: 'bot_message',
        text: 'Renewal call booked for Acme',
        ts,
        bot_id: 'B0000FAKE',
        blocks,
      },
    });
    expect(ts).toMatch(/^\d+\.\d{6}$/);
  });

  it('replies in a thread with thread_ts', async () => {
    const parent = (await call('send_message', { channel: 'C00CSALERTS', text: 'parent' })) as {
      ts: string;
    };
    await call('send_message', {
      channel: 'C00CSALERTS',
      text: 'reply',
      thread_ts: parent.ts,
      reply_broadcast: true,
    });
    expect(JSON.parse(slack.requests[1].rawBody)).toEqual({
      channel: 'C00CSALERTS',
      text: 'reply',
      thread_ts: parent.ts,
      reply_broadcast: true,
    });
    expect(slack.state.messages[1]).toMatchObject({ text: 'reply', thread_ts: parent.ts });
  });

  it('asks for a text or blocks before calling Slack', () => {
    const result = catalog.get('slack', 'send_message')!.input.safeParse({ channel: '#general' });
    expect(result.success).toBe(false);
    expect(
      result.error!.issues.map((i: { path: PropertyKey[]; message: string }) => [
        i.path.join('.'),
        i.message,
      ]),
    ).toEqual([['text', 'Give the message a text or blocks']]);
  });

  it.each([
    [
      '#nowhere',
      'SLACK_CHANNEL_NOT_FOUND',
      'channel_not_found',
      'Slack cannot find the channel "#nowhere", or the Stepwise app cannot see it.',
    ],
    [
      '#not-joined',
      'SLACK_NOT_IN_CHANNEL',
      'not_in_channel',
      'The Stepwise app is not a member of "#not-joined". Invite it: open the channel in Slack and type /invite @your-app',
    ],
    ['#old-news', 'SLACK_IS_ARCHIVED', 'is_archived', 'The channel "#old-news" is archived.'],
  ])('turns ok:false for %s into %s', async (channel, code, error, message) => {
    const err = await failure(call('send_message', { channel, text: 'hi' }));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.details).toEqual({ error, method: 'chat.postMessage', channel });
    expect(slack.state.messages).toEqual([]);
  });

  it('says to check the authentication on invalid_auth, without showing the token', async () => {
    const err = await failure(
      call('send_message', { channel: '#general', text: 'hi' }, { token: 'xoxb-wrong' }),
    );
    expect(err.code).toBe('SLACK_INVALID_AUTH');
    expect(err.message).toMatch(
      /^Slack refused the token \(invalid_auth\)\. Check the Slack authentication/,
    );
    expect(JSON.stringify(err.details) + err.message).not.toContain('xoxb-wrong');
  });

  it("passes on an error Slack was told to answer, with a pointer to Slack's documentation for unknown ones", async () => {
    slack.failNext('chat.postMessage', 'restricted_action_thread_only_channel');
    const restricted = await failure(call('send_message', { channel: '#general', text: 'hi' }));
    expect(restricted.code).toBe('SLACK_RESTRICTED_ACTION_THREAD_ONLY_CHANNEL');
    expect(restricted.message).toBe(
      'The channel accepts only replies in threads: set thread_ts to reply to a message.',
    );
    slack.failNext('chat.postMessage', 'team_access_not_granted');
    const unknown = await failure(call('send_message', { channel: '#general', text: 'hi' }));
    expect(unknown.code).toBe('SLACK_TEAM_ACCESS_NOT_GRANTED');
    expect(unknown.message).toBe(
      'Slack answered "team_access_not_granted" to chat.postMessage. See https://api.slack.com/methods/chat.postMessage#errors for what it means.',
    );
  });

  it("marks Slack's rate_limited answer as worth a retry", async () => {
    slack.failNext('chat.postMessage', 'rate_limited');
    const err = await failure(call('send_message', { channel: '#general', text: 'hi' }));
    expect([err.code, err.retryable]).toEqual(['SLACK_RATE_LIMITED', true]);
  });

  it('waits for Retry-After on a 429 and tries again, posting once', async () => {
    slack.rateLimitOnce('chat.postMessage', 3);
    const out = (await call('send_message', { channel: '#general', text: 'after the wait' })) as {
      ok: boolean;
    };
    expect(out.ok).toBe(true);
    expect(clock.sleeps).toEqual([3000]);
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    expect(slack.state.messages.map((m) => m.text)).toEqual(['after the wait']);
  });

  it('waits out a Retry-After longer than the HTTP client waits (up to 2 minutes), then posts', async () => {
    slack.rateLimitOnce('chat.postMessage', 45);
    const out = (await call('send_message', {
      channel: '#general',
      text: 'after a long wait',
    })) as { ok: boolean };
    expect(out.ok).toBe(true);
    expect(clock.sleeps).toEqual([45_000]);
    expect(slack.state.messages.map((m) => m.text)).toEqual(['after a long wait']);
  });

  it("leaves a wait of over 2 minutes to the step's retry policy, saying how long Slack asked", async () => {
    slack.rateLimitOnce('chat.postMessage', 600);
    const err = await failure(call('send_message', { channel: '#general', text: 'x' }));
    expect([err.code, err.retryable, err.retryAfterMs]).toEqual(['RATE_LIMITED', true, 600_000]);
    expect(err.message).toContain('It asked to wait 600 s.');
    expect(clock.sleeps).toEqual([]);
    expect(slack.state.messages).toEqual([]);
  });

  it('needs a Slack authentication', async () => {
    const err = await failure(call('send_message', { channel: '#general', text: 'hi' }, null));
    expect(err.code).toBe('AUTH_MISSING');
    expect(err.message).toBe('This step needs a Slack authentication.');
    expect(slack.requests).toEqual([]);
  });

  it.each([
    [404, 'channel_not_found', 'SLACK_CHANNEL_NOT_FOUND'],
    [401, 'invalid_auth', 'SLACK_INVALID_AUTH'],
  ])(
    "reads ok: false from an answer with HTTP %i too (a proxy or stand-in), keeping Slack's error in the code",
    async (status, error, code) => {
      const calls: string[] = [];
      const stand = await listen((req, res) => {
        calls.push(`${req.method} ${req.url}`);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error }));
      });
      try {
        const err = await failure(
          call(
            'send_message',
            { channel: '#general', text: 'hi' },
            { token: 'xoxb-fake-token', baseUrl: `${stand.url}/api` },
          ),
        );
        expect(err.code).toBe(code);
        expect(err.details).toMatchObject({ error, method: 'chat.postMessage' });
        expect(calls).toEqual(['POST /api/chat.postMessage']);
      } finally {
        await stand.close();
      }
    },
  );

  it("sends to the authentication's base URL over the server default", async () => {
    const other = await startFakeSlack({ tokens: ['xoxb-other'] });
    try {
      await call(
        'send_message',
        { channel: '#general', text: 'to the other one' },
        { token: 'xoxb-other', baseUrl: other.url },
      );
      expect(other.state.messages.map((m) => m.text)).toEqual(['to the other one']);
      expect(slack.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('slack update_message', () => {
  it('posts chat.update and answers the channel and ts', async () => {
    const sent = (await call('send_message', { channel: '#cs-alerts', text: 'draft' })) as {
      channel: string;
      ts: string;
    };
    const out = await call('update_message', { channel: sent.channel, ts: sent.ts, text: 'final' });
    const req = slack.requests[1];
    expect([req.httpMethod, req.path, req.authorization]).toEqual([
      'POST',
      '/api/chat.update',
      'Bearer xoxb-fake-token',
    ]);
    expect(JSON.parse(req.rawBody)).toEqual({ channel: sent.channel, ts: sent.ts, text: 'final' });
    expect(out).toEqual({ ok: true, channel: sent.channel, ts: sent.ts });
    expect(slack.state.messages[0]).toMatchObject({ text: 'final', edited: true });
  });

  it('names the ts of a message that does not exist', async () => {
    const err = await failure(
      call('update_message', { channel: 'C00CSALERTS', ts: '1.000001', text: 'x' }),
    );
    expect(err.code).toBe('SLACK_MESSAGE_NOT_FOUND');
    expect(err.message).toBe(
      'There is no message with ts "1.000001" in "C00CSALERTS". Use the ts (and channel id) that "Send message" answered.',
    );
  });
});
