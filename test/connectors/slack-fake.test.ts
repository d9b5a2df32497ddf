// The fake Slack behaves as api-reference §3.7 asks, also for requests our connector does
// not make: form bodies, a `token` parameter, unknown tokens, and a per-method token bucket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';

let slack: FakeSlack;
afterEach(() => slack.close());

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });

describe('fake Slack', () => {
  beforeEach(async () => {
    slack = await startFakeSlack();
  });

  it('takes a form body with a token parameter, and blocks as JSON text', async () => {
    const blocks = JSON.stringify([{ type: 'section', text: { type: 'plain_text', text: 'hi' } }]);
    const res = await post(
      `${slack.url}/chat.postMessage`,
      new URLSearchParams({ token: slack.token, channel: 'general', blocks }).toString(),
    );
    const body = (await res.json()) as { ok: boolean; channel: string };
    expect([res.status, body.ok, body.channel]).toEqual([200, true, 'C0000GENERAL']);
    expect(slack.state.messages[0].blocks).toEqual(JSON.parse(blocks));
  });

  it('answers not_authed without a token and invalid_auth for an unknown one, with HTTP 200', async () => {
    const none = await post(`${slack.url}/chat.postMessage`, 'channel=general&text=x');
    expect([none.status, await none.json()]).toEqual([200, { ok: false, error: 'not_authed' }]);
    const wrong = await post(`${slack.url}/chat.postMessage`, 'channel=general&text=x', {
      authorization: 'Bearer xoxb-nope',
    });
    expect([wrong.status, await wrong.json()]).toEqual([200, { ok: false, error: 'invalid_auth' }]);
  });

  it('answers ok as plain text on its webhook, and invalid_payload to a body that is not JSON', async () => {
    const ok = await fetch(slack.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect([ok.status, await ok.text(), ok.headers.get('content-type')]).toEqual([
      200,
      'ok',
      'text/plain; charset=utf-8',
    ]);
    const bad = await fetch(slack.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect([bad.status, await bad.text()]).toEqual([400, 'invalid_payload']);
  });

  it('generates unique, increasing message timestamps', async () => {
    const tss: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(`${slack.url}/chat.postMessage`, `channel=general&text=${i}`, {
        authorization: `Bearer ${slack.token}`,
      });
      tss.push(((await res.json()) as { ts: string }).ts);
    }
    expect(new Set(tss).size).toBe(5);
    expect([...tss].sort((a, b) => Number(a) - Number(b))).toEqual(tss);
  });
});

describe('fake Slack token bucket', () => {
  beforeEach(async () => {
    slack = await startFakeSlack({ bucket: { capacity: 2, refillPerSecond: 0.01 } });
  });

  it("answers 429 ratelimited with Retry-After once a method's bucket is empty, per method", async () => {
    const call = (method: string) =>
      post(`${slack.url}/${method}`, 'channel=general&text=x', {
        authorization: `Bearer ${slack.token}`,
      });
    expect((await call('chat.postMessage')).status).toBe(200);
    expect((await call('chat.postMessage')).status).toBe(200);
    const limited = await call('chat.postMessage');
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([
      429,
      '100',
      { ok: false, error: 'ratelimited' },
    ]);
    expect((await call('auth.test')).status).toBe(200);
  });
});
