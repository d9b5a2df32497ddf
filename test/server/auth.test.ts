import { describe, expect, it } from 'vitest';
import { useTestServer } from './helpers/test-server.js';
import type { ApiToken, ErrorBody, InvalidBody, Me, Session, User } from './helpers/api-types.js';

// No owner yet: these tests set one up.
const srv = useTestServer({ each: true, signIn: false, loginLimit: { max: 3, windowMs: 60_000 } });

describe('owner setup', () => {
  it('creates the first user as an admin once, then answers 409', async () => {
    expect((await srv.api('GET', '/api/auth/setup')).body).toEqual({ needsSetup: true });
    const first = await srv.api<Session>('POST', '/api/auth/setup', {
      body: { email: 'Owner@Example.com', password: 'long-enough-1' },
    });
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: 'Owner@Example.com', role: 'admin' });
    expect(first.body.user).not.toHaveProperty('passwordHash');
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await srv.api<ErrorBody>('POST', '/api/auth/setup', {
      body: { email: 'other@example.com', password: 'long-enough-1' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect((await srv.api('GET', '/api/auth/setup')).body).toEqual({ needsSetup: false });
  });

  it('names each bad field of the setup body', async () => {
    const res = await srv.api<InvalidBody>('POST', '/api/auth/setup', {
      body: { email: 'not-an-email', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues).toEqual([
      { path: 'email', message: 'Enter a valid email address' },
      { path: 'password', message: 'A password needs at least 12 characters' },
    ]);
  });
});

describe('body problems in plain words', () => {
  it('says "Required" for a missing field and names a wrong type, as API.md shows', async () => {
    await srv.owner();
    const res = await srv.api<InvalidBody>('POST', '/api/auth/login', {
      body: { email: 'owner@example.com', password: 42 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'password', message: 'Expected text, got a whole number' },
    ]);
    const missing = await srv.api<InvalidBody>('POST', '/api/auth/login', {
      body: { email: 'owner@example.com' },
    });
    expect(missing.body.error.issues).toEqual([{ path: 'password', message: 'Required' }]);
  });
});

describe('login and sessions', () => {
  it('sets an httpOnly SameSite session cookie that works until logout', async () => {
    await srv.owner();
    const login = await srv.api<Session>('POST', '/api/auth/login', {
      body: { email: 'owner@example.com', password: 'owner-password-1' },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^stepwise_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=2592000');
    const session = cookie.split(';')[0];

    const me = await srv.api<Me>('GET', '/api/auth/me', { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('owner@example.com');
    expect((await srv.api('GET', '/api/auth/me', { token: login.body.token })).status).toBe(200);

    expect(
      (
        await srv.api('POST', '/api/auth/logout', {
          headers: { cookie: session, 'x-stepwise-request': '1' },
        })
      ).status,
    ).toBe(200);
    const after = await srv.api<ErrorBody>('GET', '/api/auth/me', { headers: { cookie: session } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('stores only a hash of the session token', async () => {
    const token = await srv.owner();
    const rows = srv.services.store.db
      .prepare('SELECT token_hash FROM sessions')
      .pluck()
      .all() as string[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]).not.toContain(token);
  });

  it('answers 401 on a wrong password and 429 after too many attempts', async () => {
    await srv.owner();
    for (let i = 0; i < 3; i++) {
      const wrong = await srv.api<ErrorBody>('POST', '/api/auth/login', {
        body: { email: 'owner@example.com', password: 'wrong-password' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'Wrong email or password',
      });
    }
    const limited = await srv.api<ErrorBody>('POST', '/api/auth/login', {
      body: { email: 'owner@example.com', password: 'owner-password-1' },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 401 for API calls without a token', async () => {
    const res = await srv.api<ErrorBody>('GET', '/api/workflows');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('API tokens', () => {
  it('shows a token once, stores it hashed, and stops accepting it when revoked', async () => {
    const owner = await srv.owner();
    const created = await srv.api<ApiToken & { token: string }>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'deploy script' },
    });
    expect(created.status).toBe(201);
    const apiToken = created.body.token;
    expect((await srv.api('GET', '/api/workflows', { token: apiToken })).status).toBe(200);

    const list = await srv.api<ApiToken[]>('GET', '/api/auth/tokens', { token: owner });
    expect(list.body).toHaveLength(1);
    expect(list.body[0].name).toBe('deploy script');
    expect(list.body[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(apiToken);
    const stored = srv.services.store.db
      .prepare('SELECT token_hash FROM api_tokens')
      .pluck()
      .get() as string;
    expect(stored).not.toBe(apiToken);

    expect(
      (await srv.api('DELETE', `/api/auth/tokens/${created.body.id}`, { token: owner })).status,
    ).toBe(204);
    expect((await srv.api('GET', '/api/workflows', { token: apiToken })).status).toBe(401);
    expect(
      (await srv.api('DELETE', `/api/auth/tokens/${created.body.id}`, { token: owner })).status,
    ).toBe(404);
  });

  it('needs a name', async () => {
    const res = await srv.api<InvalidBody>('POST', '/api/auth/tokens', {
      token: await srv.owner(),
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('name');
  });
});

describe('users', () => {
  it('lets an admin add users and refuses builders', async () => {
    const owner = await srv.owner();
    const builder = await srv.user('builder@example.com');
    const me = await srv.api<Me>('GET', '/api/auth/me', { token: builder });
    expect(me.body.user.role).toBe('builder');
    const refused = await srv.api<ErrorBody>('POST', '/api/users', {
      token: builder,
      body: { email: 'x@example.com', password: 'password-123', role: 'admin' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const dup = await srv.api('POST', '/api/users', {
      token: owner,
      body: { email: 'BUILDER@example.com', password: 'password-123', role: 'builder' },
    });
    expect(dup.status).toBe(409);
    const bad = await srv.api<InvalidBody>('POST', '/api/users', {
      token: owner,
      body: { email: 'y@example.com', password: 'password-123', role: 'boss' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('role');
    const users = await srv.api<User[]>('GET', '/api/users', { token: owner });
    expect(users.body.map((u) => u.email)).toEqual(['owner@example.com', 'builder@example.com']);
  });

  it('hashes passwords with scrypt', async () => {
    await srv.owner();
    const hash = srv.services.store.db
      .prepare('SELECT password_hash FROM users')
      .pluck()
      .get() as string;
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('owner-password-1');
  });
});
