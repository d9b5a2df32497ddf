// /api/authentications: connector credentials. The fields go in and never come out.
import { Router } from 'express';
import { z } from 'zod';
import type { AuthenticationService } from '../services/authentication-service.js';
import type { AuthUse } from '../services/auth-usage.js';
import { currentUser, requireUser } from './auth-middleware.js';
import { parseBody, parseQuery } from './validate.js';
import type { AuthenticationRow } from '../../wire/index.js';

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
const updateBody = z
  .object({
    name: z.string().trim().min(1, 'Give the authentication a name').max(200).optional(),
    fields: z.record(z.string(), z.unknown(), 'Send the fields to replace as an object').optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.fields !== undefined, 'Send name or fields');
const listQuery = z.object({ connector: z.string().min(1).optional() }).strict();

export interface AuthenticationsRoutesDeps {
  /** Workflows using each authentication, by id (listed with it). */
  usage: () => Map<string, AuthUse[]>;
  /** Email by user id (null once removed): who created each authentication. */
  emails: () => Map<string, string | null>;
}

export function authenticationsRoutes(
  auths: AuthenticationService,
  deps: AuthenticationsRoutesDeps,
): Router {
  const router = Router();
  router.use(requireUser);

  router.post('/', (req, res) => {
    const body = parseBody(createBody, req.body);
    res.status(201).json(auths.create(body, currentUser(res)));
  });

  router.get('/', (req, res) => {
    const query = parseQuery(listQuery, req.query);
    const list = auths.list(currentUser(res), query.connector);
    const usage = deps.usage();
    const emails = deps.emails();
    const rows: AuthenticationRow[] = list.map((a) => ({
      ...a,
      createdByEmail: emails.get(a.createdBy) ?? null,
      usedBy: usage.get(a.id) ?? [],
    }));
    res.json(rows);
  });

  router.patch('/:id', (req, res) => {
    const body = parseBody(updateBody, req.body);
    res.json(auths.update(req.params.id, body, currentUser(res)));
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
