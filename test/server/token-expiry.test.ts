// API tokens end: 90 days by default, a chosen number of days, or never when asked; an
// expired token is a 401 like a revoked one; the list shows when each was last used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../../server/services/passwords.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { ApiToken, InvalidBody, Me } from './helpers/api-types.js';

let srv: TestServer;
let owner: string;
beforeAll(async () => {
  srv = await startTestServer();
  owner = await srv.owner();
});
afterAll(async () => {
  await srv.close();
});

const DAY = 24 * 60 * 60 * 1000;

describe('API token expiry', () => {
  it('gives a new token 90 days unless told otherwise', async () => {
    const before = Date.now();
    const res = await srv.api<ApiToken & { token: string }>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'ci' },
    });
    expect(res.status).toBe(201);
    const ends = Date.parse(res.body.expiresAt ?? '');
    expect(ends).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(ends).toBeLessThanOrEqual(Date.now() + 90 * DAY);
  });

  it('takes a number of days, or null for no end', async () => {
    const week = await srv.api<ApiToken & { token: string }>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'a week', expiresInDays: 7 },
    });
    expect(Date.parse(week.body.expiresAt ?? '') - Date.parse(week.body.createdAt)).toBe(7 * DAY);
    const forever = await srv.api<ApiToken & { token: string }>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'forever', expiresInDays: null },
    });
    expect(forever.body.expiresAt).toBeNull();
    const bad = await srv.api<InvalidBody>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'bad', expiresInDays: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('expiresInDays');
  });

  it('refuses an expired token and lists expiry and last use', async () => {
    const me = (await srv.api<Me>('GET', '/api/auth/me', { token: owner })).body.user;
    const expired = newToken();
    srv.services.store.users.insertToken(
      'tok_expired',
      hashToken(expired),
      me.id,
      'old',
      new Date(Date.now() - 100 * DAY).toISOString(),
      new Date(Date.now() - DAY).toISOString(),
    );
    expect((await srv.api('GET', '/api/workflows', { token: expired })).status).toBe(401);

    const fresh = await srv.api<ApiToken & { token: string }>('POST', '/api/auth/tokens', {
      token: owner,
      body: { name: 'used' },
    });
    expect((await srv.api('GET', '/api/workflows', { token: fresh.body.token })).status).toBe(200);
    const list = await srv.api<ApiToken[]>('GET', '/api/auth/tokens', { token: owner });
    const used = list.body.find((t: { name: string }) => t.name === 'used');
    expect(used?.lastUsedAt).not.toBeNull();
    expect(used?.expiresAt).toBe(fresh.body.expiresAt);
    const old = list.body.find((t: { name: string }) => t.name === 'old');
    expect(old?.lastUsedAt).toBeNull();
  });
});
