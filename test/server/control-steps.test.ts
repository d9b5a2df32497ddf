// The helper control steps on the server (real SQLite, real HTTP): a delay parks the run as
// "waiting" with resumeAt and frees its slot; cancel works while waiting; call chains, a failed
// called run, the depth limit; validate names call and respond problems; a webhook with
// "reply": "respond-step" answers with the run's respond step, 502 or 504.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunJson } from '../../server/services/run-json.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** A debug record as these tests read it. */
interface Rec {
  stepId: string;
  seq: number;
  status: string;
  startedAt: string;
  durationMs: number;
  output: { runId?: string; waitedMs?: number; [key: string]: unknown };
  error: { code: string; message: string; details: { runId?: string; [key: string]: unknown } };
}

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function server(options: Parameters<typeof startTestServer>[0] = {}) {
  srv = await startTestServer(options);
  // What start-server does after listening: resume, and start the parking lot.
  srv.services.runs.recover();
  return { srv, token: await srv.owner() };
}

async function create(s: TestServer, token: string, doc: Record<string, unknown>): Promise<string> {
  const res = await s.api<{ id: string }>('POST', '/api/workflows', { token, body: doc });
  if (res.status !== 201) throw new Error(`create failed: ${res.text}`);
  return res.body.id;
}

const getRun = (s: TestServer, token: string, id: string) =>
  s.api<RunJson>('GET', `/api/runs/${id}`, { token });
const getSteps = async (s: TestServer, token: string, id: string) =>
  (await s.api<{ records: Rec[] }>('GET', `/api/runs/${id}/steps`, { token })).body.records;
const startRun = async (s: TestServer, token: string, workflowId: string, payload?: unknown) =>
  (
    await s.api<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, {
      token,
      body: payload === undefined ? {} : { payload },
    })
  ).body.runId;
const runNow = async (s: TestServer, token: string, workflowId: string) =>
  (await s.api<RunJson>('POST', `/api/workflows/${workflowId}/runs?wait=1`, { token, body: {} }))
    .body;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const echo = (id: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation: 'echo',
  input,
});

describe('delay on the server', () => {
  it('parks the run as waiting with resumeAt, frees its slot, and resumes on time', async () => {
    const { srv: s, token } = await server({ concurrency: 1 });
    const slow = await create(s, token, {
      name: 'Wait a second',
      trigger: { type: 'manual' },
      steps: [
        echo('before-1'),
        { id: 'delay-1', type: 'delay', input: { seconds: 1 } },
        echo('after-1'),
      ],
    });
    const quick = await create(s, token, {
      name: 'Quick',
      trigger: { type: 'manual' },
      steps: [echo('echo-1')],
    });
    const started = Date.now();
    const runId = await startRun(s, token, slow);
    const waiting = await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'waiting',
    );
    const resumeAt = Date.parse(String(waiting.body.resumeAt));
    expect(resumeAt).toBeGreaterThanOrEqual(started + 1000);
    expect(waiting.body.waitingFor).toBeNull();
    // Listed as waiting, with its resume time, in the history and in GET /api/runs.
    const history = await s.api<RunJson[]>('GET', `/api/workflows/${slow}/runs?status=waiting`, {
      token,
    });
    expect(history.body).toEqual([
      expect.objectContaining({ id: runId, resumeAt: waiting.body.resumeAt }),
    ]);
    const all = await s.api<RunJson[]>('GET', '/api/runs?status=waiting', { token });
    expect(all.body.map((r) => r.id)).toEqual([runId]);

    // With one slot only, another run goes through while this one waits.
    const other = await runNow(s, token, quick);
    expect(other.status).toBe('succeeded');
    expect(s.services.queue.active).toBe(0);

    const done = await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'succeeded',
    );
    expect(done.body.resumeAt).toBeNull();
    const records = await getSteps(s, token, runId);
    expect(records.map((r) => r.stepId)).toEqual(['before-1', 'delay-1', 'after-1']);
    const delay = records[1];
    expect(Date.parse(delay.startedAt) + delay.durationMs).toBeGreaterThanOrEqual(resumeAt);
    expect(delay.output.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('cancels a waiting run at once, and it never resumes', async () => {
    const { srv: s, token } = await server();
    const id = await create(s, token, {
      name: 'Wait',
      trigger: { type: 'manual' },
      steps: [{ id: 'delay-1', type: 'delay', input: { seconds: 1 } }, echo('after-1')],
    });
    const runId = await startRun(s, token, id);
    await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'waiting',
    );
    const cancelled = await s.api<RunJson>('POST', `/api/runs/${runId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      resumeAt: null,
      error: { code: 'CANCELLED' },
    });
    await new Promise((r) => setTimeout(r, 1500));
    const later = await getRun(s, token, runId);
    expect(later.body.status).toBe('cancelled');
    expect(s.test.calls.get('echo') ?? 0).toBe(0);
    const again = await s.api('POST', `/api/runs/${runId}/cancel`, { token });
    expect(again.status).toBe(409);
  });
});

describe('call workflow on the server', () => {
  async function chain(s: TestServer, token: string) {
    const notify = await create(s, token, {
      name: 'Notify owner',
      trigger: { type: 'callable' },
      steps: [
        { id: 'delay-1', type: 'delay', input: { seconds: 0.3 } },
        echo('echo-1', { owner: { $jsonpath: '$.trigger.owner' } }),
        { id: 'respond-1', type: 'respond', input: { body: { notified: '{$.trigger.owner}' } } },
      ],
    });
    const middle = await create(s, token, {
      name: 'Middle',
      trigger: { type: 'callable' },
      steps: [
        {
          id: 'call-1',
          type: 'call',
          workflow: notify,
          input: { payload: { owner: '{$.trigger.who}' } },
        },
        {
          id: 'respond-1',
          type: 'respond',
          input: { body: { $jsonpath: '$.steps.call-1.response' } },
        },
      ],
    });
    return { notify, middle };
  }

  it('runs a chain of calls with wait: each caller waits parked, gets the response, and is named by the called run', async () => {
    const { srv: s, token } = await server();
    const { notify, middle } = await chain(s, token);
    const top = await create(s, token, {
      name: 'Top',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'call-1',
          type: 'call',
          workflow: middle,
          input: { payload: { who: '{$.trigger.email}' } },
        },
        echo('after-1', { said: { $jsonpath: '$.steps.call-1.response.notified' } }),
      ],
    });
    const runId = await startRun(s, token, top, { email: 'ann@example.com' });
    const parked = await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'waiting',
    );
    expect(parked.body.waitingFor).toMatch(/^run_/);
    expect(parked.body.resumeAt).toBeNull();
    const done = await until(
      () => getRun(s, token, runId),
      (r) =>
        r.body.status !== 'waiting' && r.body.status !== 'running' && r.body.status !== 'queued',
    );
    expect(done.body.status).toBe('succeeded');
    const records = await getSteps(s, token, runId);
    const call = records[0];
    expect(call.output).toEqual({
      runId: parked.body.waitingFor,
      status: 'succeeded',
      response: { notified: 'ann@example.com' },
    });
    expect(records[1].output).toEqual({ said: 'ann@example.com' });

    const middleRun = await getRun(s, token, String(call.output.runId));
    expect(middleRun.body).toMatchObject({
      workflowId: middle,
      status: 'succeeded',
      trigger: { type: 'call', output: { who: 'ann@example.com' } },
      calledBy: { runId: runId, workflowId: top, stepId: 'call-1' },
    });
    const middleSteps = await getSteps(s, token, String(call.output.runId));
    const notifyRun = await getRun(s, token, String(middleSteps[0].output.runId));
    expect(notifyRun.body).toMatchObject({
      workflowId: notify,
      calledBy: { runId: call.output.runId, workflowId: middle, stepId: 'call-1' },
    });
  });

  it('without wait the caller goes on with the run id', async () => {
    const { srv: s, token } = await server();
    const { notify } = await chain(s, token);
    const top = await create(s, token, {
      name: 'Fire and forget',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'call-1',
          type: 'call',
          workflow: notify,
          wait: false,
          input: { payload: { owner: 'x' } },
        },
      ],
    });
    const run = await runNow(s, token, top);
    expect(run.status).toBe('succeeded');
    const records = await getSteps(s, token, run.id);
    const childId = String(records[0].output.runId);
    expect(records[0].output).toEqual({ runId: childId });
    const child = await until(
      () => getRun(s, token, childId),
      (r) => r.body.status === 'succeeded',
    );
    expect(child.body.calledBy).toEqual({ runId: run.id, workflowId: top, stepId: 'call-1' });
  });

  it('a failed called run is CALLED_RUN_FAILED with its run id; the caller can branch on it', async () => {
    const { srv: s, token } = await server();
    const failing = await create(s, token, {
      name: 'Fails',
      trigger: { type: 'callable' },
      steps: [
        {
          id: 'fail-1',
          connector: 'test',
          operation: 'fail',
          input: { code: 'NOT_FOUND', message: 'No owner' },
        },
      ],
    });
    const top = await create(s, token, {
      name: 'Top',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'call-1',
          type: 'call',
          workflow: failing,
          onError: { then: 'branch' },
          error: [echo('handled-1', { code: { $jsonpath: '$.steps.call-1.error.code' } })],
        },
      ],
    });
    const runId = await startRun(s, token, top);
    await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'succeeded',
    );
    const records = await getSteps(s, token, runId);
    const [call, handled] = records;
    expect(call.status).toBe('error');
    expect(call.error.code).toBe('CALLED_RUN_FAILED');
    expect(call.error.details).toMatchObject({
      step: 'fail-1',
      error: { code: 'NOT_FOUND', stepId: 'fail-1' },
    });
    const child = await getRun(s, token, String(call.error.details.runId));
    expect(child.body).toMatchObject({ workflowId: failing, status: 'failed' });
    expect(handled.output).toEqual({ code: 'CALLED_RUN_FAILED' });
  });

  it('stops a chain deeper than 10 calls with CALL_DEPTH; every caller fails with the called run named', async () => {
    const { srv: s, token } = await server();
    const ping = await create(s, token, { name: 'Ping', trigger: { type: 'callable' }, steps: [] });
    const pong = await create(s, token, {
      name: 'Pong',
      trigger: { type: 'callable' },
      steps: [{ id: 'call-1', type: 'call', workflow: ping }],
    });
    // Ping calls Pong, which calls Ping: only the API's own check (validate) would say so.
    const saved = await s.api('PUT', `/api/workflows/${ping}`, {
      token,
      body: {
        name: 'Ping',
        trigger: { type: 'callable' },
        steps: [{ id: 'call-1', type: 'call', workflow: pong }],
        baseVersion: 1,
      },
    });
    expect(saved.status).toBe(200);
    const top = await create(s, token, {
      name: 'Top',
      trigger: { type: 'manual' },
      steps: [{ id: 'call-1', type: 'call', workflow: ping }],
    });
    const runId = await startRun(s, token, top);
    const done = await until(
      () => getRun(s, token, runId),
      (r) => r.body.status === 'failed',
      30_000,
    );
    expect(done.body.error?.code).toBe('CALLED_RUN_FAILED');
    // Follow the chain down: ten called runs, the deepest failing with CALL_DEPTH.
    let at = runId;
    const codes: string[] = [];
    for (let depth = 0; depth <= 10; depth++) {
      const [record] = await getSteps(s, token, at);
      codes.push(record.error.code);
      if (record.error.code !== 'CALLED_RUN_FAILED') break;
      at = String(record.error.details.runId);
    }
    expect(codes).toEqual([...Array(10).fill('CALLED_RUN_FAILED'), 'CALL_DEPTH']);
  }, 60_000);

  it('validate names a call to itself, to a missing or non-callable workflow, and a respond nobody waits for', async () => {
    const { srv: s, token } = await server();
    const manual = await create(s, token, {
      name: 'Manual',
      trigger: { type: 'manual' },
      steps: [],
    });
    const id = await create(s, token, { name: 'Caller', trigger: { type: 'manual' }, steps: [] });
    await s.api('PUT', `/api/workflows/${id}`, {
      token,
      body: {
        name: 'Caller',
        trigger: { type: 'manual' },
        baseVersion: 1,
        steps: [
          { id: 'call-1', type: 'call', workflow: id },
          { id: 'call-2', type: 'call', workflow: 'wf_missing' },
          { id: 'call-3', type: 'call', workflow: manual },
          { id: 'respond-1', type: 'respond', input: { body: 1 } },
        ],
      },
    });
    const { body } = await s.api<{ problems: { stepId: string; path: string }[] }>(
      'POST',
      `/api/workflows/${id}/validate`,
      { token },
    );
    expect(body.problems.map((p) => [p.stepId, p.path])).toEqual([
      ['call-1', 'steps.0.workflow'],
      ['call-2', 'steps.1.workflow'],
      ['call-3', 'steps.2.workflow'],
      ['respond-1', 'steps.3.type'],
    ]);
  });
});

describe('webhook with "reply": "respond-step"', () => {
  async function hook(s: TestServer, token: string, steps: unknown[]) {
    const id = await create(s, token, {
      name: 'Answering hook',
      trigger: { type: 'webhook', reply: 'respond-step' },
      steps,
    });
    const wf = await s.api<{ webhookUrl: string }>('GET', `/api/workflows/${id}`, { token });
    return wf.body.webhookUrl;
  }

  it("answers with the respond step's status, headers and body, and the run goes on", async () => {
    const { srv: s, token } = await server();
    const url = await hook(s, token, [
      {
        id: 'respond-1',
        type: 'respond',
        input: {
          status: 201,
          headers: { 'X-Account': '{$.trigger.body.account}', 'Content-Length': '1' },
          body: { received: { $jsonpath: '$.trigger.body.account' } },
        },
      },
      { id: 'delay-1', type: 'delay', input: { seconds: 0.2 } },
      echo('after-1'),
    ]);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'Initech' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-account')).toBe('Initech');
    expect(await res.json()).toEqual({ received: 'Initech' });
    await until(
      async () => s.test.calls.get('echo') ?? 0,
      (n) => n === 1,
    );
  });

  it("keeps the origin's headers: no cookie, redirect or policy from a workflow, and its answer sandboxed", async () => {
    const { srv: s, token } = await server();
    const url = await hook(s, token, [
      {
        id: 'respond-1',
        type: 'respond',
        input: {
          status: 200,
          headers: {
            'Content-Type': 'text/html',
            'Set-Cookie': 'stepwise_session=stolen',
            'Content-Security-Policy': "script-src 'unsafe-inline'",
            Location: 'https://evil.example/',
            'X-Kept': 'yes',
          },
          body: '<script>fetch("/api/users")</script>',
        },
      },
    ]);
    const res = await fetch(url, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-kept')).toBe('yes');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe(
      "sandbox; default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 502 with the envelope naming the run when it fails first', async () => {
    const { srv: s, token } = await server();
    const url = await hook(s, token, [
      {
        id: 'fail-1',
        connector: 'test',
        operation: 'fail',
        input: { code: 'NOT_FOUND', message: 'No account' },
      },
      { id: 'respond-1', type: 'respond', input: { body: 'never' } },
    ]);
    const res = await fetch(url, { method: 'POST' });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string; runId: string } };
    expect(body.error).toMatchObject({ code: 'RUN_FAILED', runId: expect.stringMatching(/^run_/) });
    expect(body.error.message).toContain('fail-1');
    expect(body.error.message).toContain(body.error.runId);
  });

  it('answers 504 with the run id when no answer comes in time, and the run is not cut short', async () => {
    const { srv: s, token } = await server({ webhookReplyTimeoutMs: 300 });
    const url = await hook(s, token, [
      { id: 'delay-1', type: 'delay', input: { seconds: 1 } },
      { id: 'respond-1', type: 'respond', input: { body: 'late' } },
    ]);
    const res = await fetch(url, { method: 'POST' });
    expect(res.status).toBe(504);
    const body = (await res.json()) as { error: { code: string; runId: string } };
    expect(body.error.code).toBe('TIMEOUT');
    const run = await until(
      () => getRun(s, token, body.error.runId),
      (r) => r.body.status === 'succeeded',
    );
    expect(run.body.id).toBe(body.error.runId);
  });

  it('keeps answering 202 at once for a webhook without reply', async () => {
    const { srv: s, token } = await server();
    const id = await create(s, token, {
      name: 'Plain hook',
      trigger: { type: 'webhook' },
      steps: [echo('echo-1')],
    });
    const wf = await s.api<{ webhookUrl: string }>('GET', `/api/workflows/${id}`, { token });
    const res = await fetch(wf.body.webhookUrl, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ runId: expect.stringMatching(/^run_/) });
  });
});
