// /api/users: admins add, list, change (role, switched off, a new password) and remove users.
import { Router } from 'express';
import { z } from 'zod';
import type { AccountService } from '../services/account-service.js';
import type { UserService } from '../services/user-service.js';
import { currentUser, requireAdmin, requireUser, tokenFrom } from './auth-middleware.js';
import { newPassword, userBody } from './auth.routes.js';
import { parseBody } from './validate.js';

const changeBody = z
  .object({
    role: z.enum(['admin', 'builder'], 'Use "admin" or "builder"').optional(),
    disabled: z.boolean('Send disabled: true or false').optional(),
    password: newPassword.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one of role, disabled, password');

export function usersRoutes(users: UserService, accounts: AccountService): Router {
  const router = Router();
  router.use(requireUser, requireAdmin);

  router.post('/', async (req, res) => {
    const body = parseBody(userBody, req.body);
    res.status(201).json(await users.createUser(body.email, body.password, body.role));
  });

  router.get('/', (_req, res) => {
    res.json(users.listUsers());
  });

  router.patch('/:id', async (req, res) => {
    const body = parseBody(changeBody, req.body);
    res.json(await accounts.update(currentUser(res), req.params.id, body, tokenFrom(req)));
  });

  router.delete('/:id', (req, res) => {
    accounts.remove(currentUser(res), req.params.id);
    res.status(204).end();
  });

  return router;
}
