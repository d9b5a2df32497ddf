// POST /api/choices (docs/api.md, "Dynamic choices"): the values a field offers, listed by
// the operation its declaration names, with the step's authentication.
import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../http/auth-middleware.js';
import { parseBody } from '../http/validate.js';
import type { Choices } from './list-choices.js';

const body = z
  .object({
    connector: z.string().min(1, "Name the step's connector"),
    operation: z.string().min(1, "Name the step's operation"),
    field: z.string().min(1, 'Name the field whose choices to list'),
    auth: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]).optional(),
    input: z.record(z.string(), z.unknown(), "Send the step's input as an object").optional(),
    refresh: z.boolean().optional(),
  })
  .strict();

export function choicesRoutes(choices: Choices): Router {
  const router = Router();
  router.use(requireUser);
  router.post('/', async (req, res) => {
    res.json(await choices.list(parseBody(body, req.body), currentUser(res)));
  });
  return router;
}
