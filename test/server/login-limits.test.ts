// Login limits that hold: per account and per address, in SQLite (no flood of other names
// erases a lock), X-Forwarded-For believed only from the configured proxy hop, and an
// account locked by someone else's guesses still reachable through its API tokens.
import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../server/config.js';
import { openStore } from '../../server/db/store.js';
import { addressKey, createLoginLimits } from '../../server/services/login-limits.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { ErrorBody } from './helpers/api-types.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const OWNER = { email: 'owner@example.com', password: 'owner-password-1' };
const login = (
  s: TestServer,
  password: string,
  headers: Record<string, string> = {},
  email = OWNER.email,
) => s.api<ErrorBody>('POST', '/api/auth/login', { body: { email, password }, headers });

describe('behind a proxy (STEPWISE_TRUST_PROXY=1)', () => {
  it('does not let X-Forwarded-For values of the client escape the limit', async () => {
    srv = await startTestServer({ trustProxy: 1 });
    await srv.owner();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      // The client made up the first entry; the proxy appended the address it saw.
      const res = await login(srv, `wrong-${i}`, { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    const right = await login(srv, OWNER.password, {
      'x-forwarded-for': '10.200.0.1, 198.51.100.9',
    });
    expect(right.status).toBe(429);
    expect(right.body.error.message).toMatch(/API tokens still work/);
    // The address counted is the one the proxy saw, not any the client wrote.
    const rows = srv.services.store.db
      .prepare("SELECT key FROM login_limits WHERE key LIKE 'address:%'")
      .pluck()
      .all();
    expect(rows).toEqual(['address:203.0.113.7']);
  });

  it('refuses "trust everything" and reads hops or proxy addresses', () => {
    expect(() => parseTrustProxy('true')).toThrow(/number of proxy hops/);
    expect(() => parseTrustProxy('all')).toThrow(/number of proxy hops/);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.5, 172.16.0.0/12,loopback')).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      'loopback',
    ]);
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(() => parseTrustProxy('proxy.example.com')).toThrow(/not an IP address/);
  });
});

describe('per address, across emails', () => {
  it('stops an address that guesses many emails', async () => {
    srv = await startTestServer({ loginLimit: { max: 10, windowMs: 60_000, addressMax: 8 } });
    await srv.owner();
    for (let i = 0; i < 8; i++)
      expect((await login(srv, 'nope-nope-nope', {}, `person${i}@example.com`)).status).toBe(401);
    const next = await login(srv, 'nope-nope-nope', {}, 'someone-new@example.com');
    expect(next.status).toBe(429);
    expect(next.body.error.message).toMatch(/from your address/);
  });
});

describe('no flood erases a lock', () => {
  it('keeps an account locked after 20,000 failures on other names', async () => {
    srv = await startTestServer({ loginLimit: { max: 3, windowMs: 60_000 } });
    await srv.owner();
    for (let i = 0; i < 3; i++) expect((await login(srv, 'wrong-password')).status).toBe(401);
    expect((await login(srv, OWNER.password)).status).toBe(429);
    // The flood, straight into the same counters (an HTTP flood would spend an scrypt per try).
    const limits = createLoginLimits(srv.services.store.loginLimits, Date.now, {
      accountMax: 3,
      windowMs: 60_000,
    });
    const flood = srv.services.store.db.transaction(() => {
      for (let i = 0; i < 20_000; i++)
        limits.failed(`x${i}@example.com`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    });
    flood();
    expect((await login(srv, OWNER.password)).status).toBe(429);
  });

  it('keeps counting across a restart (the counters are in SQLite)', () => {
    const dir = tempDir('stepwise-limits-');
    try {
      let at = 1_000_000;
      const first = openStore(`${dir.path}/stepwise.db`);
      const a = createLoginLimits(first.loginLimits, () => at, { accountMax: 2 });
      a.failed('jo@example.com', '192.0.2.1');
      a.failed('jo@example.com', '192.0.2.1');
      first.db.close();
      const second = openStore(`${dir.path}/stepwise.db`);
      const b = createLoginLimits(second.loginLimits, () => at, { accountMax: 2 });
      expect(() => b.check('jo@example.com', '192.0.2.2')).toThrow(/try again in 1 minute/);
      at += 61_000;
      expect(() => b.check('jo@example.com', '192.0.2.2')).not.toThrow();
      second.db.close();
    } finally {
      dir.remove();
    }
  });
});

describe('a lock by others', () => {
  it('is short, backs off, and leaves API tokens and open sessions working', async () => {
    srv = await startTestServer({ loginLimit: { max: 3, windowMs: 60_000 } });
    const session = await srv.owner();
    const apiToken = (
      await srv.api<{ token: string }>('POST', '/api/auth/tokens', {
        token: session,
        body: { name: 'script' },
      })
    ).body.token;
    for (let i = 0; i < 3; i++) await login(srv, 'attacker-guess');
    const locked = await login(srv, OWNER.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await srv.api('GET', '/api/workflows', { token: apiToken })).status).toBe(200);
    expect((await srv.api('GET', '/api/auth/me', { token: session })).status).toBe(200);
  });

  it('doubles with each failure after a lock, up to 15 minutes, and a success clears it', () => {
    const dir = tempDir('stepwise-limits-');
    const store = openStore(`${dir.path}/stepwise.db`);
    try {
      let at = 5_000_000;
      const limits = createLoginLimits(store.loginLimits, () => at, { accountMax: 2 });
      const wait = () => {
        try {
          limits.check('jo@example.com', '192.0.2.50');
          return 0;
        } catch (err) {
          return Number((err as { headers: Record<string, string> }).headers['Retry-After']);
        }
      };
      limits.failed('jo@example.com', '192.0.2.1');
      limits.failed('jo@example.com', '192.0.2.2');
      expect(wait()).toBe(60);
      const seen = [];
      for (let i = 0; i < 6; i++) {
        at += wait() * 1000;
        limits.failed('jo@example.com', `192.0.2.${10 + i}`);
        seen.push(wait());
      }
      expect(seen).toEqual([120, 240, 480, 900, 900, 900]);
      at += 900_000;
      limits.succeeded('jo@example.com');
      limits.failed('jo@example.com', '192.0.2.1');
      expect(wait()).toBe(0);
    } finally {
      store.db.close();
      dir.remove();
    }
  });

  it('counts IPv6 clients by their /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:1:2:3')).toBe('address:2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.4')).toBe('address:192.0.2.4');
    expect(addressKey('192.0.2.4')).toBe('address:192.0.2.4');
  });
});
