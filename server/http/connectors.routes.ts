// GET /api/connectors: every connector with JSON Schemas made from its zod schemas.
import { Router } from 'express';
import type { ConnectorDirectory } from '../services/connector-directory.js';
import { requireUser } from './auth-middleware.js';

export function connectorsRoutes(connectors: ConnectorDirectory): Router {
  const router = Router();
  router.get('/', requireUser, (_req, res) => {
    res.json(connectors.describe());
  });
  return router;
}
