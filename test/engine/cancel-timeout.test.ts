import { describe, expect, it } from 'vitest';
import { realSleep } from '../../engine/retry/backoff.js';
import { doc, run, step } from './run-helpers.js';

describe('cancellation and timeouts', () => {
  it('cancels the in-flight step through the AbortSignal and stops the run', async () => {
    const controller = new AbortController();
    const pending = run(doc([step('sleep-1', 'sleep', { ms: 60_000 }), step('never', 'echo')]), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const { result, records, connector } = await pending;
    expect(result.status).toBe('cancelled');
    expect(result.error).toEqual({
      code: 'CANCELLED',
      message: 'The run was cancelled',
      stepId: 'sleep-1',
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      stepId: 'sleep-1',
      status: 'error',
      error: {
        code: 'CANCELLED',
        message: 'Step "sleep-1" was stopped because the run was cancelled',
      },
    });
    expect(connector.log[0].call.signal.aborted).toBe(true);
    expect(connector.calls.get('echo')).toBeUndefined();
  });

  it('cancels during a retry wait', async () => {
    const controller = new AbortController();
    const pending = run(
      doc([
        step(
          'http-1',
          'fail',
          { code: 'CONNECTOR_HTTP_500', retryable: true },
          { onError: { retries: 5, delayMs: 60_000 } },
        ),
      ]),
      { signal: controller.signal, sleep: realSleep },
    );
    setTimeout(() => controller.abort(), 20);
    const { result, records, connector } = await pending;
    expect(result.status).toBe('cancelled');
    expect(connector.calls.get('fail')).toBe(1);
    expect(records[0].error?.code).toBe('CANCELLED');
  });

  it('does not start a run whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result, records, connector } = await run(doc([step('echo-1', 'echo')]), {
      signal: controller.signal,
    });
    expect(result.status).toBe('cancelled');
    expect(records).toHaveLength(0);
    expect(connector.calls.size).toBe(0);
  });

  it('stops a loop between iterations when cancelled', async () => {
    const controller = new AbortController();
    const { result, connector } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3, 4] },
          steps: [step('echo-1', 'echo')],
        },
      ]),
      { signal: controller.signal, onRecord: () => controller.abort() },
    );
    expect(result.status).toBe('cancelled');
    expect(connector.calls.get('echo')).toBe(1);
  });

  it('fails a step that runs past its timeout with STEP_TIMEOUT and aborts its signal', async () => {
    const { result, records, connector } = await run(
      doc([step('sleep-1', 'sleep', { ms: 60_000 }, { timeoutMs: 30 })]),
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('STEP_TIMEOUT');
    expect(result.error?.stepId).toBe('sleep-1');
    expect(result.error?.message).toContain('Step "sleep-1" took longer than its timeout of 30 ms');
    expect(records[0].error?.details).toMatchObject({ timeoutMs: 30 });
    expect(connector.log[0].call.signal.aborted).toBe(true);
  });

  it('uses limits.stepTimeoutMs when the step sets no timeout', async () => {
    const { result } = await run(doc([step('sleep-1', 'sleep', { ms: 60_000 })]), {
      limits: { stepTimeoutMs: 25 },
    });
    expect(result.error?.code).toBe('STEP_TIMEOUT');
    expect(result.error?.message).toContain('timeout of 25 ms');
  });
});
