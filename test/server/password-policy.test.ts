// Passwords: at least 12 characters and not a common one (zxcvbn-ts), wherever one is set.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../server/services/password-policy.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { InvalidBody } from './helpers/api-types.js';

let srv: TestServer;
beforeEach(async () => {
  srv = await startTestServer();
});
afterEach(async () => {
  await srv.close();
});

describe('password policy', () => {
  it('refuses 12345678 at setup, naming the field', async () => {
    const res = await srv.api<InvalidBody>('POST', '/api/auth/setup', {
      body: { email: 'owner@example.com', password: '12345678' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { path: 'password', message: 'A password needs at least 12 characters' },
    ]);
    expect(srv.services.store.users.count()).toBe(0);
  });

  it('refuses common passwords of 12 characters or more', async () => {
    for (const password of ['123456789012', 'passwordpassword', 'qwertyuiopas', 'iloveyou1234']) {
      const res = await srv.api<InvalidBody>('POST', '/api/auth/setup', {
        body: { email: 'owner@example.com', password },
      });
      expect(res.status, password).toBe(400);
      expect(res.body.error.issues[0].path).toBe('password');
      expect(res.body.error.issues[0].message).toMatch(/too easy to guess/);
    }
    expect(srv.services.store.users.count()).toBe(0);
  });

  it('refuses a password built from the email, for a new user too', async () => {
    const owner = await srv.owner();
    const res = await srv.api<InvalidBody>('POST', '/api/users', {
      token: owner,
      body: { email: 'janedoe@acme.com', password: 'janedoe@acme.com', role: 'builder' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('password');
  });

  it('accepts a long phrase', async () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('owner-password-1', ['owner@example.com'])).toBeNull();
    const owner = await srv.owner();
    const res = await srv.api('POST', '/api/users', {
      token: owner,
      body: { email: 'b@example.com', password: 'violet kettle morning', role: 'builder' },
    });
    expect(res.status).toBe(201);
  });
});
