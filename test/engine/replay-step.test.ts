import { describe, expect, it } from 'vitest';
import { parseWorkflow, replayStep, type Step } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';

const stepOf = (raw: unknown): Step => {
  const parsed = parseWorkflow({ name: 'r', trigger: { type: 'manual' }, steps: [raw] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.workflow.steps[0];
};

describe('replayStep', () => {
  it('runs one connector step again with the given input and answers its redacted record', async () => {
    const connector = createTestConnector();
    let t = 1_000;
    const record = await replayStep({
      step: stepOf({
        id: 'who-1',
        connector: 'test',
        operation: 'whoami',
        auth: 'auth_1',
        input: { ignored: { $jsonpath: '$.never.evaluated' } },
      }),
      input: { a: 1 },
      catalog: connector.catalog,
      resolveAuth: async (id) => ({ id, connector: 'test', fields: { token: 'secret-token-9' } }),
      runId: 'run_7',
      place: 'loop-1[2] > who-1',
      seq: 12,
      now: () => (t += 10),
    });
    expect(record).toEqual({
      runId: 'run_7',
      seq: 12,
      stepId: 'who-1',
      place: 'loop-1[2] > who-1',
      status: 'ok',
      attempt: 1,
      input: { a: 1 },
      output: { authId: 'auth_1', token: '[redacted]', header: 'Bearer [redacted]' },
      error: null,
      startedAt: new Date(1010).toISOString(),
      durationMs: 10,
    });
    expect(connector.log[0].call.input).toEqual({ a: 1 });
    expect(connector.log[0].call.idempotencyKey).toBe('run_7:loop-1[2] > who-1:replay:1010');
  });

  it('answers an error record with the step and field named when the input does not fit', async () => {
    const record = await replayStep({
      step: stepOf({ id: 'slack-1', connector: 'test', operation: 'strict', input: {} }),
      input: { channel: '#a', count: 'x' },
      catalog: createTestConnector().catalog,
      runId: 'run_7',
    });
    expect(record.status).toBe('error');
    expect(record.error).toMatchObject({
      code: 'INPUT_INVALID',
      message: 'Step "slack-1" (test.strict), input "count": Expected a number, got text',
    });
  });

  it('refuses to replay a loop', async () => {
    const record = await replayStep({
      step: stepOf({ id: 'loop-1', type: 'loop', input: { list: [] }, steps: [] }),
      input: {},
      catalog: createTestConnector().catalog,
      runId: 'run_7',
    });
    expect(record.status).toBe('error');
    expect(record.error).toMatchObject({
      code: 'INPUT_INVALID',
      message: 'Step "loop-1" is a loop step; only connector steps can be replayed',
    });
  });
});
