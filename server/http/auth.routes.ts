// /api/auth: owner setup, login, logout, who am I, API tokens.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AccountService } from '../services/account-service.js';
import { SESSION_DAYS, type UserService } from '../services/user-service.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../services/password-policy.js';
import { currentUser, requireUser, SESSION_COOKIE, tokenFrom } from './auth-middleware.js';
import { parseBody } from './validate.js';

const email = z.email('Enter a valid email address').max(254);
// Length here so it is named beside the other fields; the common-password check is the
// service's (services/password-policy.ts), so every way of setting a password gets it.
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `A password can have at most ${MAX_PASSWORD_LENGTH} characters`);
const setupBody = z.object({ email, password: newPassword }).strict();
const loginBody = z
  .object({ email, password: z.string().min(1, 'Enter your password').max(200) })
  .strict();
const passwordBody = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200),
    newPassword,
  })
  .strict();
const tokenBody = z
  .object({
    name: z.string().trim().min(1, 'Give the token a name').max(100),
    // Default 90 days (TOKEN_DAYS); null: the token never ends (revoke it by hand).
    expiresInDays: z
      .number('expiresInDays is a number of days, or null for no end')
      .int('expiresInDays is a whole number of days')
      .min(1, 'expiresInDays is at least 1')
      .max(3650, 'expiresInDays can be at most 3650 (ten years)')
      .nullable()
      .optional(),
  })
  .strict();

function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_DAYS * 24 * 60 * 60 * 1000,
  });
}

export function authRoutes(users: UserService, accounts: AccountService): Router {
  const router = Router();

  // Not in API.md: lets the editor decide between the setup and the login screen.
  router.get('/setup', (_req, res) => {
    res.json({ needsSetup: users.needsSetup() });
  });

  router.post('/setup', async (req, res) => {
    const body = parseBody(setupBody, req.body);
    const result = await users.setup(body.email, body.password);
    setSessionCookie(req, res, result.token);
    res.status(201).json(result);
  });

  router.post('/login', async (req, res) => {
    const body = parseBody(loginBody, req.body);
    const result = await users.login(body.email, body.password, req.ip ?? 'unknown');
    setSessionCookie(req, res, result.token);
    res.json(result);
  });

  router.post('/logout', (req, res) => {
    const token = tokenFrom(req);
    if (token) users.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  router.get('/me', requireUser, (_req, res) => {
    res.json({ user: currentUser(res) });
  });

  // Not for API tokens' sake only: a changed password ends every other session of the user.
  router.post('/password', requireUser, async (req, res) => {
    const body = parseBody(passwordBody, req.body);
    await accounts.changeOwnPassword(
      currentUser(res),
      body.currentPassword,
      body.newPassword,
      tokenFrom(req),
    );
    res.json({ ok: true });
  });

  router.post('/tokens', requireUser, (req, res) => {
    const body = parseBody(tokenBody, req.body);
    res.status(201).json(users.createToken(currentUser(res).id, body.name, body.expiresInDays));
  });

  router.get('/tokens', requireUser, (_req, res) => {
    res.json(
      users
        .listTokens(currentUser(res).id)
        .map(({ id, name, createdAt, lastUsedAt, expiresAt }) => ({
          id,
          name,
          createdAt,
          lastUsedAt,
          expiresAt,
        })),
    );
  });

  router.delete('/tokens/:id', requireUser, (req, res) => {
    users.revokeToken(currentUser(res).id, String(req.params.id));
    res.status(204).end();
  });

  return router;
}

export const userBody = z
  .object({ email, password: newPassword, role: z.enum(['admin', 'builder']) })
  .strict();
