// /api/workflows: documents and their versions.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { WorkflowJson, WorkflowService } from '../services/workflow-service.js';
import type { RunService } from '../services/run-service.js';
import { currentUser, requireUser } from './auth-middleware.js';
import { parseBody, parseQuery } from './validate.js';
import { ApiError } from '../errors.js';

const documentBody = z.record(
  z.string(),
  z.unknown(),
  'Send the workflow document as a JSON object',
);
const updateBody = z.looseObject({
  baseVersion: z.number('Send baseVersion: the version you edited').int().min(1),
});
const patchBody = z
  .object({
    enabled: z.boolean('Send enabled: true or false').optional(),
    ownerId: z.string().min(1, 'Name the user who will own it').optional(),
  })
  .strict()
  .refine((b) => b.enabled !== undefined || b.ownerId !== undefined, 'Send enabled or ownerId');
// ?enabled=0 creates the workflow switched off; an import is switched off unless ?enabled=1.
const createQuery = z
  .object({
    enabled: z
      .enum(['1', 'true', '0', 'false'], 'Use 1 or 0')
      .transform((v) => v === '1' || v === 'true')
      .optional(),
  })
  .strict();

export function origin(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/** The API answer: the stored webhook path becomes the full URL the service must call. */
function present(req: Request, wf: WorkflowJson): Record<string, unknown> {
  const { webhookPath, ...rest } = wf;
  return webhookPath ? { ...rest, webhookUrl: origin(req) + webhookPath } : rest;
}

function versionParam(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ApiError('VALIDATION', 'The version must be a whole number from 1', [
      { path: 'version', message: `"${value}" is not a version number` },
    ]);
  return n;
}

export function workflowsRoutes(workflows: WorkflowService, runs: RunService): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', (_req, res) => {
    res.json(workflows.list());
  });

  router.post('/', (req, res) => {
    const { enabled } = parseQuery(createQuery, req.query);
    const body = parseBody(documentBody, req.body);
    res.status(201).json(present(req, workflows.create(body, currentUser(res), { enabled })));
  });

  router.post('/import', (req, res) => {
    const { enabled } = parseQuery(createQuery, req.query);
    const body = parseBody(documentBody, req.body);
    res
      .status(201)
      .json(present(req, workflows.create(body, currentUser(res), { enabled: enabled ?? false })));
  });

  router.get('/export/:id', (req, res) => {
    const doc = workflows.export(req.params.id);
    const file =
      String(doc.name ?? 'workflow')
        .replace(/[^A-Za-z0-9 _-]+/g, '')
        .trim()
        .replace(/\s+/g, '-') || 'workflow';
    res.setHeader('Content-Disposition', `attachment; filename="${file}.json"`);
    res.json(doc);
  });

  router.get('/:id', (req, res) => {
    res.json(present(req, workflows.get(req.params.id)));
  });

  router.put('/:id', (req, res) => {
    const body = parseBody(updateBody, req.body);
    const { baseVersion, ...doc } = body;
    res.json(present(req, workflows.update(req.params.id, doc, baseVersion, currentUser(res))));
  });

  router.patch('/:id', (req, res) => {
    const body = parseBody(patchBody, req.body);
    if (body.ownerId !== undefined && currentUser(res).role !== 'admin')
      throw new ApiError('FORBIDDEN', 'Only an admin can give a workflow to another user');
    let answer: WorkflowJson | undefined;
    if (body.ownerId !== undefined) answer = workflows.setOwner(req.params.id, body.ownerId);
    if (body.enabled !== undefined) answer = workflows.setEnabled(req.params.id, body.enabled);
    res.json(present(req, answer ?? workflows.get(req.params.id)));
  });

  router.delete('/:id', (req, res) => {
    workflows.delete(req.params.id);
    res.status(204).end();
  });

  router.get('/:id/versions', (req, res) => {
    res.json(workflows.versions(req.params.id));
  });

  router.get('/:id/versions/:n', (req, res) => {
    res.json(present(req, workflows.version(req.params.id, versionParam(req.params.n))));
  });

  router.post('/:id/validate', async (req, res) => {
    res.json({ problems: await runs.validateWithServices(req.params.id) });
  });

  router.post('/:id/webhook-token', (req, res) => {
    res.json({ webhookUrl: origin(req) + workflows.rotateWebhookToken(req.params.id) });
  });

  return router;
}
