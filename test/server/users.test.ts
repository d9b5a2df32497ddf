// Managing users (API.md, second round): role, switch off, password reset, removal with the
// last admin protected; changing one's own password ends one's other sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type {
  Authentication,
  ErrorBody,
  InvalidBody,
  Me,
  Session,
  User,
  Workflow,
} from './helpers/api-types.js';

let srv: TestServer;
beforeEach(async () => {
  srv = await startTestServer();
});
afterEach(async () => {
  await srv.close();
});

const login = <T = Session>(email: string, password: string) =>
  srv.api<T>('POST', '/api/auth/login', { body: { email, password } });

async function idOf(email: string): Promise<string> {
  const list = await srv.api<User[]>('GET', '/api/users', { token: await srv.owner() });
  const user = list.body.find((u) => u.email === email);
  if (!user) throw new Error(`No user ${email}`);
  return user.id;
}

describe('users admin', () => {
  it('refuses a builder every admin route', async () => {
    await srv.owner();
    const builder = await srv.user('builder@example.com');
    const ownerId = await idOf('owner@example.com');
    for (const [method, path, body] of [
      ['GET', '/api/users', undefined],
      ['PATCH', `/api/users/${ownerId}`, { role: 'builder' }],
      ['DELETE', `/api/users/${ownerId}`, undefined],
      ['PATCH', `/api/users/${ownerId}`, { password: 'a-new-password-1' }],
    ] as const) {
      const res = await srv.api<ErrorBody>(method, path, { token: builder, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // Nothing changed for the owner.
    expect(
      (await srv.api<Me>('GET', '/api/auth/me', { token: await srv.owner() })).body.user.role,
    ).toBe('admin');
  });

  it('changes a role at once (no stale cached role) and lists disabled users', async () => {
    const owner = await srv.owner();
    const builder = await srv.user('builder@example.com');
    const id = await idOf('builder@example.com');
    // The builder's token is in the login cache as a builder: now make them an admin.
    expect((await srv.api('GET', '/api/users', { token: builder })).status).toBe(403);
    const promoted = await srv.api('PATCH', `/api/users/${id}`, {
      token: owner,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id, role: 'admin', disabled: false });
    expect((await srv.api('GET', '/api/users', { token: builder })).status).toBe(200);

    const bad = await srv.api<InvalidBody>('PATCH', `/api/users/${id}`, {
      token: owner,
      body: { role: 'boss' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('role');
    const empty = await srv.api('PATCH', `/api/users/${id}`, { token: owner, body: {} });
    expect(empty.status).toBe(400);
    const unknown = await srv.api('PATCH', '/api/users/usr_nobody', {
      token: owner,
      body: { role: 'admin' },
    });
    expect(unknown.status).toBe(404);
  });

  it('switches a user off: their session and API tokens stop, login is refused, and back on', async () => {
    const owner = await srv.owner();
    const builder = await srv.user('builder@example.com');
    const apiToken = (
      await srv.api<{ token: string }>('POST', '/api/auth/tokens', {
        token: builder,
        body: { name: 'ci' },
      })
    ).body.token;
    const id = await idOf('builder@example.com');
    expect((await srv.api('GET', '/api/auth/me', { token: apiToken })).status).toBe(200);

    const off = await srv.api<User>('PATCH', `/api/users/${id}`, {
      token: owner,
      body: { disabled: true },
    });
    expect(off.body.disabled).toBe(true);
    expect((await srv.api('GET', '/api/auth/me', { token: builder })).status).toBe(401);
    expect((await srv.api('GET', '/api/auth/me', { token: apiToken })).status).toBe(401);
    const refused = await login<ErrorBody>('builder@example.com', 'user-password-1');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/switched off/);
    // A wrong password says nothing about the account being switched off.
    expect((await login('builder@example.com', 'wrong-password-1')).status).toBe(401);
    const users = await srv.api<User[]>('GET', '/api/users', { token: owner });
    expect(users.body.find((u) => u.id === id)?.disabled).toBe(true);

    await srv.api('PATCH', `/api/users/${id}`, { token: owner, body: { disabled: false } });
    expect((await login('builder@example.com', 'user-password-1')).status).toBe(200);
    // The API token was not revoked, only paused.
    expect((await srv.api('GET', '/api/auth/me', { token: apiToken })).status).toBe(200);
  });

  it('never leaves nobody in charge: the last admin cannot be demoted, switched off or removed', async () => {
    const owner = await srv.owner();
    const ownerId = await idOf('owner@example.com');
    const demote = await srv.api<ErrorBody>('PATCH', `/api/users/${ownerId}`, {
      token: owner,
      body: { role: 'builder' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last admin/);
    expect(
      (await srv.api('PATCH', `/api/users/${ownerId}`, { token: owner, body: { disabled: true } }))
        .status,
    ).toBe(409);
    expect((await srv.api('DELETE', `/api/users/${ownerId}`, { token: owner })).status).toBe(409);

    // With a second admin, the second admin can demote and remove the owner.
    const second = await srv.user('second@example.com', 'admin');
    // A switched-off admin does not count as one who can still act.
    const secondId = await idOf('second@example.com');
    await srv.api('PATCH', `/api/users/${secondId}`, { token: owner, body: { disabled: true } });
    expect(
      (await srv.api('PATCH', `/api/users/${ownerId}`, { token: owner, body: { role: 'builder' } }))
        .status,
    ).toBe(409);
    await srv.api<User>('PATCH', `/api/users/${secondId}`, {
      token: owner,
      body: { disabled: false },
    });
    const secondAgain = (await login('second@example.com', 'user-password-1')).body.token;
    expect(second).not.toBe(secondAgain);
    const demoted = await srv.api<User>('PATCH', `/api/users/${ownerId}`, {
      token: secondAgain,
      body: { role: 'builder' },
    });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('builder');
    // And the second admin, now the only one, is protected in turn.
    expect(
      (
        await srv.api('PATCH', `/api/users/${secondId}`, {
          token: secondAgain,
          body: { role: 'builder' },
        })
      ).status,
    ).toBe(409);
  });

  it('removes a user: no login, personal authentications gone, workflows kept and given to another', async () => {
    const owner = await srv.owner();
    const builder = await srv.user('builder@example.com');
    const id = await idOf('builder@example.com');
    const personal = await srv.api<Authentication>('POST', '/api/authentications', {
      token: builder,
      body: { name: 'mine', connector: 'test', scope: 'personal', fields: { key: 'k' } },
    });
    const org = await srv.api<Authentication>('POST', '/api/authentications', {
      token: builder,
      body: { name: 'shared', connector: 'test', scope: 'organisational', fields: { key: 'k' } },
    });
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token: builder,
      body: testWorkflow('Theirs', [
        { id: 'a', connector: 'test', operation: 'whoami', auth: personal.body.id, input: {} },
      ]),
    });
    expect(wf.status).toBe(201);

    expect((await srv.api('DELETE', `/api/users/${id}`, { token: owner })).status).toBe(204);
    expect((await srv.api('GET', '/api/auth/me', { token: builder })).status).toBe(401);
    expect((await login('builder@example.com', 'user-password-1')).status).toBe(401);
    expect(
      (await srv.api<User[]>('GET', '/api/users', { token: owner })).body.map(
        (u: { email: string }) => u.email,
      ),
    ).toEqual(['owner@example.com']);
    expect((await srv.api('DELETE', `/api/users/${id}`, { token: owner })).status).toBe(404);
    const auths = (await srv.api('GET', '/api/authentications', { token: owner })).body as {
      id: string;
    }[];
    expect(auths.map((a) => a.id)).toEqual([org.body.id]);

    // The workflow stays, shows its owner as removed, and an admin gives it to someone else.
    const list = (await srv.api('GET', '/api/workflows', { token: owner })).body as {
      id: string;
      ownerId: string;
      ownerEmail: string | null;
    }[];
    expect(list).toEqual([
      expect.objectContaining({ id: wf.body.id, ownerId: id, ownerEmail: null }),
    ]);
    const ownerId = await idOf('owner@example.com');
    const moved = await srv.api<Workflow>('PATCH', `/api/workflows/${wf.body.id}`, {
      token: owner,
      body: { ownerId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.ownerId).toBe(ownerId);

    // The email can be used again for a new account.
    const again = await srv.api<User>('POST', '/api/users', {
      token: owner,
      body: { email: 'builder@example.com', password: 'user-password-2', role: 'builder' },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
  });

  it('refuses to switch off or remove oneself', async () => {
    const owner = await srv.owner();
    await srv.user('second@example.com', 'admin');
    const ownerId = await idOf('owner@example.com');
    expect(
      (await srv.api('PATCH', `/api/users/${ownerId}`, { token: owner, body: { disabled: true } }))
        .status,
    ).toBe(409);
    expect((await srv.api('DELETE', `/api/users/${ownerId}`, { token: owner })).status).toBe(409);
  });

  it('lets an admin reset a password: the user signs in with the new one, their sessions end', async () => {
    const owner = await srv.owner();
    const builder = await srv.user('builder@example.com');
    const id = await idOf('builder@example.com');
    const reset = await srv.api('PATCH', `/api/users/${id}`, {
      token: owner,
      body: { password: 'reset-by-admin-1' },
    });
    expect(reset.status).toBe(200);
    expect(JSON.stringify(reset.body)).not.toContain('reset-by-admin');
    expect((await srv.api('GET', '/api/auth/me', { token: builder })).status).toBe(401);
    expect((await login('builder@example.com', 'user-password-1')).status).toBe(401);
    expect((await login('builder@example.com', 'reset-by-admin-1')).status).toBe(200);
    // The admin's own session is untouched.
    expect((await srv.api('GET', '/api/auth/me', { token: owner })).status).toBe(200);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, then ends the other sessions and keeps this one', async () => {
    await srv.owner();
    const builder = await srv.user('builder@example.com');
    const other = (await login('builder@example.com', 'user-password-1')).body.token;

    const wrong = await srv.api<InvalidBody>('POST', '/api/auth/password', {
      token: builder,
      body: { currentPassword: 'not-it-at-all', newPassword: 'brand-new-password-1' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues).toEqual([
      { path: 'currentPassword', message: 'This is not your current password' },
    ]);
    const same = await srv.api<InvalidBody>('POST', '/api/auth/password', {
      token: builder,
      body: { currentPassword: 'user-password-1', newPassword: 'user-password-1' },
    });
    expect(same.status).toBe(400);
    expect(same.body.error.issues[0].path).toBe('newPassword');
    const short = await srv.api<InvalidBody>('POST', '/api/auth/password', {
      token: builder,
      body: { currentPassword: 'user-password-1', newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.issues[0].path).toBe('newPassword');

    const ok = await srv.api('POST', '/api/auth/password', {
      token: builder,
      body: { currentPassword: 'user-password-1', newPassword: 'brand-new-password-1' },
    });
    expect(ok.status).toBe(200);
    expect((await srv.api('GET', '/api/auth/me', { token: builder })).status).toBe(200);
    expect((await srv.api('GET', '/api/auth/me', { token: other })).status).toBe(401);
    expect((await login('builder@example.com', 'user-password-1')).status).toBe(401);
    expect((await login('builder@example.com', 'brand-new-password-1')).status).toBe(200);
  });

  it('stops guessing the current password through a session after 10 wrong tries', async () => {
    await srv.owner();
    const builder = await srv.user('builder@example.com');
    const attempt = (currentPassword: string) =>
      srv.api('POST', '/api/auth/password', {
        token: builder,
        body: { currentPassword, newPassword: 'brand-new-password-1' },
      });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess number ${i}`)).status).toBe(400);
    const limited = await attempt('user-password-1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Nothing changed: the old password still signs in.
    expect((await login('builder@example.com', 'user-password-1')).status).toBe(200);
  });

  it('needs a login', async () => {
    const res = await srv.api('POST', '/api/auth/password', {
      body: { currentPassword: 'x', newPassword: 'brand-new-password-1' },
    });
    expect(res.status).toBe(401);
  });
});
