// list_channels (cursor pages, short pages, limit), find_user_by_email, raw_http_request
// and the authentication test, against the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../engine/run/catalog.js';
import { testAuthentication } from '../../connectors/index.js';
import type { FakeSlack, FakeSlackOptions } from '../fakes/slack.js';
import { callOperation, failure, slackAuth, SLACK_TOKEN_FIELDS, startSlack } from './helpers.js';

let slack: FakeSlack;
let catalog: Catalog;

const call = (
  operation: string,
  input: Record<string, unknown>,
  fields: Record<string, unknown> = SLACK_TOKEN_FIELDS,
) => callOperation(catalog, 'slack', operation, input, { auth: slackAuth(fields) });
async function start(opts: FakeSlackOptions = {}) {
  ({ slack, catalog } = await startSlack(opts));
}

afterEach(() => slack.close());

describe('slack list_channels', () => {
  beforeEach(() => start({ maxPageSize: 2 }));

  it('follows every cursor, also past short pages, and stops at the empty next_cursor', async () => {
    const { channels } = (await call('list_channels', {})) as {
      channels: { id: string; name: string }[];
    };
    expect(channels.map((c) => c.name)).toEqual(['general', 'cs-alerts', 'not-joined', 'old-news']);
    expect(slack.requests.map((r) => [r.httpMethod, r.path, r.authorization])).toEqual([
      ['GET', '/api/conversations.list', 'Bearer xoxb-fake-token'],
      ['GET', '/api/conversations.list', 'Bearer xoxb-fake-token'],
    ]);
    expect(slack.requests[0].query).toEqual({ types: 'public_channel', limit: '200' });
    expect(slack.requests[1].query).toEqual({
      types: 'public_channel',
      limit: '200',
      cursor: Buffer.from('offset:2').toString('base64'),
    });
  });

  it('stops at limit and asks Slack for no more than that a page', async () => {
    const { channels } = (await call('list_channels', { limit: 3 })) as {
      channels: { name: string }[];
    };
    expect(channels.map((c) => c.name)).toEqual(['general', 'cs-alerts', 'not-joined']);
    expect(slack.requests.map((r) => r.query.limit)).toEqual(['3', '3']);
  });

  it('passes the types and leaves out archived channels when asked', async () => {
    const { channels } = (await call('list_channels', {
      types: ['public_channel', 'private_channel'],
      excludeArchived: true,
    })) as { channels: { name: string }[] };
    expect(channels.map((c) => c.name)).toEqual([
      'general',
      'cs-alerts',
      'not-joined',
      'secret-team',
    ]);
    expect(slack.requests[0].query).toEqual({
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
      limit: '200',
    });
  });

  it("takes the types as Slack's comma-separated text too, and names the allowed ones for a wrong one", async () => {
    const { channels } = (await call('list_channels', {
      types: 'public_channel, private_channel',
      excludeArchived: true,
    })) as { channels: { name: string }[] };
    expect(channels.map((c) => c.name)).toEqual([
      'general',
      'cs-alerts',
      'not-joined',
      'secret-team',
    ]);
    expect(slack.requests[0].query).toEqual({
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
      limit: '200',
    });
    const wrong = catalog
      .get('slack', 'list_channels')!
      .input.safeParse({ types: 'public,private' });
    expect(wrong.success).toBe(false);
    expect(JSON.stringify(wrong.error!.issues)).toContain(
      'Channel types must be among public_channel, private_channel, mpim, im, separated by commas',
    );
  });

  it('turns an error on a later page into a step error', async () => {
    slack.failNext('conversations.list', 'missing_scope');
    const err = await failure(call('list_channels', {}));
    expect(err.code).toBe('SLACK_MISSING_SCOPE');
    expect(err.message).toMatch(
      /^The Slack app lacks the permission this call needs\. Add the scope under OAuth & Permissions/,
    );
  });
});

describe('slack find_user_by_email', () => {
  beforeEach(() => start());

  it('looks the user up with GET users.lookupByEmail', async () => {
    const out = await call('find_user_by_email', { email: 'Bob@Example.com' });
    expect(slack.requests[0]).toMatchObject({
      httpMethod: 'GET',
      path: '/api/users.lookupByEmail',
      query: { email: 'Bob@Example.com' },
      authorization: 'Bearer xoxb-fake-token',
    });
    expect(out).toEqual({ user: slack.state.users[1] });
  });

  it('says nobody has an unknown email', async () => {
    const err = await failure(call('find_user_by_email', { email: 'nobody@example.com' }));
    expect(err.code).toBe('SLACK_USERS_NOT_FOUND');
    expect(err.message).toBe(
      'No Slack user has the email "nobody@example.com". Check the address; the app also needs the users:read.email scope to look people up by email.',
    );
  });
});

describe('slack raw_http_request', () => {
  beforeEach(() => start());

  it("calls a method path under the Web API base with the token, answering Slack's reply as data", async () => {
    const out = (await call('raw_http_request', {
      method: 'POST',
      endpoint: '/auth.test',
      body: { a: 1 },
    })) as { status: number; body: unknown };
    expect(slack.requests[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/api/auth.test',
      authorization: 'Bearer xoxb-fake-token',
      rawBody: '{"a":1}',
    });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ ok: true, team: 'Fake Workspace' });
    const failed = (await call('raw_http_request', { endpoint: '/no.such.method' })) as {
      body: unknown;
    };
    expect(failed.body).toEqual({ ok: false, error: 'unknown_method' });
  });

  it.each(['https://evil.example/api/x', '//evil.example/x', 'auth.test'])(
    'refuses the endpoint %s before any request',
    async (endpoint) => {
      const err = await failure(call('raw_http_request', { endpoint }));
      expect(err.code).toBe('FORBIDDEN');
      expect(slack.requests).toEqual([]);
    },
  );
});

describe('slack authentication test', () => {
  beforeEach(() => start());

  it('calls auth.test and names the workspace, or says what is wrong with the token', async () => {
    const env = { filesDir: '/nonexistent', SLACK_API_URL: slack.url, pacing: false };
    expect(await testAuthentication('slack', { token: 'xoxb-fake-token' }, env)).toEqual({
      ok: true,
      message: 'Connected to the Slack workspace "Fake Workspace" as stepwise.',
    });
    expect(slack.requests[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/api/auth.test',
      authorization: 'Bearer xoxb-fake-token',
    });
    const bad = await testAuthentication('slack', { token: 'xoxb-bad' }, env);
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(
      /^Slack refused the token \(invalid_auth\)\. Check the Slack authentication/,
    );
  });
});
