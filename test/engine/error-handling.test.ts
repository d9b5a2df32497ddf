import { describe, expect, it } from 'vitest';
import type { ResolvedAuth } from '../../engine/index.js';
import { doc, run, step } from './run-helpers.js';

const flaky = (extra: Record<string, unknown> = {}) => ({
  code: 'CONNECTOR_HTTP_503',
  message: 'Service Unavailable',
  retryable: true,
  ...extra,
});

describe('retries', () => {
  it('retries a retryable error with exponential backoff and jitter, then succeeds', async () => {
    const waits: number[] = [];
    const { result, records } = await run(
      doc([
        step('http-1', 'fail', flaky({ times: 3 }), { onError: { retries: 3, delayMs: 1000 } }),
      ]),
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs['http-1']).toEqual({ ok: true, failedBefore: 3 });
    // Equal jitter: half of 1000·2^(n-1) fixed plus random() times the other half.
    expect(waits).toEqual([750, 1500, 3000]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'ok', attempt: 4 });
  });

  it('honours the retry-after the error carries', async () => {
    const waits: number[] = [];
    await run(
      doc([
        step('http-1', 'fail', flaky({ code: 'RATE_LIMITED', times: 2, retryAfterMs: 7000 }), {
          onError: { retries: 2 },
        }),
      ]),
      { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    );
    expect(waits).toEqual([7000, 7000]);
  });

  it('fails the run when retries are exhausted, with the attempts used in the record', async () => {
    const { result, records, connector } = await run(
      doc([
        step('http-1', 'fail', flaky(), { onError: { retries: 2, backoff: 'fixed', delayMs: 10 } }),
        step('never', 'echo'),
      ]),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({
      code: 'CONNECTOR_HTTP_503',
      stepId: 'http-1',
      message: 'Step "http-1": Service Unavailable',
    });
    expect(connector.calls.get('fail')).toBe(3);
    expect(connector.calls.get('echo')).toBeUndefined();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: 'error',
      attempt: 3,
      output: null,
      error: { code: 'CONNECTOR_HTTP_503', details: { failedBefore: 2, stepId: 'http-1' } },
    });
  });

  it('does not retry an error that is not retryable', async () => {
    const { connector, records } = await run(
      doc([
        step(
          'http-1',
          'fail',
          { code: 'CONNECTOR_HTTP_404', message: 'Not Found' },
          { onError: { retries: 5 } },
        ),
      ]),
    );
    expect(connector.calls.get('fail')).toBe(1);
    expect(records[0].attempt).toBe(1);
  });

  it('never retries INPUT_INVALID', async () => {
    const { result, connector } = await run(
      doc([step('slack-1', 'strict', { channel: 5 }, { onError: { retries: 3 } })]),
    );
    expect(result.error?.code).toBe('INPUT_INVALID');
    expect(result.error?.message).toBe(
      'Step "slack-1" (test.strict), input "channel": Expected text, got a whole number; input "count": Required',
    );
    expect(connector.calls.get('strict')).toBeUndefined();
  });
});

describe('error policy', () => {
  it('continue: records the error, sets the output to { error } and goes on', async () => {
    const { result, records } = await run(
      doc([
        step(
          'http-1',
          'fail',
          { code: 'NOT_FOUND', message: 'No such account' },
          { onError: { then: 'continue' } },
        ),
        step('echo-1', 'echo', { code: { $jsonpath: '$.steps.http-1.error.code' } }),
      ]),
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs['echo-1']).toEqual({ code: 'NOT_FOUND' });
    expect(records.map((r) => [r.stepId, r.status])).toEqual([
      ['http-1', 'error'],
      ['echo-1', 'ok'],
    ]);
  });

  it('branch: runs the error steps with $.steps.<id>.error set, then goes on', async () => {
    const { result, records } = await run(
      doc([
        step(
          'http-1',
          'fail',
          { code: 'NOT_FOUND', message: 'No such account' },
          {
            onError: { then: 'branch' },
            error: [step('notify', 'echo', { text: 'Failed: {$.steps.http-1.error.message}' })],
          },
        ),
        step('after', 'echo'),
      ]),
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs.notify).toEqual({ text: 'Failed: Step "http-1": No such account' });
    expect(records.map((r) => [r.place, r.status])).toEqual([
      ['http-1', 'error'],
      ['notify', 'ok'],
      ['after', 'ok'],
    ]);
  });

  it('wraps an unexpected throw as INTERNAL and says it is a bug', async () => {
    const { result } = await run(doc([step('x-1', 'crash')]));
    expect(result.error?.code).toBe('INTERNAL');
    expect(result.error?.message).toBe(
      'Step "x-1": test.crash failed with an unexpected error (a bug in Stepwise, please report it): undefined is not a function',
    );
  });

  it('fails with UNKNOWN_CONNECTOR for an unknown connector or operation', async () => {
    const a = await run(doc([{ id: 'x-1', connector: 'nope', operation: 'echo', input: {} }]));
    expect(a.result.error).toEqual({
      code: 'UNKNOWN_CONNECTOR',
      stepId: 'x-1',
      message: 'Step "x-1": there is no connector "nope" (known: test)',
    });
    const b = await run(doc([step('x-1', 'nope')]));
    expect(b.result.error?.message).toBe(
      'Step "x-1": the connector "test" has no operation "nope"',
    );
  });
});

describe('authentication', () => {
  const auths: Record<string, ResolvedAuth> = {
    auth_1: { id: 'auth_1', connector: 'test', fields: { token: 'tok-SECRET-123', region: 'eu' } },
    auth_a: { id: 'auth_a', connector: 'test', fields: { token: 'alpha-secret' } },
    auth_b: { id: 'auth_b', connector: 'test', fields: { token: 'beta-secret' } },
  };
  const resolveAuth = async (id: string) => {
    const auth = auths[id];
    if (!auth)
      throw new (await import('../../engine/index.js')).StepError(
        'AUTH_MISSING',
        `Authentication "${id}" does not exist`,
      );
    return auth;
  };

  it('fails with AUTH_MISSING when the operation needs an authentication and the step has none', async () => {
    const { result, connector } = await run(doc([step('who-1', 'whoami')]), { resolveAuth });
    expect(result.error).toEqual({
      code: 'AUTH_MISSING',
      stepId: 'who-1',
      message:
        'Step "who-1" (test.whoami) needs an authentication: choose one for "test" in the step\'s settings',
    });
    expect(connector.calls.size).toBe(0);
  });

  it('names the step when the authentication does not exist', async () => {
    const { result } = await run(doc([step('who-1', 'whoami', {}, { auth: 'auth_gone' })]), {
      resolveAuth,
    });
    expect(result.error).toEqual({
      code: 'AUTH_MISSING',
      stepId: 'who-1',
      message: 'Step "who-1": Authentication "auth_gone" does not exist',
    });
  });

  it('passes the resolved authentication, and one per service for a two-service operation', async () => {
    const calls: unknown[] = [];
    const { result } = await run(
      doc([
        step('who-1', 'whoami', {}, { auth: 'auth_1' }),
        step('pair-1', 'pair', {}, { auth: { alpha: 'auth_a', beta: 'auth_b' } }),
      ]),
      {
        resolveAuth: async (id, ctx) => {
          calls.push([id, ctx]);
          return resolveAuth(id);
        },
      },
    );
    expect(result.outputs['pair-1']).toEqual({ alpha: 'auth_a', beta: 'auth_b' });
    expect(calls).toEqual([
      ['auth_1', { connector: 'test', stepId: 'who-1', service: null }],
      ['auth_a', { connector: 'alpha', stepId: 'pair-1', service: 'alpha' }],
      ['auth_b', { connector: 'beta', stepId: 'pair-1', service: 'beta' }],
    ]);
  });

  it('fails with AUTH_MISSING naming the service that has no authentication', async () => {
    const { result } = await run(doc([step('pair-1', 'pair', {}, { auth: { alpha: 'auth_a' } })]), {
      resolveAuth,
    });
    expect(result.error).toEqual({
      code: 'AUTH_MISSING',
      stepId: 'pair-1',
      message: 'Step "pair-1" (test.pair) needs an authentication for beta: set auth.beta',
    });
  });

  it('sends an idempotency key made of the run id and the place, the same on every attempt', async () => {
    const { connector } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2] },
          steps: [
            step('http-1', 'fail', flaky({ times: 1, key: '{$.steps.loop-1.index}' }), {
              onError: { retries: 1 },
            }),
          ],
        },
      ]),
      { runId: 'run_9' },
    );
    expect(connector.log.map((l) => l.call.idempotencyKey)).toEqual([
      'run_9:loop-1[0] > http-1',
      'run_9:loop-1[0] > http-1',
      'run_9:loop-1[1] > http-1',
      'run_9:loop-1[1] > http-1',
    ]);
  });
});
