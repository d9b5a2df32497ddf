import { describe, expect, it } from 'vitest';
import { useTestServer, testWorkflow } from './helpers/test-server.js';
import type {
  DebugRecord,
  ErrorBody,
  InvalidBody,
  Problems,
  Queued,
  RecordsPage,
  Run,
  Workflow,
} from './helpers/api-types.js';

const srv = useTestServer({ each: true });

const step = (
  id: string,
  operation: string,
  input: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({ id, connector: 'test', operation, input, ...extra });

describe('validate', () => {
  it('lists unknown operations, references to later steps and missing authentications', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Check', [
        step('a', 'echo', { v: { $jsonpath: '$.steps.b.n' } }),
        step('b', 'no_such_operation'),
        step('c', 'whoami', {}, { auth: 'auth_missing' }),
      ]),
    });
    const res = await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, {
      token: srv.token,
    });
    expect(res.status).toBe(200);
    const problems = res.body.problems;
    expect(problems.find((p) => p.stepId === 'a')?.path).toMatch(/^steps\.0\.input/);
    expect(problems.find((p) => p.stepId === 'b')?.path).toBe('steps.1.operation');
    expect(problems.find((p) => p.stepId === 'c')?.path).toBe('steps.2.auth');
  });

  it('checks field references against the last recorded output of a step', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Fields', [step('a', 'echo', { name: 'Initech' })]),
    });
    await srv.api('POST', `/api/workflows/${wf.id}/runs?wait=1`, { token: srv.token, body: {} });
    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: {
        ...testWorkflow('Fields', [
          step('a', 'echo', { name: 'Initech' }),
          step('b', 'echo', {
            ok: { $jsonpath: '$.steps.a.name' },
            bad: { $jsonpath: '$.steps.a.nmae' },
          }),
        ]),
        baseVersion: 1,
      },
    });
    const res = await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, {
      token: srv.token,
    });
    expect(res.body.problems).toHaveLength(1);
    expect(res.body.problems[0]).toMatchObject({ stepId: 'b', path: 'steps.1.input.bad' });
    expect(res.body.problems[0].message).toContain('nmae');
  });
});

describe('validate a schedule trigger', () => {
  it('lists a bad cron and an unknown timezone, which saving (structure only) lets through', async () => {
    const schedule = {
      type: 'schedule',
      schedule: { cron: '0 9 * * MONDAY', timezone: 'Europe/Paaris' },
    };
    const { status, body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Nightly', [step('a', 'echo')], schedule),
    });
    expect(status).toBe(201);
    const res = await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, {
      token: srv.token,
    });
    expect(res.body.problems.map((p) => p.path)).toEqual([
      'trigger.schedule.timezone',
      'trigger.schedule.cron',
    ]);
    expect(res.body.problems[0].message).toContain('"Europe/Paaris" is not a known timezone');
    expect(res.body.problems[1].message).toContain(
      '"0 9 * * MONDAY" is not a valid cron expression',
    );

    const fixed = { type: 'schedule', schedule: { cron: '0 9 * * 1-5', timezone: 'Europe/Paris' } };
    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { ...testWorkflow('Nightly', [step('a', 'echo')], fixed), baseVersion: 1 },
    });
    expect(
      (await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, { token: srv.token }))
        .body,
    ).toEqual({
      problems: [],
    });
  });
});

describe('validate against the newest output', () => {
  it('uses the most recent run in which the step succeeded', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Newest', [step('a', 'echo', { old: 1 })]),
    });
    await srv.api('POST', `/api/workflows/${wf.id}/runs?wait=1`, { token: srv.token, body: {} });
    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { ...testWorkflow('Newest', [step('a', 'echo', { name: 'x' })]), baseVersion: 1 },
    });
    await srv.api('POST', `/api/workflows/${wf.id}/runs?wait=1`, { token: srv.token, body: {} });
    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: {
        ...testWorkflow('Newest', [
          step('a', 'echo', { name: 'x' }),
          step('b', 'echo', {
            v: { $jsonpath: '$.steps.a.name' },
            w: { $jsonpath: '$.steps.a.old' },
          }),
        ]),
        baseVersion: 2,
      },
    });
    const res = await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, {
      token: srv.token,
    });
    expect(res.body.problems.map((p) => p.path)).toEqual(['steps.1.input.w']);
  });
});

describe('replay', () => {
  it('runs one step again with its recorded input and changes nothing else in the run', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Replay', [
        step('a', 'echo', { n: { $jsonpath: '$.trigger.n' } }),
        step('b', 'noop'),
      ]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: { n: 7 } },
    });
    const replayed = await srv.api<DebugRecord>('POST', `/api/runs/${run.body.id}/steps/a/replay`, {
      token: srv.token,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({
      runId: run.body.id,
      stepId: 'a',
      status: 'ok',
      input: { n: 7 },
      output: { n: 7 },
      seq: 3,
    });
    expect(srv.test.calls.get('echo')).toBe(2);
    const last = srv.test.log[srv.test.log.length - 1].call;
    expect(last.idempotencyKey).toMatch(new RegExp(`^${run.body.id}:a:replay:`));
    const records = await srv.api<RecordsPage>('GET', `/api/runs/${run.body.id}/steps`, {
      token: srv.token,
    });
    expect(records.body.records).toHaveLength(2);
    expect((await srv.api('GET', `/api/runs/${run.body.id}`, { token: srv.token })).body).toEqual(
      run.body,
    );
  });

  it('replays one iteration of a loop by its record number', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Loop', [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: ['x', 'y'] },
          steps: [step('e', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } })],
        },
      ]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    const first = await srv.api<DebugRecord>(
      'POST',
      `/api/runs/${run.body.id}/steps/e/replay?seq=1`,
      {
        token: srv.token,
      },
    );
    expect(first.body).toMatchObject({ place: 'loop-1[0] > e', output: { v: 'x' } });
    const byPlace = await srv.api<DebugRecord>('POST', `/api/runs/${run.body.id}/steps/e/replay`, {
      token: srv.token,
      body: { place: 'loop-1[1] > e' },
    });
    expect(byPlace.body).toMatchObject({ place: 'loop-1[1] > e', output: { v: 'y' } });
    const wrongPlace = await srv.api<ErrorBody>('POST', `/api/runs/${run.body.id}/steps/e/replay`, {
      token: srv.token,
      body: { place: 'loop-1[9] > e' },
    });
    expect(wrongPlace.status).toBe(404);
    expect(wrongPlace.body.error.message).toBe(
      `Step "e" at "loop-1[9] > e" in run "${run.body.id}" does not exist`,
    );
    const loop = await srv.api<ErrorBody>('POST', `/api/runs/${run.body.id}/steps/loop-1/replay`, {
      token: srv.token,
    });
    expect(loop.status).toBe(400);
    expect(loop.body.error.message).toBe(
      'Step "loop-1" is a loop step; only connector steps can be replayed',
    );
    expect(
      (await srv.api('POST', `/api/runs/${run.body.id}/steps/e/replay?seq=3`, { token: srv.token }))
        .status,
    ).toBe(404);
  });

  it('refuses to replay a step whose recorded input was redacted, and unknown steps', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Secret input', [
        step('hook', 'webhook', { url: 'https://hooks.example.com/T000/B000/XXXX', text: 'hi' }),
      ]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    const res = await srv.api<ErrorBody>('POST', `/api/runs/${run.body.id}/steps/hook/replay`, {
      token: srv.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION',
      message:
        'This step cannot be replayed: some of its recorded input was secret and is not stored',
      issues: [{ path: 'input.url', message: 'This value was redacted in the record' }],
    });
    const unknown = await srv.api<ErrorBody>('POST', `/api/runs/${run.body.id}/steps/nope/replay`, {
      token: srv.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(`Step "nope" in run "${run.body.id}" does not exist`);
  });
});

describe('replay of a record without a usable input', () => {
  it('refuses a step whose mapping failed (no input was recorded) instead of sending null', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Bad mapping', [
        step('a', 'echo', { n: { $jsonpath: '$.trigger.missing' } }),
      ]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    const res = await srv.api<InvalidBody>('POST', `/api/runs/${run.body.id}/steps/a/replay`, {
      token: srv.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.message).toContain('its input was never worked out in that run');
    expect(res.body.error.issues).toEqual([
      { path: 'input', message: expect.stringContaining('$.trigger.missing found nothing') },
    ]);
    expect(srv.test.calls.get('echo') ?? 0).toBe(0);
  });

  it('refuses a step whose recorded input was cut by the size bound instead of sending the marker', async () => {
    const big = 'x'.repeat(70 * 1024);
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Big input', [
        step('a', 'echo', { text: { $jsonpath: '$.trigger.text' } }),
      ]),
    });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: { text: big } },
    });
    expect(run.body.status).toBe('succeeded');
    const res = await srv.api<ErrorBody>('POST', `/api/runs/${run.body.id}/steps/a/replay`, {
      token: srv.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION',
      message: 'This step cannot be replayed: its recorded input was too large to store whole',
      issues: [{ path: 'input', message: 'This value was cut in the record' }],
    });
    expect(srv.test.calls.get('echo')).toBe(1);
  });
});

describe('retry on the latest version', () => {
  it('refuses to continue a failed run on a latest version that does not validate', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('R', [
        step('a', 'echo', { n: 1 }),
        step('b', 'fail', { code: 'NETWORK' }),
      ]),
    });
    const failed = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: {},
    });
    expect(failed.body.status).toBe('failed');
    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: {
        ...testWorkflow('R', [
          step('a', 'echo', { n: 1 }),
          step('b', 'echo', { x: { $jsonpath: '$.steps.zzz.n' } }),
        ]),
        baseVersion: 1,
      },
    });
    const res = await srv.api<InvalidBody>('POST', `/api/runs/${failed.body.id}/retry`, {
      token: srv.token,
      body: { from: 'failed-step', version: 'latest' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'The latest version does not validate, so the run cannot continue on it',
    );
    expect(res.body.error.issues[0].path).toBe('steps.1.input.x');

    await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: {
        ...testWorkflow('R', [
          step('a', 'echo', { n: 1 }),
          step('b', 'echo', { x: { $jsonpath: '$.steps.a.n' } }),
        ]),
        baseVersion: 2,
      },
    });
    const ok = await srv.api<Queued>('POST', `/api/runs/${failed.body.id}/retry`, {
      token: srv.token,
      body: { from: 'failed-step', version: 'latest' },
    });
    expect(ok.status).toBe(202);
    const run = await srv.services.runs.waitFor(ok.body.runId, 5000);
    expect(run).toMatchObject({ status: 'succeeded', workflowVersion: 3 });
    expect(srv.test.calls.get('echo')).toBe(2);
  });
});
