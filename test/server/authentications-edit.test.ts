// PATCH /api/authentications/:id (rename, replace some fields keeping the others) and the
// list's owner and "used by" workflows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { envFromProcess } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type {
  Authentication,
  ErrorBody,
  InvalidBody,
  Me,
  Run,
  Workflow,
} from './helpers/api-types.js';

let srv: TestServer;
let owner: string;
let builder: string;
afterEach(async () => {
  await srv.close();
});

const whoami = (auth: string) => ({
  id: 'who-1',
  connector: 'test',
  operation: 'whoami',
  auth,
  input: {},
});

async function createAuth(
  token: string,
  scope: 'personal' | 'organisational',
  fields: Record<string, unknown>,
) {
  const res = await srv.api<Authentication>('POST', '/api/authentications', {
    token,
    body: { name: 'Bot', connector: 'test', scope, fields },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('editing an authentication', () => {
  beforeEach(async () => {
    srv = await startTestServer();
    owner = await srv.owner();
    builder = await srv.user('builder@example.com');
  });

  it('replaces the token: the next run uses the new one; the fields never come back', async () => {
    const id = await createAuth(owner, 'organisational', { token: 'old-token-1', region: 'eu' });
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: testWorkflow('Who', [whoami(id)]),
    });
    const tokenUsed = () => {
      const last = srv.test.log.filter((l) => l.operation === 'whoami').at(-1)!;
      return (last.call.auth as { fields: Record<string, unknown> }).fields;
    };
    await srv.api('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, { token: owner, body: {} });
    expect(tokenUsed()).toEqual({ token: 'old-token-1', region: 'eu' });

    const patched = await srv.api<Authentication>('PATCH', `/api/authentications/${id}`, {
      token: owner,
      body: { name: 'Bot (rotated)', fields: { token: 'new-token-2' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id,
      name: 'Bot (rotated)',
      connector: 'test',
      scope: 'organisational',
    });
    expect(JSON.stringify(patched.body)).not.toContain('new-token-2');
    expect(patched.body).not.toHaveProperty('fields');

    const run = await srv.api<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {
      token: owner,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    // The region was kept: only the named field was replaced.
    expect(tokenUsed()).toEqual({ token: 'new-token-2', region: 'eu' });

    // A field sent as null is taken out.
    await srv.api('PATCH', `/api/authentications/${id}`, {
      token: owner,
      body: { fields: { region: null } },
    });
    await srv.api<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {
      token: owner,
      body: {},
    });
    expect(tokenUsed()).toEqual({ token: 'new-token-2' });
  });

  it('lets only the creator or an admin change an organisational one, and only the creator a personal one', async () => {
    const orgOfOwner = await createAuth(owner, 'organisational', { token: 't' });
    const refused = await srv.api<ErrorBody>('PATCH', `/api/authentications/${orgOfOwner}`, {
      token: builder,
      body: { name: 'Mine now' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const names = (
      await srv.api<Authentication[]>('GET', '/api/authentications', { token: owner })
    ).body.map((a: { name: string }) => a.name);
    expect(names).toEqual(['Bot']);

    const orgOfBuilder = await createAuth(builder, 'organisational', { token: 't' });
    expect(
      (
        await srv.api('PATCH', `/api/authentications/${orgOfBuilder}`, {
          token: builder,
          body: { name: 'B1' },
        })
      ).status,
    ).toBe(200);
    // An admin may change anyone's organisational one.
    expect(
      (
        await srv.api('PATCH', `/api/authentications/${orgOfBuilder}`, {
          token: owner,
          body: { name: 'B2' },
        })
      ).status,
    ).toBe(200);

    // Someone else's personal one does not exist for the caller, admin or not.
    const personal = await createAuth(builder, 'personal', { token: 't' });
    expect(
      (
        await srv.api('PATCH', `/api/authentications/${personal}`, {
          token: owner,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await srv.api('PATCH', `/api/authentications/${personal}`, {
          token: builder,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(200);
  });

  it('names bad bodies', async () => {
    const id = await createAuth(owner, 'organisational', { token: 't' });
    const empty = await srv.api('PATCH', `/api/authentications/${id}`, { token: owner, body: {} });
    expect(empty.status).toBe(400);
    const blank = await srv.api<InvalidBody>('PATCH', `/api/authentications/${id}`, {
      token: owner,
      body: { name: ' ' },
    });
    expect(blank.body.error.issues).toEqual([
      { path: 'name', message: 'Give the authentication a name' },
    ]);
    const extra = await srv.api('PATCH', `/api/authentications/${id}`, {
      token: owner,
      body: { connector: 'other' },
    });
    expect(extra.status).toBe(400);
    expect(
      (
        await srv.api('PATCH', '/api/authentications/auth_nope', {
          token: owner,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('lists who created each one and the workflows that use it (steps and failure notifications)', async () => {
    const used = await createAuth(owner, 'organisational', { token: 't' });
    const unused = await createAuth(builder, 'organisational', { token: 't' });
    const a = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: testWorkflow('Uses it', [whoami(used)]),
    });
    const b = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: {
        ...testWorkflow('Notifies with it', []),
        notifications: { onFailure: true, slack: { auth: used, channel: '#x' } },
      },
    });
    const list = (await srv.api('GET', '/api/authentications', { token: builder })).body as Array<{
      id: string;
      createdByEmail: string;
      usedBy: { id: string; name: string }[];
    }>;
    const first = list.find((x) => x.id === used)!;
    expect(first.createdByEmail).toBe('owner@example.com');
    expect(first.usedBy).toEqual(
      expect.arrayContaining([
        { id: a.body.id, name: 'Uses it' },
        { id: b.body.id, name: 'Notifies with it' },
      ]),
    );
    expect(first.usedBy).toHaveLength(2);
    expect(list.find((x) => x.id === unused)).toMatchObject({
      createdByEmail: 'builder@example.com',
      usedBy: [],
    });
  });
});

describe('editing an authentication of a shipped connector', () => {
  it('checks the merged fields against the connector: a typo is named, the others kept', async () => {
    const dir = tempDir('stepwise-auth-edit-');
    try {
      srv = await startTestServer({
        connectors: createConnectorDirectory(envFromProcess(dir.path)),
      });
      owner = await srv.owner();
      const created = await srv.api<Authentication>('POST', '/api/authentications', {
        token: owner,
        body: {
          name: 'Slack',
          connector: 'slack',
          scope: 'organisational',
          fields: { token: 'xoxb-old', baseUrl: 'http://127.0.0.1:9/api' },
        },
      });
      expect(created.status).toBe(201);
      const typo = await srv.api<InvalidBody>('PATCH', `/api/authentications/${created.body.id}`, {
        token: owner,
        body: { fields: { tokn: 'xoxb-new' } },
      });
      expect(typo.status).toBe(400);
      expect(typo.body.error.issues[0].path).toBe('fields.tokn');
      const ok = await srv.api<Authentication>('PATCH', `/api/authentications/${created.body.id}`, {
        token: owner,
        body: { fields: { token: 'xoxb-new' } },
      });
      expect(ok.status).toBe(200);
      const me = (await srv.api<Me>('GET', '/api/auth/me', { token: owner })).body.user
        .id as string;
      const resolved = srv.services.auths.resolve(
        created.body.id,
        { connector: 'slack', stepId: 's', service: null },
        me,
      );
      expect(resolved.fields).toEqual({ token: 'xoxb-new', baseUrl: 'http://127.0.0.1:9/api' });
    } finally {
      dir.remove();
    }
  });
});
