// GET /api/status, what the editor's Status page shows: admins only (a builder gets a 403),
// the mode, version, uptime, data folder size, the run queue, and the last 20 failed runs
// across workflows, newest first, each with its workflow's name and error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ErrorBody, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';

interface Status {
  mode: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  dataBytes: number | null;
  queue: { depth: number; running: number; waiting: number };
  workersSeen: number | null;
  retention: {
    retentionDays: number;
    retentionFailedDays: number;
    checkedAt: string | null;
    lastPass: { startedAt: string; finishedAt: string; rowsDeleted: number } | null;
  } | null;
  failures: {
    runId: string;
    workflowId: string;
    workflowName: string;
    trigger: string;
    finishedAt: string;
    error: { code: string; message: string; stepId: string | null };
  }[];
}

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('GET /api/status', () => {
  const srv = useTestServer({ full: true });

  async function failingRun(name: string): Promise<Run> {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name,
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'read-1',
            connector: 'file',
            operation: 'read_file',
            input: { path: 'missing.csv', format: 'csv' },
          },
        ],
      },
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: {} },
    });
    expect(run.body.status).toBe('failed');
    return run.body;
  }

  it('tells an admin how the server is doing, with the last failures', async () => {
    const failed = await failingRun('Import accounts');
    const res = await srv.api<Status>('GET', '/api/status', { token: srv.token });
    expect(res.status).toBe(200);
    const status = res.body;
    expect(status.mode).toBe('embedded');
    expect(status.version).toBe(VERSION);
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(status.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(status.dataBytes).toBeGreaterThan(0);
    expect(status.queue).toEqual({ depth: 0, running: 0, waiting: 0 });
    expect(status.workersSeen).toBeNull();
    expect(status.failures[0]).toMatchObject({
      runId: failed.id,
      workflowId: failed.workflowId,
      workflowName: 'Import accounts',
      trigger: 'manual',
      error: { code: 'NOT_FOUND', stepId: 'read-1' },
    });
  });

  it('lists the 20 newest failures', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push((await failingRun(`Failing ${i}`)).id);
    const { body } = await srv.api<Status>('GET', '/api/status', { token: srv.token });
    expect(body.failures.map((f) => f.runId)).toEqual(ids.slice(1).reverse());
  });

  it('shows the retention window and its last pass', async () => {
    const old = await failingRun('Old run');
    // Finished 40 days ago: past the default window (30 days); the next pass deletes it.
    srv.services.store.db
      .prepare('UPDATE runs SET finished_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 40 * 86_400_000).toISOString(), old.id);
    let status: Status | undefined;
    for (let i = 0; i < 100 && !status?.retention?.lastPass; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await srv.api<Status>('GET', '/api/status', { token: srv.token })).body;
    }
    expect(status?.retention).toMatchObject({
      retentionDays: 30,
      retentionFailedDays: 30,
      checkedAt: expect.any(String),
      lastPass: { rowsDeleted: expect.any(Number) },
    });
    expect(status?.retention?.lastPass?.rowsDeleted).toBeGreaterThan(0);
    expect(status?.failures.map((f) => f.runId)).not.toContain(old.id);
    expect((await srv.api('GET', `/api/runs/${old.id}`, { token: srv.token })).status).toBe(404);
  });

  it('is for admins only', async () => {
    const builder = await srv.user('builder@example.com', 'builder');
    const refused = await srv.api<ErrorBody>('GET', '/api/status', { token: builder });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const anonymous = await srv.api<ErrorBody>('GET', '/api/status');
    expect(anonymous.status).toBe(401);
  });
});
