// GET /api/runs: runs across workflows, filtered by status, workflow and time, newest first,
// paged with the X-Next-Before cursor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type { InvalidBody, Run, Workflow } from './helpers/api-types.js';

let srv: TestServer;
let token: string;
beforeEach(async () => {
  srv = await startTestServer();
  token = await srv.owner();
});
afterEach(async () => {
  await srv.close();
});

const step = (id: string, operation: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation,
  input,
});

async function workflow(name: string, steps: unknown[]): Promise<string> {
  const res = await srv.api<Workflow>('POST', '/api/workflows', {
    token,
    body: testWorkflow(name, steps),
  });
  return res.body.id as string;
}

async function run(workflowId: string): Promise<{ id: string; status: string; createdAt: string }> {
  const res = await srv.api<Run>('POST', `/api/workflows/${workflowId}/runs?wait=1`, {
    token,
    body: {},
  });
  return res.body;
}

describe('GET /api/runs', () => {
  it('lists runs of every workflow newest first, filtered by status and workflow', async () => {
    const ok = await workflow('Fine', [step('e', 'echo')]);
    const bad = await workflow('Broken', [step('f', 'fail', { code: 'NOT_FOUND' })]);
    const r1 = await run(ok);
    const r2 = await run(bad);
    const r3 = await run(ok);
    expect([r1.status, r2.status, r3.status]).toEqual(['succeeded', 'failed', 'succeeded']);

    const all = await srv.api<Run[]>('GET', '/api/runs', { token });
    expect(all.status).toBe(200);
    expect((all.body as Run[]).map((r) => r.id)).toEqual([r3.id, r2.id, r1.id]);
    expect(all.body[1]).toMatchObject({
      workflowId: bad,
      status: 'failed',
      error: { code: 'NOT_FOUND' },
    });
    expect(all.headers.get('x-next-before')).toBeNull();

    const failed = await srv.api('GET', '/api/runs?status=failed', { token });
    expect((failed.body as Run[]).map((r) => r.id)).toEqual([r2.id]);
    const ofOk = await srv.api('GET', `/api/runs?workflowId=${ok}`, { token });
    expect((ofOk.body as Run[]).map((r) => r.id)).toEqual([r3.id, r1.id]);
    const none = await srv.api('GET', `/api/runs?workflowId=${ok}&status=failed`, { token });
    expect(none.body).toEqual([]);
  });

  it('pages with limit and the X-Next-Before cursor', async () => {
    const wf = await workflow('Many', [step('e', 'noop')]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await run(wf)).id);
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    let path = '/api/runs?limit=2';
    for (let page = 0; page < 5; page++) {
      const res = await srv.api('GET', path, { token });
      seen.push(...(res.body as Run[]).map((r) => r.id));
      const next = res.headers.get('x-next-before');
      if (!next) break;
      expect(next).toBe(seen[seen.length - 1]);
      path = `/api/runs?limit=2&before=${next}`;
    }
    expect(seen).toEqual(newestFirst);

    const unknown = await srv.api<InvalidBody>('GET', '/api/runs?before=run_nope', { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([
      { path: 'before', message: 'There is no run "run_nope"' },
    ]);
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const wf = await workflow('Timed', [step('e', 'noop')]);
    const first = await run(wf);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await run(wf);
    const since = await srv.api('GET', `/api/runs?from=${encodeURIComponent(second.createdAt)}`, {
      token,
    });
    expect((since.body as Run[]).map((r) => r.id)).toEqual([second.id]);
    const until = await srv.api('GET', `/api/runs?to=${encodeURIComponent(second.createdAt)}`, {
      token,
    });
    expect((until.body as Run[]).map((r) => r.id)).toEqual([first.id]);
    const day = first.createdAt.slice(0, 10);
    const wholeDay = await srv.api('GET', `/api/runs?from=${day}`, { token });
    expect(wholeDay.body).toHaveLength(2);
  });

  it('names each bad filter, and needs a login', async () => {
    const bad = await srv.api<InvalidBody>(
      'GET',
      '/api/runs?status=done&from=yesterday&limit=0&colour=red',
      {
        token,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      '',
      'from',
      'limit',
      'status',
    ]);
    const empty = await srv.api<InvalidBody>('GET', '/api/runs?from=2026-05-02&to=2026-05-01', {
      token,
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].path).toBe('to');
    expect((await srv.api('GET', '/api/runs')).status).toBe(401);
  });
});
