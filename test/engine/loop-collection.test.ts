import { describe, expect, it } from 'vitest';
import { doc, run, step } from './run-helpers.js';

const items = ['a', 'b', 'c'];

describe('loop collection', () => {
  it('runs the body once per item and records each iteration under its loop path', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.trigger.items' } },
          steps: [
            step('echo-1', 'echo', {
              item: { $jsonpath: '$.steps.loop-1.value' },
              index: { $jsonpath: '$.steps.loop-1.index' },
            }),
          ],
        },
      ]),
      { trigger: { items } },
    );
    expect(result.status).toBe('succeeded');
    expect(records.map((r) => [r.seq, r.place, r.status])).toEqual([
      [1, 'loop-1[0] > echo-1', 'ok'],
      [2, 'loop-1[1] > echo-1', 'ok'],
      [3, 'loop-1[2] > echo-1', 'ok'],
      [4, 'loop-1', 'ok'],
    ]);
    expect(records[1].output).toEqual({ item: 'b', index: 1 });
    expect(records[3].input).toEqual({ list: items });
    expect(records[3].output).toEqual({ count: 3 });
    expect(result.outputs['loop-1']).toEqual({ count: 3 });
  });

  it('gathers collect values into results, available after the loop', async () => {
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.trigger.items' } },
          collect: { upper: '{$.steps.echo-1.v}!' },
          steps: [step('echo-1', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } })],
        },
        step('after', 'echo', {
          results: { $jsonpath: '$.steps.loop-1.results' },
          count: { $jsonpath: '$.steps.loop-1.count' },
        }),
      ]),
      { trigger: { items } },
    );
    expect(result.outputs.after).toEqual({
      results: [{ upper: 'a!' }, { upper: 'b!' }, { upper: 'c!' }],
      count: 3,
    });
  });

  it('puts body steps out of scope after the loop', async () => {
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: ['x'] },
          steps: [step('echo-1', 'echo', { v: 1 })],
        },
        step('after', 'echo', { v: { $jsonpath: '$.steps.echo-1.v' } }),
      ]),
    );
    expect(result.error).toMatchObject({ code: 'MAPPING_FAILED', stepId: 'after' });
    expect(result.error?.message).toContain('no output of step "echo-1" is available here');
  });

  it('fails the run with MAPPING_FAILED when the list is not a list', async () => {
    const { result, records, connector } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.trigger.account' } },
          steps: [step('echo-1', 'echo')],
        },
      ]),
      { trigger: { account: { name: 'Initech', id: 7 } } },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({
      code: 'MAPPING_FAILED',
      stepId: 'loop-1',
      message:
        'Step "loop-1", input "list": a loop needs a list to go through, but got an object (with name, id) (from $.trigger.account)',
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ place: 'loop-1', status: 'error' });
    expect(connector.calls.size).toBe(0);
  });

  it('runs an empty list zero times', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [] },
          collect: 1,
          steps: [step('echo-1', 'echo')],
        },
      ]),
    );
    expect(result.outputs['loop-1']).toEqual({ count: 0, results: [] });
    expect(records.map((r) => r.place)).toEqual(['loop-1']);
  });

  it('places nested loops as loop-1[i] > loop-2[j] > step', async () => {
    const { records, result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [[1, 2], [3]] },
          collect: { $jsonpath: '$.steps.loop-2.results' },
          steps: [
            {
              id: 'loop-2',
              type: 'loop',
              input: { list: { $jsonpath: '$.steps.loop-1.value' } },
              collect: '{$.steps.loop-1.index}.{$.steps.loop-2.index}={$.steps.loop-2.value}',
              steps: [step('http-1', 'echo', { v: { $jsonpath: '$.steps.loop-2.value' } })],
            },
          ],
        },
      ]),
    );
    expect(records.map((r) => r.place)).toEqual([
      'loop-1[0] > loop-2[0] > http-1',
      'loop-1[0] > loop-2[1] > http-1',
      'loop-1[0] > loop-2',
      'loop-1[1] > loop-2[0] > http-1',
      'loop-1[1] > loop-2',
      'loop-1',
    ]);
    expect(result.outputs['loop-1']).toEqual({
      count: 2,
      results: [['0.0=1', '0.1=2'], ['1.0=3']],
    });
  });

  it('ends a forever loop at a break inside a boolean, skipping the rest of that iteration', async () => {
    const { result, records, connector } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          mode: 'forever',
          maxIterations: 10,
          collect: { $jsonpath: '$.steps.loop-1.index' },
          steps: [
            step('echo-1', 'echo', { i: { $jsonpath: '$.steps.loop-1.index' } }),
            {
              id: 'bool-1',
              type: 'boolean',
              input: {
                conditions: [
                  { left: { $jsonpath: '$.steps.loop-1.index' }, op: 'equals', right: 2 },
                ],
              },
              true: [{ id: 'break-1', type: 'break', loop: 'loop-1' }],
            },
            step('echo-2', 'echo'),
          ],
        },
      ]),
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs['loop-1']).toEqual({ count: 3, results: [0, 1, 2] });
    expect(connector.calls.get('echo')).toBe(3 + 2);
    expect(records.filter((r) => r.stepId === 'break-1').map((r) => [r.place, r.status])).toEqual([
      ['loop-1[2] > break-1', 'ok'],
    ]);
  });

  it('fails a forever loop with MAX_ITERATIONS when no break is reached', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          mode: 'forever',
          maxIterations: 3,
          steps: [step('echo-1', 'echo')],
        },
      ]),
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('MAX_ITERATIONS');
    expect(result.error?.stepId).toBe('loop-1');
    expect(result.error?.message).toContain('Loop "loop-1" ran 3 times (its maxIterations)');
    expect(records.filter((r) => r.stepId === 'echo-1')).toHaveLength(3);
    expect(records.at(-1)).toMatchObject({ place: 'loop-1', status: 'error', output: null });
  });

  it('breaks an outer loop from an inner one', async () => {
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3] },
          steps: [
            {
              id: 'loop-2',
              type: 'loop',
              input: { list: ['a', 'b'] },
              steps: [step('echo-1', 'echo'), { id: 'break-1', type: 'break', loop: 'loop-1' }],
            },
            step('never', 'echo'),
          ],
        },
      ]),
    );
    expect(result.outputs['loop-1']).toEqual({ count: 1 });
  });

  it('records a break whose loop is not running around it as skipped', async () => {
    const { result, records } = await run(
      doc([
        { id: 'loop-1', type: 'loop', input: { list: [1] }, steps: [step('echo-1', 'echo')] },
        { id: 'break-1', type: 'break', loop: 'loop-1' },
        step('echo-2', 'echo'),
      ]),
    );
    expect(result.status).toBe('succeeded');
    expect(records.find((r) => r.stepId === 'break-1')).toMatchObject({
      status: 'skipped',
      output: null,
    });
    expect(result.outputs['echo-2']).toEqual({});
  });

  it('stops at the failing iteration and marks the loop record as failed', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3] },
          steps: [
            step('fail-1', 'fail', {
              code: 'NOT_FOUND',
              message: 'No account {$.steps.loop-1.value}',
              times: 1,
              key: '{$.steps.loop-1.value}',
            }),
          ],
        },
      ]),
    );
    expect(result.error).toEqual({
      code: 'NOT_FOUND',
      stepId: 'fail-1',
      message: 'Step "fail-1": No account 1',
    });
    expect(records.map((r) => [r.place, r.status])).toEqual([
      ['loop-1[0] > fail-1', 'error'],
      ['loop-1', 'error'],
    ]);
    expect(records[1].error?.message).toContain('Loop "loop-1" stopped at index 0');
  });
});

describe('loop collection, more', () => {
  it('fails the loop with MAPPING_FAILED naming "collect" when the collected path finds nothing', async () => {
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [{ a: 1 }] },
          collect: { $jsonpath: '$.steps.loop-1.value.b' },
          steps: [],
        },
      ]),
    );
    expect(result.error).toEqual({
      code: 'MAPPING_FAILED',
      stepId: 'loop-1',
      message:
        'Step "loop-1", input "collect": the path $.steps.loop-1.value.b found nothing (loop-1.value has: a)',
    });
  });

  it('starts each iteration clean: a skipped branch step has no output from the previous item', async () => {
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [true, false] },
          collect: { $jsonpath: '$.steps.maybe.v', default: 'none' },
          steps: [
            {
              id: 'bool-1',
              type: 'boolean',
              input: {
                conditions: [{ left: { $jsonpath: '$.steps.loop-1.value' }, op: 'is_true' }],
              },
              true: [step('maybe', 'echo', { v: 'ran' })],
            },
          ],
        },
      ]),
    );
    expect(result.outputs['loop-1']).toEqual({ count: 2, results: ['ran', 'none'] });
  });

  it('gives connectors a per-step state store that persists across iterations', async () => {
    const stores = new Map<string, Map<string, unknown>>();
    const stateFor = (stepId: string) => {
      const map = stores.get(stepId) ?? new Map<string, unknown>();
      stores.set(stepId, map);
      return {
        get: async (k: string) => map.get(k),
        set: async (k: string, v: unknown) => void map.set(k, v),
      };
    };
    const { result } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3] },
          collect: { $jsonpath: '$.steps.count-1.n' },
          steps: [step('count-1', 'counter'), step('echo-1', 'echo')],
        },
      ]),
      { stateFor },
    );
    expect(result.outputs['loop-1']).toEqual({ count: 3, results: [1, 2, 3] });
    // Only the step that asked for its state got a store.
    expect([...stores.keys()]).toEqual(['count-1']);
    expect(stores.get('count-1')?.get('n')).toBe(3);
  });
});
