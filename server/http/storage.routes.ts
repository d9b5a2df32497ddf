// /api/storage (admins only): the storage connector's values, to see what workflows remember
// and to forget a value (an account to alert again). GET lists a scope's keys by prefix, or
// answers one key in full; DELETE forgets one key. Values are shown as stored: the storage
// connector is no place for secrets (docs/helpers.md).
import { Router } from 'express';
import { z } from 'zod';
import { MAX_STORAGE_KEY_LENGTH, STORAGE_SCOPES, type StorageScope } from '../../engine/index.js';
import type { StorageRepo } from '../db/storage-repo.js';
import { ApiError, invalid } from '../errors.js';
import { requireAdmin, requireUser } from './auth-middleware.js';
import { parseQuery } from './validate.js';

/** A value longer than this is left out of the list (ask for its key to see it). */
const PREVIEW_BYTES = 4096;

const where = {
  scope: z.enum(STORAGE_SCOPES, 'Use "run", "workflow" or "account"'),
  workflowId: z.string().min(1).optional(),
  runId: z.string().min(1).optional(),
};

const listQuery = z
  .object({
    ...where,
    prefix: z.string().max(MAX_STORAGE_KEY_LENGTH).default(''),
    key: z.string().min(1).max(MAX_STORAGE_KEY_LENGTH).optional(),
    after: z.string().max(MAX_STORAGE_KEY_LENGTH).default(''),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const deleteQuery = z
  .object({ ...where, key: z.string().min(1).max(MAX_STORAGE_KEY_LENGTH) })
  .strict();

/** The owner of the scope's keys: the workflow for "workflow", the run for "run", none for "account". */
function ownerOf(q: { scope: StorageScope; workflowId?: string; runId?: string }): string {
  const need = (field: 'workflowId' | 'runId', value: string | undefined, other: string) => {
    if (!value)
      throw invalid(`Scope "${q.scope}" needs ${field}`, [
        { path: field, message: `Give the ${q.scope}'s id` },
      ]);
    if (other)
      throw invalid(`Scope "${q.scope}" takes no ${other}`, [
        { path: other, message: `Leave it out for scope "${q.scope}"` },
      ]);
    return value;
  };
  if (q.scope === 'workflow') return need('workflowId', q.workflowId, q.runId ? 'runId' : '');
  if (q.scope === 'run') return need('runId', q.runId, q.workflowId ? 'workflowId' : '');
  if (q.workflowId || q.runId)
    throw invalid('Scope "account" is shared by every workflow', [
      { path: q.workflowId ? 'workflowId' : 'runId', message: 'Leave it out for scope "account"' },
    ]);
  return '';
}

export function storageRoutes(storage: StorageRepo): Router {
  const router = Router();
  router.use(requireUser, requireAdmin);

  router.get('/', (req, res) => {
    const q = parseQuery(listQuery, req.query);
    const owner = ownerOf(q);
    if (q.key !== undefined) {
      const entry = storage.entry(q.scope, owner, q.key);
      if (!entry)
        throw new ApiError('NOT_FOUND', `No value is stored under "${q.key}" in this scope`);
      res.json(entry);
      return;
    }
    // One more than asked says whether there is a next page.
    const rows = storage.list(q.scope, owner, {
      prefix: q.prefix,
      after: q.after,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    res.json({
      entries: page.map(({ value, ...rest }) =>
        rest.bytes <= PREVIEW_BYTES ? { ...rest, value } : rest,
      ),
      nextAfter: rows.length > q.limit ? page[page.length - 1].key : null,
    });
  });

  router.delete('/', (req, res) => {
    const q = parseQuery(deleteQuery, req.query);
    if (!storage.delete(q.scope, ownerOf(q), q.key))
      throw new ApiError('NOT_FOUND', `No value is stored under "${q.key}" in this scope`);
    res.status(204).end();
  });

  return router;
}
