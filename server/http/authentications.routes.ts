// /api/authentications: connector credentials. The fields go in and never come out.
import { Router } from 'express';
import { z } from 'zod';
import type { AuthenticationService } from '../services/authentication-service.js';
import { currentUser, requireUser } from './auth-middleware.js';
import { parseBody, parseQuery } from './validate.js';

const createBody = z
  .object({
    name: z.string().trim().min(1, 'Give the authentication a name').max(200),
    connector: z.string().min(1, 'Name the connector, e.g. "slack"'),
    scope: z
      .enum(['personal', 'organisational'], 'Use "personal" or "organisational"')
      .default('personal'),
    fields: z.record(z.string(), z.unknown(), 'Send the fields as an object'),
  })
  .strict();
const listQuery = z.object({ connector: z.string().min(1).optional() }).strict();

export function authenticationsRoutes(auths: AuthenticationService): Router {
  const router = Router();
  router.use(requireUser);

  router.post('/', (req, res) => {
    const body = parseBody(createBody, req.body);
    res.status(201).json(auths.create(body, currentUser(res)));
  });

  router.get('/', (req, res) => {
    const query = parseQuery(listQuery, req.query);
    res.json(auths.list(currentUser(res), query.connector));
  });

  router.delete('/:id', (req, res) => {
    auths.delete(req.params.id, currentUser(res));
    res.status(204).end();
  });

  router.post('/:id/test', async (req, res) => {
    res.json(await auths.test(req.params.id, currentUser(res)));
  });

  return router;
}
