import { describe, expect, it } from 'vitest';
import { useTestServer, testWorkflow } from './helpers/test-server.js';
import type {
  ErrorBody,
  InvalidBody,
  Queued,
  RecordsPage,
  Run,
  Workflow,
} from './helpers/api-types.js';

// Both slots for the one user of these tests (the default share would be 1 of 2).
const srv = useTestServer({ each: true, concurrency: 2, userConcurrency: 2 });

const step = (id: string, operation: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation,
  input,
});

async function create(steps: unknown[], name = 'Flow'): Promise<string> {
  const res = await srv.api<Workflow>('POST', '/api/workflows', {
    token: srv.token,
    body: testWorkflow(name, steps),
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('starting and reading runs', () => {
  it('answers 202 with a run id, and with ?wait=1 the finished run with the version it ran', async () => {
    const id = await create([
      step('a', 'echo', { n: 1 }),
      step('b', 'echo', { prev: { $jsonpath: '$.steps.a.n' } }),
      step('c', 'noop'),
    ]);
    const queued = await srv.api<Queued>('POST', `/api/workflows/${id}/runs`, {
      token: srv.token,
      body: { payload: { who: 'me' } },
    });
    expect(queued.status).toBe(202);
    expect(queued.body.runId).toMatch(/^run_/);

    const waited = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: { who: 'me' } },
    });
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({
      workflowId: id,
      workflowVersion: 1,
      status: 'succeeded',
      error: null,
      stepCount: 3,
      recordsOmitted: 0,
      trigger: { type: 'manual', output: { who: 'me' } },
    });
    expect(typeof waited.body.startedAt).toBe('string');
    expect(typeof waited.body.finishedAt).toBe('string');

    const got = await srv.api<Run>('GET', `/api/runs/${waited.body.id}`, { token: srv.token });
    expect(got.body).toEqual(waited.body);

    const { body: wf } = await srv.api<Workflow>('GET', `/api/workflows/${id}`, {
      token: srv.token,
    });
    await srv.api('PUT', `/api/workflows/${id}`, {
      token: srv.token,
      body: { ...wf, baseVersion: 1, steps: [step('a', 'noop')] },
    });
    const second = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(second.body).toMatchObject({ workflowVersion: 2, stepCount: 1 });
  });

  it('stores each debug record and pages through them with after/limit', async () => {
    const id = await create([
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: ['x', 'y', 'z'] },
        steps: [step('e', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } })],
      },
    ]);
    const run = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(run.body.stepCount).toBe(4);
    const first = await srv.api<RecordsPage>('GET', `/api/runs/${run.body.id}/steps?limit=2`, {
      token: srv.token,
    });
    expect(first.body.records.map((r: { seq: number; place: string }) => [r.seq, r.place])).toEqual(
      [
        [1, 'loop-1[0] > e'],
        [2, 'loop-1[1] > e'],
      ],
    );
    expect(first.body.records[0]).toMatchObject({
      runId: run.body.id,
      stepId: 'e',
      status: 'ok',
      attempt: 1,
      input: { v: 'x' },
      output: { v: 'x' },
      error: null,
    });
    expect(first.body.nextAfter).toBe(2);
    const last = await srv.api<RecordsPage>(
      'GET',
      `/api/runs/${run.body.id}/steps?after=2&limit=2`,
      {
        token: srv.token,
      },
    );
    expect(last.body.records.map((r: { seq: number }) => r.seq)).toEqual([3, 4]);
    expect(last.body.records[1]).toMatchObject({ stepId: 'loop-1', output: { count: 3 } });
    expect(last.body.nextAfter).toBeNull();

    const bad = await srv.api<InvalidBody>(
      'GET',
      `/api/runs/${run.body.id}/steps?limit=5000&after=-1`,
      {
        token: srv.token,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'after',
      'limit',
    ]);
    // A number out of range is not called "not a number".
    const zero = await srv.api<InvalidBody>('GET', `/api/runs/${run.body.id}/steps?limit=0`, {
      token: srv.token,
    });
    expect(zero.body.error.issues).toEqual([{ path: 'limit', message: 'limit is at least 1' }]);
    expect((await srv.api('GET', '/api/runs/run_nope/steps', { token: srv.token })).status).toBe(
      404,
    );
  });

  it('fails a run of a version saved before a document rule existed with the problems, not "cannot be read"', async () => {
    const id = await create([step('a', 'echo', { n: 1 }), step('b', 'noop')]);
    // As an older Stepwise could save it: two steps with one id (the check now refuses that).
    const legacy = JSON.stringify(
      testWorkflow('Flow', [step('a', 'echo', { n: 1 }), step('a', 'noop')]),
    );
    srv.services.store.db
      .prepare('UPDATE workflow_versions SET document = ? WHERE workflow_id = ?')
      .run(legacy, id);
    const run = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toEqual({
      code: 'INPUT_INVALID',
      message:
        'Version 1 of this workflow does not pass the document check (steps.1.id: The step id "a" is used more than once; every step needs its own id); fix it and save a new version',
      stepId: null,
    });
  });

  it('records a failed step as the run error with its code, message and step', async () => {
    const id = await create([
      step('a', 'noop'),
      step('boom', 'fail', { code: 'CONNECTOR_HTTP_404', message: 'No such account' }),
    ]);
    const run = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toEqual({
      code: 'CONNECTOR_HTTP_404',
      message: 'Step "boom": No such account',
      stepId: 'boom',
    });
    const records = await srv.api<RecordsPage>('GET', `/api/runs/${run.body.id}/steps`, {
      token: srv.token,
    });
    expect(records.body.records[1]).toMatchObject({
      stepId: 'boom',
      status: 'error',
      error: { code: 'CONNECTOR_HTTP_404', message: expect.stringContaining('No such account') },
    });
  });

  it('answers 202 when the run has not ended within the timeout', async () => {
    const id = await create([step('s', 'sleep', { ms: 20_000 })]);
    const res = await srv.api<Queued>('POST', `/api/workflows/${id}/runs?wait=1&timeout=1`, {
      token: srv.token,
      body: {},
    });
    expect(res.status).toBe(202);
    expect(srv.services.runs.get(res.body.runId).status).toBe('running');
    await srv.api('POST', `/api/runs/${res.body.runId}/cancel`, { token: srv.token });
    const bad = await srv.api<InvalidBody>(
      'POST',
      `/api/workflows/${id}/runs?wait=maybe&timeout=301`,
      {
        token: srv.token,
        body: {},
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'timeout',
      'wait',
    ]);
    const unknownField = await srv.api('POST', `/api/workflows/${id}/runs`, {
      token: srv.token,
      body: { payloud: 1 },
    });
    expect(unknownField.status).toBe(400);
  });
});

describe('run history', () => {
  it('lists runs newest first, filtered by status and paged with before', async () => {
    const ok = await create([step('a', 'noop')], 'ok');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await srv.api<Run>('POST', `/api/workflows/${ok}/runs?wait=1`, {
            token: srv.token,
            body: {},
          })
        ).body.id,
      );
    const failing = await srv.api('PUT', `/api/workflows/${ok}`, {
      token: srv.token,
      body: { ...testWorkflow('ok', [step('f', 'fail', { code: 'NOT_FOUND' })]), baseVersion: 1 },
    });
    expect(failing.status).toBe(200);
    ids.push(
      (
        await srv.api<Run>('POST', `/api/workflows/${ok}/runs?wait=1`, {
          token: srv.token,
          body: {},
        })
      ).body.id,
    );

    const all = await srv.api<Run[]>('GET', `/api/workflows/${ok}/runs`, { token: srv.token });
    expect(all.body.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    expect(all.headers.get('x-next-before')).toBeNull();

    const failed = await srv.api<Run[]>('GET', `/api/workflows/${ok}/runs?status=failed`, {
      token: srv.token,
    });
    expect(failed.body.map((r: { id: string }) => r.id)).toEqual([ids[3]]);

    const page1 = await srv.api<Run[]>('GET', `/api/workflows/${ok}/runs?limit=2`, {
      token: srv.token,
    });
    expect(page1.body.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2]]);
    expect(page1.headers.get('x-next-before')).toBe(ids[2]);
    const page2 = await srv.api<Run[]>(
      'GET',
      `/api/workflows/${ok}/runs?limit=2&before=${page1.headers.get('x-next-before')}`,
      { token: srv.token },
    );
    expect(page2.body.map((r: { id: string }) => r.id)).toEqual([ids[1], ids[0]]);

    const bad = await srv.api<InvalidBody>('GET', `/api/workflows/${ok}/runs?status=done`, {
      token: srv.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('status');
  });
});

describe('cancel', () => {
  it('cancels a running run and refuses to cancel it twice', async () => {
    const id = await create([step('s', 'sleep', { ms: 20_000 }), step('after', 'noop')]);
    const { body } = await srv.api<Queued>('POST', `/api/workflows/${id}/runs`, {
      token: srv.token,
      body: {},
    });
    await waitUntil(() => srv.test.calls.get('sleep') === 1);
    const cancelled = await srv.api<Run>('POST', `/api/runs/${body.runId}/cancel`, {
      token: srv.token,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(srv.test.calls.get('noop')).toBeUndefined();
    const again = await srv.api<ErrorBody>('POST', `/api/runs/${body.runId}/cancel`, {
      token: srv.token,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('cancels a queued run before it starts', async () => {
    const id = await create([step('s', 'sleep', { ms: 20_000 })]);
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(
        (await srv.api<Queued>('POST', `/api/workflows/${id}/runs`, { token: srv.token, body: {} }))
          .body.runId,
      );
    expect(srv.services.runs.get(runs[2]).status).toBe('queued');
    const cancelled = await srv.api<Run>('POST', `/api/runs/${runs[2]}/cancel`, {
      token: srv.token,
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    for (const runId of runs.slice(0, 2))
      await srv.api('POST', `/api/runs/${runId}/cancel`, { token: srv.token });
    expect(srv.test.calls.get('sleep')).toBe(2);
  });
});

describe('retry', () => {
  it('retries from the failed step without running the steps that succeeded', async () => {
    const id = await create([
      step('first', 'echo', { n: 1 }),
      step('flaky', 'fail', { code: 'NETWORK', times: 1, key: 'k1' }),
      step('last', 'echo', { n: { $jsonpath: '$.steps.first.n' } }),
    ]);
    const failed = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: { p: 1 } },
    });
    expect(failed.body.status).toBe('failed');
    expect(srv.test.calls.get('echo')).toBe(1);

    const retry = await srv.api<Queued>('POST', `/api/runs/${failed.body.id}/retry`, {
      token: srv.token,
      body: { from: 'failed-step', version: 'same' },
    });
    expect(retry.status).toBe(202);
    const run = await srv.services.runs.waitFor(retry.body.runId, 5000);
    expect(run).toMatchObject({
      status: 'succeeded',
      retryOf: failed.body.id,
      workflowVersion: 1,
      trigger: { output: { p: 1 } },
    });
    // "first" ran once in all (in the failed run); "last" ran once, in the retry.
    expect(srv.test.calls.get('echo')).toBe(2);
    const records = await srv.api<RecordsPage>('GET', `/api/runs/${retry.body.runId}/steps`, {
      token: srv.token,
    });
    expect(
      records.body.records.map((r: { seq: number; stepId: string; status: string }) => [
        r.seq,
        r.stepId,
        r.status,
      ]),
    ).toEqual([
      [1, 'first', 'ok'],
      [2, 'flaky', 'ok'],
      [3, 'last', 'ok'],
    ]);
    expect(records.body.records[2].output).toEqual({ n: 1 });
  });

  it('retries from the start on the latest version', async () => {
    const id = await create([step('a', 'fail', { code: 'NOT_FOUND' })]);
    const failed = await srv.api<Run>('POST', `/api/workflows/${id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    await srv.api('PUT', `/api/workflows/${id}`, {
      token: srv.token,
      body: { ...testWorkflow('Flow', [step('a', 'noop')]), baseVersion: 1 },
    });
    const retry = await srv.api<Queued>('POST', `/api/runs/${failed.body.id}/retry`, {
      token: srv.token,
      body: { from: 'start', version: 'latest' },
    });
    const run = await srv.services.runs.waitFor(retry.body.runId, 5000);
    expect(run).toMatchObject({ status: 'succeeded', workflowVersion: 2 });

    const succeeded = await srv.api<InvalidBody>('POST', `/api/runs/${retry.body.runId}/retry`, {
      token: srv.token,
      body: { from: 'failed-step' },
    });
    expect(succeeded.status).toBe(400);
    expect(succeeded.body.error.issues[0].path).toBe('from');
    const bad = await srv.api<InvalidBody>('POST', `/api/runs/${retry.body.runId}/retry`, {
      token: srv.token,
      body: { from: 'middle' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('from');
  });
});

describe('live events', () => {
  it('streams stored and live run and step events, and ends when the run ends', async () => {
    const id = await create([
      step('a', 'echo', { n: 1 }),
      step('s', 'sleep', { ms: 300 }),
      step('b', 'echo', { n: 2 }),
    ]);
    const { body } = await srv.api<Queued>('POST', `/api/workflows/${id}/runs`, {
      token: srv.token,
      body: {},
    });
    await waitUntil(() => srv.test.calls.get('sleep') === 1);
    const res = await fetch(`${srv.url}/api/runs/${body.runId}/events`, {
      headers: { authorization: `Bearer ${srv.token}` },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        const data = JSON.parse(dataLine.slice(6));
        return [eventLine.slice(7), data.seq ?? data.status ?? data.place];
      });
    // Opened while `s` sleeps: its start (kept in memory while it runs) follows the stored records.
    expect(events).toEqual([
      ['run', 'running'],
      ['step', 1],
      ['step-start', 's'],
      ['step', 2],
      ['step-start', 'b'],
      ['step', 3],
      ['run', 'succeeded'],
    ]);
  });

  it('sends step-start for a slow step before its record, with its place inside a loop, and stores no start', async () => {
    const id = await create([
      step('first', 'sleep', { ms: 300 }),
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: [1, 2] },
        steps: [step('slow', 'sleep', { ms: 200 })],
      },
    ]);
    const { body } = await srv.api<Queued>('POST', `/api/workflows/${id}/runs`, {
      token: srv.token,
      body: {},
    });
    await waitUntil(() => srv.test.calls.get('sleep') === 1);
    const res = await fetch(`${srv.url}/api/runs/${body.runId}/events`, {
      headers: { authorization: `Bearer ${srv.token}` },
    });
    const blocks = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { event: eventLine.slice(7), data: JSON.parse(dataLine.slice(6)) };
      });
    const starts = blocks.filter((b) => b.event === 'step-start');
    expect(starts.map((b) => Object.keys(b.data).sort())).toEqual(
      Array(4).fill(['place', 'startedAt', 'stepId']),
    );
    expect(starts[2].data).toMatchObject({ stepId: 'slow', place: 'loop-1[0] > slow' });
    expect(Number.isNaN(Date.parse(starts[2].data.startedAt))).toBe(false);
    expect(
      blocks.map((b) =>
        b.event === 'step'
          ? `step ${b.data.place}`
          : b.event === 'step-start'
            ? `start ${b.data.place}`
            : `run ${b.data.status}`,
      ),
    ).toEqual([
      'run running',
      // `first` started before the stream opened: its start is sent from memory.
      'start first',
      'step first',
      'start loop-1',
      'start loop-1[0] > slow',
      'step loop-1[0] > slow',
      'start loop-1[1] > slow',
      'step loop-1[1] > slow',
      'step loop-1',
      'run succeeded',
    ]);
    // A stream opened after the run shows what is stored: records, no starts (none is running).
    const after = await (
      await fetch(`${srv.url}/api/runs/${body.runId}/events`, {
        headers: { authorization: `Bearer ${srv.token}` },
      })
    ).text();
    expect(after).not.toContain('step-start');
    expect(after.match(/^event: step$/gm)).toHaveLength(4);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
