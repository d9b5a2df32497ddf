// Issue 12 against a real server: what a user sends can neither stop nor stall it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_LIMITS, setEngineLimits } from '../../engine/index.js';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type { InvalidBody, Problems, Run, Workflow } from './helpers/api-types.js';

let srv: TestServer;
let token: string;
beforeEach(async () => {
  srv = await startTestServer();
  token = await srv.owner();
});
afterEach(async () => {
  setEngineLimits(DEFAULT_ENGINE_LIMITS);
  await srv.close();
});

const EVIL = "$.trigger[?(@.repeat(200000000).split(''))]";
const evilWorkflow = () =>
  testWorkflow('Evil', [
    {
      id: 'cond-1',
      type: 'boolean',
      input: { conditions: [{ left: { $jsonpath: EVIL }, op: 'is_true' }] },
    },
  ]);

describe('mappings that would run code', () => {
  it.each(['/api/workflows', '/api/workflows/import'])(
    'are refused at save (%s) with the step, the field and what is not allowed',
    async (path) => {
      const res = await srv.api<InvalidBody>('POST', path, { token, body: evilWorkflow() });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.issues).toEqual([
        {
          path: 'steps.0.input.conditions.0.left',
          stepId: 'cond-1',
          message: expect.stringContaining(
            'Step "cond-1", input "conditions.0.left": the filter in',
          ),
        },
      ]);
      expect(res.body.error.issues[0].message).toContain('calls the method repeat()');
    },
  );

  it('a workflow stored before the rule fails its run with MAPPING_FAILED, and the server stays up', async () => {
    // Saved while the limit allowed it; then the limit is lowered: the run must refuse it.
    setEngineLimits({ maxPathLength: 10_000 });
    const long = `$.trigger${'.a'.repeat(2_000)}`;
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Long', [
        { id: 'echo-1', connector: 'test', operation: 'echo', input: { v: { $jsonpath: long } } },
      ]),
    });
    setEngineLimits({ maxPathLength: 100 });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    expect(run.body.error?.code).toBe('MAPPING_FAILED');
    expect(run.body.error?.message).toContain('a mapping path can have at most 100');
    expect((await srv.api('GET', '/api/health')).status).toBe(200);
  });

  it('a stored loop past a lowered iteration limit: validate lists it, the run refuses it', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Loop', [
        {
          id: 'loop-1',
          type: 'loop',
          mode: 'forever',
          maxIterations: 500,
          steps: [{ id: 'noop-1', connector: 'test', operation: 'noop', input: {} }],
        },
      ]),
    });
    setEngineLimits({ maxIterations: 100 });
    const res = await srv.api<Problems>('POST', `/api/workflows/${wf.id}/validate`, {
      token,
      body: {},
    });
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        path: 'steps.0.maxIterations',
        message: expect.stringContaining('a loop can run at most 100 times'),
      }),
    ]);
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token,
      body: {},
    });
    expect(run.body.error).toMatchObject({ code: 'INPUT_INVALID', stepId: 'loop-1' });
    expect(srv.test.calls.get('noop')).toBeUndefined();
  });
});
