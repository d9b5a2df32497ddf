// /api/users: admins add and list users.
import { Router } from 'express';
import type { UserService } from '../services/user-service.js';
import { requireAdmin, requireUser } from './auth-middleware.js';
import { userBody } from './auth.routes.js';
import { parseBody } from './validate.js';

export function usersRoutes(users: UserService): Router {
  const router = Router();
  router.use(requireUser, requireAdmin);

  router.post('/', async (req, res) => {
    const body = parseBody(userBody, req.body);
    res.status(201).json(await users.createUser(body.email, body.password, body.role));
  });

  router.get('/', (_req, res) => {
    res.json(users.listUsers());
  });

  return router;
}
