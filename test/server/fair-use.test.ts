// Issue 12, fair use: one sender or one user cannot take the server's capacity. Webhooks are
// rate limited per workflow (429 + Retry-After, before the body is read); a run has a time
// limit (RUN_TIMEOUT); one person's runs hold at most their share of the run slots.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function hook(s: TestServer, token: string, name: string): Promise<string> {
  const { body } = await s.api<{ webhookUrl: string }>('POST', '/api/workflows', {
    token,
    body: testWorkflow(name, [], { type: 'webhook' }),
  });
  return body.webhookUrl;
}

const post = (url: string, body = '{"a":1}') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('webhook rate limit', () => {
  it('accepts the setting a minute per workflow, then 429 with Retry-After; other workflows are not affected', async () => {
    srv = await startTestServer({ webhookRatePerMinute: 5 });
    const token = await srv.owner();
    const a = await hook(srv, token, 'A');
    const b = await hook(srv, token, 'B');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(a)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const limited = await post(a, JSON.stringify({ big: 'x'.repeat(500_000) }));
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(12);
    expect(((await limited.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'RATE_LIMITED',
      message: `This webhook was called more than 5 times in a minute, the most one workflow accepts (the setting STEPWISE_WEBHOOK_RATE_LIMIT): try again in ${retry} second${retry === 1 ? '' : 's'}`,
    });
    expect((await post(b)).status).toBe(202);
    // Only 5 runs were started for A.
    const { body: runs } = await srv.api<unknown[]>(
      'GET',
      `/api/workflows/${a.split('/')[4]}/runs`,
      {
        token,
      },
    );
    expect(runs).toHaveLength(5);
  });

  it('does not count calls with a wrong token, so nobody without it can use them up', async () => {
    srv = await startTestServer({ webhookRatePerMinute: 2 });
    const token = await srv.owner();
    const url = await hook(srv, token, 'A');
    const wrong = url.replace(/[^/]+$/, 'x'.repeat(43));
    for (let i = 0; i < 5; i++) expect((await post(wrong)).status).toBe(404);
    expect((await post(url)).status).toBe(202);
    expect((await post(url)).status).toBe(202);
    expect((await post(url)).status).toBe(429);
  });
});

interface RunJson {
  id: string;
  status: string;
  error: { code: string; message: string; stepId: string | null } | null;
}

async function workflow(s: TestServer, token: string, steps: unknown[]): Promise<string> {
  const { body } = await s.api<{ id: string }>('POST', '/api/workflows', {
    token,
    body: testWorkflow('W', steps),
  });
  return body.id;
}

async function startRun(s: TestServer, token: string, workflowId: string): Promise<string> {
  const { body } = await s.api<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, {
    token,
    body: {},
  });
  return body.runId;
}

async function waitFor(s: TestServer, token: string, runId: string, done: (r: RunJson) => boolean) {
  for (let i = 0; i < 100; i++) {
    const { body } = await s.api<RunJson>('GET', `/api/runs/${runId}`, { token });
    if (done(body)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not get there in time`);
}

const ended = (r: RunJson) => ['succeeded', 'failed', 'cancelled'].includes(r.status);
const sleep = (id: string, ms: number) => ({
  id,
  connector: 'test',
  operation: 'sleep',
  timeoutMs: 600_000,
  input: { ms },
});

describe('the run time limit', () => {
  it('fails a run that overruns with RUN_TIMEOUT naming the step, and frees its slot', async () => {
    srv = await startTestServer({ runTimeoutMs: 400, concurrency: 1 });
    const token = await srv.owner();
    const slow = await workflow(srv, token, [sleep('wait-1', 60_000)]);
    const quick = await workflow(srv, token, [
      { id: 'echo-1', connector: 'test', operation: 'echo', input: {} },
    ]);
    const a = await startRun(srv, token, slow);
    const b = await startRun(srv, token, quick);
    const run = await waitFor(srv, token, a, ended);
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      code: 'RUN_TIMEOUT',
      stepId: 'wait-1',
      message:
        'The run took longer than 400 ms, the most one run may take (the setting STEPWISE_RUN_TIMEOUT), and was stopped at step "wait-1". A loop that waits or polls for long is better split: a schedule that checks, or a delay step (time parked does not count)',
    });
    expect((await waitFor(srv, token, b, ended)).status).toBe('succeeded');
  });

  it('stops a forever loop of quick steps too', async () => {
    srv = await startTestServer({ runTimeoutMs: 300 });
    const token = await srv.owner();
    const id = await workflow(srv, token, [
      {
        id: 'loop-1',
        type: 'loop',
        mode: 'forever',
        maxIterations: 1_000_000,
        steps: [{ id: 'noop-1', connector: 'test', operation: 'noop', input: {} }],
      },
    ]);
    const run = await waitFor(srv, token, await startRun(srv, token, id), ended);
    expect(run.error?.code).toBe('RUN_TIMEOUT');
    expect((await srv.api('GET', '/api/health')).status).toBe(200);
  });
});

describe('each person has a share of the run slots', () => {
  it("one person's forever runs leave a slot for someone else's run, started later", async () => {
    srv = await startTestServer({ concurrency: 4 });
    const alice = await srv.owner();
    const bob = await srv.user('bob@example.com');
    const long = await workflow(srv, alice, [sleep('wait-1', 60_000)]);
    const mine = [];
    for (let i = 0; i < 6; i++) mine.push(await startRun(srv, alice, long));
    // The default share is three quarters of the slots: 3 of 4 run, the rest of Alice's wait.
    await waitFor(srv, alice, mine[2], (r) => r.status === 'running');
    const bobs = await startRun(srv, bob, await workflow(srv, bob, [sleep('nap-1', 10)]));
    expect((await waitFor(srv, bob, bobs, ended)).status).toBe('succeeded');
    const statuses = await Promise.all(
      mine.map(
        async (id) =>
          (await srv!.api<RunJson>('GET', `/api/runs/${id}`, { token: alice })).body.status,
      ),
    );
    expect(statuses).toEqual(['running', 'running', 'running', 'queued', 'queued', 'queued']);
    for (const id of mine)
      await srv.api('POST', `/api/runs/${id}/cancel`, { token: alice, body: {} });
  });

  it('STEPWISE_USER_CONCURRENCY sets the share', async () => {
    srv = await startTestServer({ concurrency: 4, userConcurrency: 1 });
    const alice = await srv.owner();
    const long = await workflow(srv, alice, [sleep('wait-1', 60_000)]);
    const a = await startRun(srv, alice, long);
    const b = await startRun(srv, alice, long);
    await waitFor(srv, alice, a, (r) => r.status === 'running');
    await new Promise((r) => setTimeout(r, 200));
    expect((await srv.api<RunJson>('GET', `/api/runs/${b}`, { token: alice })).body.status).toBe(
      'queued',
    );
    await srv.api('POST', `/api/runs/${a}/cancel`, { token: alice, body: {} });
    await waitFor(srv, alice, b, (r) => r.status === 'running');
    await srv.api('POST', `/api/runs/${b}/cancel`, { token: alice, body: {} });
  });
});
