import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testWorkflow, useTestServer } from './helpers/test-server.js';
import type {
  Authentication,
  RecordsPage,
  InvalidBody,
  Me,
  Run,
  Workflow,
} from './helpers/api-types.js';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { envFromProcess } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const srv = useTestServer({ each: true });
let alice: string;
let bob: string;
beforeEach(async () => {
  alice = srv.token;
  bob = await srv.user('bob@example.com');
});

const SECRET = 'xoxb-very-secret-token-1234';
const whoami = (auth: string) => ({
  id: 'who-1',
  connector: 'test',
  operation: 'whoami',
  auth,
  input: { note: 'who am I?' },
});

async function createAuth(token: string, scope: 'personal' | 'organisational', name = 'Test auth') {
  const res = await srv.api<Authentication>('POST', '/api/authentications', {
    token,
    body: { name, connector: 'test', scope, fields: { token: SECRET } },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('authentications', () => {
  it('creates, lists by connector, tests and deletes, never returning the fields', async () => {
    const created = await srv.api<Authentication>('POST', '/api/authentications', {
      token: alice,
      body: {
        name: 'Slack bot',
        connector: 'test',
        scope: 'organisational',
        fields: { token: SECRET },
      },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual([
      'connector',
      'createdAt',
      'createdBy',
      'id',
      'name',
      'scope',
    ]);
    expect(created.body).toMatchObject({
      name: 'Slack bot',
      connector: 'test',
      scope: 'organisational',
    });

    const list = await srv.api<Authentication[]>('GET', '/api/authentications?connector=test', {
      token: bob,
    });
    expect(list.body.map((a) => a.id)).toEqual([created.body.id]);
    expect(
      (await srv.api('GET', '/api/authentications?connector=slack', { token: bob })).body,
    ).toEqual([]);
    const tested = await srv.api('POST', `/api/authentications/${created.body.id}/test`, {
      token: alice,
    });
    expect(tested.body).toEqual({ ok: true, message: 'This catalog has no authentication test' });

    const notCreator = await srv.api('DELETE', `/api/authentications/${created.body.id}`, {
      token: bob,
    });
    expect(notCreator.status).toBe(403);
    expect(
      (await srv.api('DELETE', `/api/authentications/${created.body.id}`, { token: alice })).status,
    ).toBe(204);
    expect(
      (await srv.api('DELETE', `/api/authentications/${created.body.id}`, { token: alice })).status,
    ).toBe(404);
  });

  it('names each bad field and refuses unknown connectors', async () => {
    const bad = await srv.api<InvalidBody>('POST', '/api/authentications', {
      token: alice,
      body: { connector: 'test', scope: 'team', fields: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path).sort()).toEqual(['fields', 'name', 'scope']);
    const unknown = await srv.api<InvalidBody>('POST', '/api/authentications', {
      token: alice,
      body: { name: 'n', connector: 'nope', fields: {} },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([
      { path: 'connector', message: 'There is no connector "nope"; known: test' },
    ]);
  });

  it('keeps a personal authentication invisible and unusable for another user', async () => {
    const personal = await createAuth(alice, 'personal', 'Alice only');
    expect(
      (await srv.api<Authentication[]>('GET', '/api/authentications', { token: alice })).body.map(
        (a) => a.id,
      ),
    ).toEqual([personal.id]);
    expect((await srv.api('GET', '/api/authentications', { token: bob })).body).toEqual([]);
    expect(
      (await srv.api('POST', `/api/authentications/${personal.id}/test`, { token: bob })).status,
    ).toBe(404);
    expect(
      (await srv.api('DELETE', `/api/authentications/${personal.id}`, { token: bob })).status,
    ).toBe(404);

    const saved = await srv.api<InvalidBody>('POST', '/api/workflows', {
      token: bob,
      body: testWorkflow('Bob uses Alice', [whoami(personal.id)]),
    });
    // Only its owner may put it in a step (docs/server.md, "Who may do what").
    expect(saved.status).toBe(403);
    expect(saved.body.error.issues).toEqual([
      {
        path: 'steps.0.auth',
        message:
          'Step "who-1" uses an authentication that is personal to another user: only they can add it to a step or change a step that uses it. Pick an authentication of your own or an organisational one.',
      },
    ]);

    // Alice's own workflow may use it, and runs as Alice whoever starts it.
    const mine = await srv.api<Workflow>('POST', '/api/workflows', {
      token: alice,
      body: testWorkflow('Alice', [whoami(personal.id)]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${mine.body.id}/runs?wait=1`, {
      token: bob,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    const bobUser = (await srv.api<Me>('GET', '/api/auth/me', { token: bob })).body.user;
    expect(() =>
      srv.services.auths.resolve(
        personal.id,
        { connector: 'test', stepId: 'who-1', service: null },
        bobUser.id,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        message:
          'Step "who-1" uses authentication "Alice only", which is personal to another user; only workflows they own can use it',
      }),
    );
  });

  it('fails the step with AUTH_MISSING when the authentication was deleted', async () => {
    const auth = await createAuth(alice, 'organisational');
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token: alice,
      body: testWorkflow('Deleted auth', [whoami(auth.id)]),
    });
    await srv.api('DELETE', `/api/authentications/${auth.id}`, { token: alice });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {
      token: alice,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    expect(run.body.error?.code).toBe('AUTH_MISSING');
    expect(run.body.error?.message).toContain(
      `names authentication "${auth.id}", which does not exist`,
    );
  });

  it('keeps the secret out of every answer, record, log and the database file', async () => {
    const auth = await createAuth(alice, 'organisational');
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token: alice,
      body: testWorkflow('Secrets', [whoami(auth.id)]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {
      token: alice,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    const records = await srv.api<RecordsPage>('GET', `/api/runs/${run.body.id}/steps`, {
      token: alice,
    });
    const answers = [
      run,
      await srv.api('GET', `/api/runs/${run.body.id}`, { token: alice }),
      records,
      await srv.api('GET', `/api/runs/${run.body.id}/events`, { token: alice }),
      await srv.api('GET', '/api/authentications', { token: alice }),
      await srv.api('GET', `/api/workflows/${wf.body.id}/runs`, { token: alice }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(SECRET);
    }
    const steps = records.body.records[0];
    expect(steps.output).toMatchObject({
      authId: auth.id,
      token: '[redacted]',
      header: 'Bearer [redacted]',
    });
    expect(steps.input).toEqual({ note: 'who am I?' });
    expect(srv.logs.join('\n')).not.toContain(SECRET);

    srv.services.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(srv.dataDir, 'stepwise.db'));
    expect(file.includes(Buffer.from(SECRET))).toBe(false);
    expect(file.includes(Buffer.from('very-secret'))).toBe(false);
  });
});

describe('authentication fields of a shipped connector', () => {
  it('names each bad field in plain words', async () => {
    const dir = tempDir('stepwise-auth-fields-');
    try {
      const directory = createConnectorDirectory(envFromProcess(dir.path));
      expect(directory.checkAuthFields('slack', { token: 5 })).toEqual({
        ok: false,
        issues: [{ path: 'token', message: 'Expected text, got a whole number' }],
      });
      const http = directory.checkAuthFields('http', {
        type: 'basic',
        baseUrl: 'nope',
        username: 'me',
      });
      expect(http).toEqual({
        ok: false,
        issues: [
          { path: 'baseUrl', message: 'Must be a full URL such as https://example.com/hook' },
          { path: 'password', message: 'Required' },
        ],
      });
      // A misspelt field would be dropped and the token sent to the real host: it is named instead.
      const typo = directory.checkAuthFields('totango', {
        token: 'abc',
        baseURL: 'http://127.0.0.1:9',
      });
      expect(typo).toEqual({
        ok: false,
        issues: [
          {
            path: 'baseURL',
            message: 'Not a field of this authentication (did you mean "baseUrl"?)',
          },
        ],
      });
    } finally {
      dir.remove();
    }
  });
});
