// GET /api/status (admins): how the server is doing, for the editor's Status page: mode,
// version, uptime, data folder size, the run queue, workers (queue mode), the last retention
// pass and the last 20 failed runs across workflows.
import { Router } from 'express';
import type { Services } from '../services/index.js';
import type { ServerState } from '../status/server-state.js';
import type { ServerStatus } from '../../wire/index.js';
import { currentUser, requireAdmin, requireUser } from './auth-middleware.js';

const FAILURES = 20;

export function statusRoutes(services: Services, state: ServerState): Router {
  const router = Router();
  router.use(requireUser, requireAdmin);
  router.get('/', async (_req, res) => {
    const [queue, dataBytes] = await Promise.all([
      state.queue(),
      state.dataBytes ? state.dataBytes() : Promise.resolve(null),
    ]);
    const { runs } = services.runs.list({ status: 'failed', limit: FAILURES });
    const names = new Map<string, string>();
    const nameOf = (id: string) => {
      if (!names.has(id)) names.set(id, services.store.workflows.byId(id)?.name ?? id);
      return names.get(id);
    };
    const failures = services.runs.runsFor(runs, currentUser(res)).map((run) => ({
      runId: run.id,
      workflowId: run.workflowId,
      workflowName: nameOf(run.workflowId) ?? run.workflowId,
      workflowVersion: run.workflowVersion,
      trigger: run.trigger.type,
      finishedAt: run.finishedAt,
      error: run.error,
    }));
    const status: ServerStatus = {
      mode: state.mode,
      version: state.version,
      startedAt: new Date(state.startedAt).toISOString(),
      uptimeSeconds: Math.floor((Date.now() - state.startedAt) / 1000),
      dataBytes,
      queue,
      workersSeen: state.workersSeen ? state.workersSeen() : null,
      redis: state.redis ? state.redis() : null,
      retention: state.retention ? state.retention() : null,
      failures,
    };
    res.json(status);
  });
  return router;
}
