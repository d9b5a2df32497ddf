// POST /api/choices: a field's dynamic choices, listed by the operation its declaration names
// with the step's authentication (Slack's channels from list_channels, Salesforce objects and
// the chosen object's fields from describe_object), against the fake Slack and Salesforce.
// The caller must be allowed to use the authentication: a builder cannot list with the
// owner's personal one, and the service then hears nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFromProcess } from '../../connectors/index.js';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { choicesAnswerSchema } from '../../wire/index.js';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce.js';
import { sfFields } from '../fakes/salesforce/call.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Authentication, ErrorBody, InvalidBody } from './helpers/api-types.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let srv: TestServer;
let slack: FakeSlack;
let sf: FakeSalesforce;
let files: { path: string; remove(): void };
let owner: string;
let builder: string;
let orgSlack: string;
let personalSlack: string;
let salesforce: string;

const listCalls = () => slack.requests.filter((r) => r.method === 'conversations.list').length;

async function newAuth(token: string, body: Record<string, unknown>): Promise<string> {
  const answer = await srv.api<Authentication>('POST', '/api/authentications', { token, body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const channelChoices = (token: string, auth: unknown, extra: Record<string, unknown> = {}) =>
  srv.api('POST', '/api/choices', {
    token,
    body: {
      connector: 'slack',
      operation: 'send_message',
      field: 'channel',
      auth,
      input: { text: 'hello' },
      ...extra,
    },
  });

beforeAll(async () => {
  slack = await startFakeSlack();
  sf = await startFakeSalesforce();
  files = tempDir('stepwise-choices-');
  srv = await startTestServer({
    connectors: createConnectorDirectory({
      ...envFromProcess(files.path),
      SALESFORCE_LOGIN_URL: sf.loginUrl,
      pacing: false,
    }),
  });
  owner = await srv.owner();
  builder = await srv.user('builder@example.com');
  const slackFields = { token: slack.token, baseUrl: slack.url };
  orgSlack = await newAuth(owner, {
    name: 'Team Slack',
    connector: 'slack',
    scope: 'organisational',
    fields: slackFields,
  });
  personalSlack = await newAuth(owner, {
    name: "Owner's Slack",
    connector: 'slack',
    scope: 'personal',
    fields: slackFields,
  });
  salesforce = await newAuth(owner, {
    name: 'Salesforce',
    connector: 'salesforce',
    scope: 'organisational',
    fields: sfFields(sf),
  });
});
afterAll(async () => {
  await srv?.close();
  await slack?.close();
  await sf?.close();
  files?.remove();
});

describe('POST /api/choices', () => {
  it("lists Slack's channels (by id, shown by name, archived ones left out) for anyone who may use the authentication", async () => {
    const answer = await channelChoices(builder, orgSlack, { refresh: true });
    expect(answer.status).toBe(200);
    const body = choicesAnswerSchema.parse(answer.body);
    expect(body).toEqual({
      choices: [
        { value: 'C0000GENERAL', label: 'general' },
        { value: 'C00CSALERTS', label: 'cs-alerts' },
        { value: 'C000NOTIN', label: 'not-joined' },
      ],
      truncated: false,
    });
    // The authentication's token reached Slack; nothing of it comes back.
    expect(answer.text).not.toContain(slack.token);
  });

  it('answers again from its cache for a while, and asks Slack again on refresh', async () => {
    await channelChoices(owner, orgSlack, { refresh: true });
    const before = listCalls();
    const again = await channelChoices(owner, orgSlack);
    expect(again.status).toBe(200);
    expect(listCalls()).toBe(before);
    const refreshed = await channelChoices(owner, orgSlack, { refresh: true });
    expect(refreshed.status).toBe(200);
    expect(listCalls()).toBe(before + 1);
  });

  it("refuses a builder the owner's personal authentication, and Slack hears nothing", async () => {
    const before = slack.requests.length;
    const refused = await channelChoices(builder, personalSlack, { refresh: true });
    expect(refused.status).toBe(403);
    expect((refused.body as ErrorBody).error).toMatchObject({ code: 'FORBIDDEN' });
    expect((refused.body as ErrorBody).error.message).toContain('personal to another user');
    // Not from the cache either: the owner's earlier answer is not handed to the builder.
    await channelChoices(owner, personalSlack, { refresh: true });
    const cachedForOwner = slack.requests.length;
    expect(cachedForOwner).toBe(before + 1);
    const stillRefused = await channelChoices(builder, personalSlack);
    expect(stillRefused.status).toBe(403);
    expect(slack.requests.length).toBe(cachedForOwner);
    // The owner may.
    const mine = await channelChoices(owner, personalSlack);
    expect(mine.status).toBe(200);
  });

  it('names what is missing: the authentication, an unknown field, a field without choices', async () => {
    const noAuth = await channelChoices(owner, undefined);
    expect(noAuth.status).toBe(400);
    expect((noAuth.body as InvalidBody).error.issues).toEqual([
      { path: 'auth', message: 'The choices need a slack authentication' },
    ]);
    const text = await channelChoices(owner, orgSlack, { field: 'text' });
    expect(text.status).toBe(400);
    expect((text.body as InvalidBody).error.issues[0]).toMatchObject({ path: 'field' });
    expect((text.body as InvalidBody).error.issues[0].message).toContain(
      '"text" of slack.send_message',
    );
    const wrongKind = await channelChoices(owner, salesforce);
    expect(wrongKind.status).toBe(400);
    expect((wrongKind.body as InvalidBody).error.message).toContain('is for salesforce, not slack');
    const unknown = await channelChoices(owner, 'auth_nope');
    expect(unknown.status).toBe(404);
    const anonymous = await srv.api('POST', '/api/choices', {
      body: { connector: 'slack', operation: 'send_message', field: 'channel', auth: orgSlack },
    });
    expect(anonymous.status).toBe(401);
  });

  it("says the service's error when the listing fails, as a 502", async () => {
    slack.failNext('conversations.list', 'invalid_auth');
    const failed = await channelChoices(owner, orgSlack, { refresh: true });
    expect(failed.status).toBe(502);
    expect((failed.body as ErrorBody).error.code).toBe('SERVICE_FAILED');
    expect((failed.body as ErrorBody).error.message).toContain('Could not list the choices');
    expect(failed.text).not.toContain(slack.token);
  });

  it("lists Salesforce objects, then the chosen object's external id fields (the choice depends on another field)", async () => {
    const sfChoices = (field: string, input: Record<string, unknown>) =>
      srv.api('POST', '/api/choices', {
        token: builder,
        body: {
          connector: 'salesforce',
          operation: 'upsert_record',
          field,
          auth: salesforce,
          input,
        },
      });
    const objects = await sfChoices('object', {});
    expect(objects.status).toBe(200);
    const names = choicesAnswerSchema.parse(objects.body).choices.map((c) => c.value);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Task', 'Event', 'Contact']));

    const empty = await sfChoices('externalIdField', {});
    expect(empty.status).toBe(400);
    expect((empty.body as InvalidBody).error.issues).toEqual([
      { path: 'input.object', message: 'It is empty' },
    ]);
    const mapped = await sfChoices('externalIdField', { object: { $jsonpath: '$.trigger.kind' } });
    expect(mapped.status).toBe(400);
    expect((mapped.body as InvalidBody).error.issues[0].message).toContain('mapped');

    const fields = await sfChoices('externalIdField', { object: 'Event' });
    expect(fields.status).toBe(200);
    expect(choicesAnswerSchema.parse(fields.body).choices.map((c) => c.value)).toEqual([
      'Totango_Campaign_Touch_Id__c',
    ]);
    // A record's field names (fills the keys of `fields`): only the ones Salesforce lets create.
    const creatable = await srv.api('POST', '/api/choices', {
      token: builder,
      body: {
        connector: 'salesforce',
        operation: 'create_record',
        field: 'fields',
        auth: salesforce,
        input: { object: 'Event' },
      },
    });
    expect(creatable.status).toBe(200);
    const keys = choicesAnswerSchema.parse(creatable.body).choices.map((c) => c.value);
    expect(keys).toContain('Subject');
    expect(keys).not.toContain('Id');
  });
});
