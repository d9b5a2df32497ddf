import { describe, expect, it } from 'vitest';
import { doc, run, step } from './run-helpers.js';

async function decide(conditions: unknown[], match: 'all' | 'any' = 'all') {
  const { result, records } = await run(
    doc([
      {
        id: 'bool-1',
        type: 'boolean',
        input: { conditions, match },
        true: [step('yes', 'echo', { r: { $jsonpath: '$.steps.bool-1.result' } })],
        false: [step('no', 'echo')],
      },
    ]),
    {
      trigger: {
        n: 10,
        s: 'Initech Corp',
        list: ['a', 'b'],
        empty: [],
        t: true,
        f: 'false',
        obj: { k: 1 },
      },
    },
  );
  return { result, records };
}

const cases: [string, unknown, unknown, boolean][] = [
  ['equals', { $jsonpath: '$.trigger.n' }, 10, true],
  ['equals', { $jsonpath: '$.trigger.n' }, '10', true],
  ['equals', { $jsonpath: '$.trigger.obj' }, { k: 1 }, true],
  ['equals', { $jsonpath: '$.trigger.s' }, 'initech corp', false],
  ['not_equals', { $jsonpath: '$.trigger.n' }, 11, true],
  ['not_equals', { $jsonpath: '$.trigger.n' }, 10, false],
  ['greater_than', { $jsonpath: '$.trigger.n' }, 9, true],
  ['greater_than', '10', '9', true],
  ['greater_than', { $jsonpath: '$.trigger.n' }, 10, false],
  ['less_than', { $jsonpath: '$.trigger.n' }, 11, true],
  ['less_than', '2026-01-01', '2025-12-31', false],
  ['contains', { $jsonpath: '$.trigger.s' }, 'tech', true],
  ['contains', { $jsonpath: '$.trigger.list' }, 'b', true],
  ['contains', { $jsonpath: '$.trigger.list' }, 'z', false],
  ['not_contains', { $jsonpath: '$.trigger.s' }, 'Acme', true],
  ['not_contains', { $jsonpath: '$.trigger.list' }, 'a', false],
  ['starts_with', { $jsonpath: '$.trigger.s' }, 'Init', true],
  ['starts_with', { $jsonpath: '$.trigger.s' }, 'Corp', false],
  ['is_empty', { $jsonpath: '$.trigger.empty' }, undefined, true],
  ['is_empty', '', undefined, true],
  ['is_empty', { $jsonpath: '$.trigger.s' }, undefined, false],
  ['is_not_empty', { $jsonpath: '$.trigger.list' }, undefined, true],
  ['is_not_empty', { $jsonpath: '$.trigger.obj.missing', default: null }, undefined, false],
  ['is_true', { $jsonpath: '$.trigger.t' }, undefined, true],
  ['is_true', { $jsonpath: '$.trigger.f' }, undefined, false],
  ['is_false', { $jsonpath: '$.trigger.f' }, undefined, true],
  ['is_false', { $jsonpath: '$.trigger.t' }, undefined, false],
];

describe('boolean condition', () => {
  it.each(cases)('%s(%j, %j) is %s', async (op, left, right, expected) => {
    const { result } = await decide([{ left, op, right }]);
    expect(result.outputs['bool-1']).toEqual({ result: expected });
    expect(result.outputs[expected ? 'yes' : 'no']).toBeDefined();
    expect(result.outputs[expected ? 'no' : 'yes']).toBeUndefined();
  });

  it('matches all or any of several conditions', async () => {
    const conditions = [
      { left: 1, op: 'equals', right: 1 },
      { left: 1, op: 'equals', right: 2 },
    ];
    expect((await decide(conditions, 'all')).result.outputs['bool-1']).toEqual({ result: false });
    expect((await decide(conditions, 'any')).result.outputs['bool-1']).toEqual({ result: true });
  });

  it('records the branch first and the condition when it ends, and gives no record to the branch not taken', async () => {
    const { records, result } = await decide([
      { left: { $jsonpath: '$.trigger.n' }, op: 'greater_than', right: 5 },
    ]);
    expect(records.map((r) => [r.seq, r.place])).toEqual([
      [1, 'yes'],
      [2, 'bool-1'],
    ]);
    expect(records[1].input).toEqual({
      conditions: [{ left: 10, op: 'greater_than', right: 5 }],
      match: 'all',
    });
    expect(records[1].output).toEqual({ result: true });
    expect(result.outputs.yes).toEqual({ r: true });
  });

  it('fails with INPUT_INVALID naming the step and condition when values cannot be compared', async () => {
    const { result } = await decide([
      { left: { $jsonpath: '$.trigger.obj' }, op: 'greater_than', right: 3 },
    ]);
    expect(result.error?.code).toBe('INPUT_INVALID');
    expect(result.error?.stepId).toBe('bool-1');
    expect(result.error?.message).toBe(
      'Step "bool-1", conditions.0: "greater_than" compares two numbers or two texts, but got an object (with k) and a number (3)',
    );
  });
});
