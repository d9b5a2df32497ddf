import { describe, expect, it } from 'vitest';
import type { ResolvedAuth } from '../../engine/index.js';
import { doc, run, step } from './run-helpers.js';

describe('debug records', () => {
  it('has exactly the fields of WORKFLOW-FORMAT.md, seq counting from 1', async () => {
    let t = Date.parse('2026-11-22T09:00:00.000Z');
    const { records } = await run(doc([step('echo-1', 'echo', { a: 1 }), step('echo-2', 'echo')]), {
      runId: 'run_abc',
      now: () => (t += 5),
    });
    expect(records[0]).toEqual({
      runId: 'run_abc',
      seq: 1,
      stepId: 'echo-1',
      place: 'echo-1',
      status: 'ok',
      attempt: 1,
      input: { a: 1 },
      output: { a: 1 },
      error: null,
      startedAt: '2026-11-22T09:00:00.010Z',
      durationMs: 5,
    });
    expect(records[1].seq).toBe(2);
  });

  it('redacts auth secrets wherever they occur and secret inputs by name, in input, output and error', async () => {
    const auth: ResolvedAuth = {
      id: 'auth_1',
      connector: 'test',
      fields: { token: 'xoxb-SECRET-777', team: 'T1' },
    };
    const { records, result } = await run(
      doc([
        step('who-1', 'whoami', {}, { auth: 'auth_1' }),
        step('hook-1', 'webhook', { url: 'https://hooks.example/T000/B000/XYZsecret', text: 'hi' }),
        step('echo-1', 'echo', { copied: { $jsonpath: '$.steps.who-1.header' } }),
        step('fail-1', 'fail', {
          code: 'AUTH_FAILED',
          message:
            'token {$.steps.who-1.token} was rejected by https://hooks.example/T000/B000/XYZsecret',
        }),
      ]),
      { resolveAuth: async () => auth },
    );
    const text = JSON.stringify(records);
    expect(text).not.toContain('xoxb-SECRET-777');
    expect(text).not.toContain('XYZsecret');
    expect(records[0].output).toEqual({
      authId: 'auth_1',
      token: '[redacted]',
      header: 'Bearer [redacted]',
    });
    expect(records[1].input).toEqual({ url: '[redacted]', text: 'hi' });
    expect(records[1].output).toEqual({ delivered: '[redacted]' });
    expect(records[2].input).toEqual({ copied: 'Bearer [redacted]' });
    expect(records[3].error?.message).toBe(
      'Step "fail-1": token [redacted] was rejected by [redacted]',
    );
    expect(result.error?.message).toBe(
      'Step "fail-1": token [redacted] was rejected by [redacted]',
    );
  });

  it('cuts a value past the size bound with a visible marker', async () => {
    const big = 'x'.repeat(5000);
    const { records, result } = await run(doc([step('echo-1', 'echo', { big })]), {
      limits: { maxValueBytes: 1000 },
    });
    expect(records[0].output).toEqual({
      $truncated: true,
      bytes: 5010,
      keptBytes: 1000,
      preview: `{"big":"${'x'.repeat(992)}`,
    });
    expect(result.outputs['echo-1']).toEqual({ big });
  });

  it("keeps at most maxRecords, plus every error and each loop's last iteration, and counts the rest", async () => {
    const list = Array.from({ length: 50 }, (_, i) => i);
    const { records, result } = await run(
      doc([
        step('first', 'echo'),
        {
          id: 'loop-1',
          type: 'loop',
          input: { list },
          steps: [
            step('a', 'echo', { i: { $jsonpath: '$.steps.loop-1.value' } }),
            step(
              'b',
              'fail',
              {
                code: 'NOT_FOUND',
                message: 'odd {$.steps.loop-1.value}',
                times: 1,
                key: '{$.steps.loop-1.value}',
              },
              { onError: { then: 'continue' } },
            ),
          ],
        },
        step('last', 'echo'),
      ]),
      { limits: { maxRecords: 10 } },
    );
    expect(result.status).toBe('succeeded');
    const places = records.map((r) => r.place);
    // Under the limit everything is kept: first, then iterations 0..3 (a, b) and a of 4.
    expect(places.slice(0, 10)).toEqual([
      'first',
      'loop-1[0] > a',
      'loop-1[0] > b',
      'loop-1[1] > a',
      'loop-1[1] > b',
      'loop-1[2] > a',
      'loop-1[2] > b',
      'loop-1[3] > a',
      'loop-1[3] > b',
      'loop-1[4] > a',
    ]);
    // Past it, each error record is kept with what its iteration did before it.
    expect(places.filter((p) => p.endsWith('> b'))).toHaveLength(50);
    expect(places.slice(-4)).toEqual(['loop-1[49] > a', 'loop-1[49] > b', 'loop-1', 'last']);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(result.stepCount).toBe(records.length);
    expect(result.stepCount + result.recordsOmitted).toBe(1 + 100 + 1 + 1);
  });

  it('keeps the last iteration of a loop that went past the limit without errors', async () => {
    const { records, result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: Array.from({ length: 20 }, (_, i) => i) },
          steps: [
            { id: 'loop-2', type: 'loop', input: { list: [1, 2] }, steps: [step('a', 'echo')] },
          ],
        },
      ]),
      { limits: { maxRecords: 5 } },
    );
    expect(records.map((r) => r.place)).toEqual([
      'loop-1[0] > loop-2[0] > a',
      'loop-1[0] > loop-2[1] > a',
      'loop-1[0] > loop-2',
      'loop-1[1] > loop-2[0] > a',
      'loop-1[1] > loop-2[1] > a',
      'loop-1[19] > loop-2[1] > a',
      'loop-1[19] > loop-2',
      'loop-1',
    ]);
    expect(result.recordsOmitted).toBe(20 * 3 + 1 - 8);
  });

  it('redacts the secrets of every service of a two-service step, in later steps that copy them too', async () => {
    const tokens: Record<string, string> = { auth_a: 'alpha-token-111', auth_b: 'beta-token-222' };
    const { records } = await run(
      doc([
        step(
          'pair-1',
          'pair',
          { note: 'uses {$.trigger.leak}' },
          { auth: { alpha: 'auth_a', beta: 'auth_b' } },
        ),
        step('echo-1', 'echo', { copy: '{$.trigger.leak}' }),
      ]),
      {
        trigger: { leak: 'alpha-token-111 and beta-token-222' },
        resolveAuth: async (id) => ({ id, connector: 'test', fields: { token: tokens[id] } }),
      },
    );
    expect(records[0].input).toEqual({ note: 'uses [redacted] and [redacted]' });
    expect(records[1].input).toEqual({ copy: '[redacted] and [redacted]' });
    expect(JSON.stringify(records)).not.toMatch(/alpha-token|beta-token/);
  });

  it('awaits onRecord and onCheckpoint before the next step starts (a store commits each step first)', async () => {
    const events: string[] = [];
    const connector = (await import('../helpers/test-connector.js')).createTestConnector();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await run(doc([step('a', 'echo'), step('b', 'echo')]), {
      connector,
      onRecord: async (r) => {
        await tick();
        events.push(`record ${r.stepId} (calls so far: ${connector.log.length})`);
      },
      onCheckpoint: async (c) => {
        await tick();
        events.push(`checkpoint ${JSON.stringify(c.at)} (calls so far: ${connector.log.length})`);
      },
    });
    expect(events).toEqual([
      'record a (calls so far: 1)',
      'checkpoint [{"kind":"step","id":"a"}] (calls so far: 1)',
      'record b (calls so far: 2)',
      'checkpoint [{"kind":"step","id":"b"}] (calls so far: 2)',
    ]);
  });
});
