// settings.concurrency in embedded mode: at most that many runs of the workflow execute at once
// (the others wait queued), while another workflow's runs go on. Queue mode holds the same cap
// across workers: test/queue/queue-runs.test.ts.
import { describe, expect, it } from 'vitest';
import { testWorkflow, useTestServer } from './helpers/test-server.js';

interface Run {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string;
}

/** The most runs whose [startedAt, finishedAt] overlap at one time. */
function mostAtOnce(runs: Run[]): number {
  const edges = runs.flatMap((r) => [
    [Date.parse(r.startedAt), 1],
    [Date.parse(r.finishedAt), -1],
  ]);
  // An end before a start at the same millisecond: a slot handed on is not two at once.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

describe("a workflow's concurrency setting (embedded mode)", () => {
  const srv = useTestServer({ concurrency: 8 });

  it('runs at most that many of its runs at once; the others wait their turn', async () => {
    const doc = {
      ...testWorkflow('Two at a time', [
        { id: 'nap', connector: 'test', operation: 'sleep', input: { ms: 150 } },
      ]),
      settings: { concurrency: 2 },
    };
    const wf = await srv.api<{ id: string }>('POST', '/api/workflows', {
      body: doc,
      token: srv.token,
    });
    expect(wf.status).toBe(201);
    const free = await srv.api<{ id: string }>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('No cap', [
        { id: 'nap', connector: 'test', operation: 'sleep', input: { ms: 150 } },
      ]),
    });
    const capped = await Promise.all(
      Array.from({ length: 6 }, () =>
        srv.api<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {
          body: {},
          token: srv.token,
        }),
      ),
    );
    const uncapped = await Promise.all(
      Array.from({ length: 4 }, () =>
        srv.api<Run>('POST', `/api/workflows/${free.body.id}/runs?wait=1`, {
          body: {},
          token: srv.token,
        }),
      ),
    );
    expect(capped.map((r) => r.body.status)).toEqual(Array(6).fill('succeeded'));
    expect(mostAtOnce(capped.map((r) => r.body))).toBe(2);
    expect(mostAtOnce(uncapped.map((r) => r.body))).toBe(4);
  });

  it('refuses a concurrency that is not a whole number from 1', async () => {
    const res = await srv.api<{ error: { issues: { path: string }[] } }>('POST', '/api/workflows', {
      token: srv.token,
      body: { ...testWorkflow('Bad', []), settings: { concurrency: 0 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i) => i.path)).toContain('settings.concurrency');
  });
});
