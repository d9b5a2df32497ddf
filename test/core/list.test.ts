// The list connector: each operation's normal case and bad inputs; filter and find with the
// boolean step's operators on fields of each item (@.status).
import { describe, expect, it } from 'vitest';
import { fails, ok, runOp } from './helpers.js';

const accounts = [
  {
    id: 'a1',
    name: 'Acme',
    tier: 'gold',
    arr: 1200,
    renewal: '2024-05-01',
    owner: { email: 'x@a.com' },
  },
  { id: 'a2', name: 'beta', tier: 'silver', arr: '300', renewal: '2024-04-01' },
  { id: 'a3', name: 'Cobalt', tier: 'gold', arr: 50, renewal: null },
];

describe('list connector', () => {
  it('sort: numbers, texts (natural order), by a field, descending; missing values last', async () => {
    expect(await ok('list', 'sort', { list: [10, 9, 100] })).toEqual({ list: [9, 10, 100] });
    expect(await ok('list', 'sort', { list: ['item 10', 'Item 2', 'item 1'] })).toEqual({
      list: ['item 1', 'Item 2', 'item 10'],
    });
    const byRenewal = (await ok('list', 'sort', { list: accounts, by: 'renewal' })) as {
      list: typeof accounts;
    };
    expect(byRenewal.list.map((a) => a.id)).toEqual(['a2', 'a1', 'a3']);
    const desc = (await ok('list', 'sort', { list: accounts, by: '@.name', order: 'desc' })) as {
      list: typeof accounts;
    };
    expect(desc.list.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    await fails('list', 'sort', { list: 'abc' }, 'INPUT_INVALID', 'list');
    await fails('list', 'sort', { list: [], order: 'up' }, 'INPUT_INVALID', 'order');
    await fails('list', 'sort', { list: [], by: 'a..b' }, 'INPUT_INVALID', 'by');
  });

  it('unique keeps the first of each value or field value', async () => {
    expect(await ok('list', 'unique', { list: [1, '1', 1, { a: 1 }, { a: 1 }] })).toEqual({
      list: [1, '1', { a: 1 }],
      removed: 2,
    });
    expect(
      ((await ok('list', 'unique', { list: accounts, by: 'tier' })) as { list: unknown[] }).list,
    ).toHaveLength(2);
    await fails('list', 'unique', { list: { a: 1 } }, 'INPUT_INVALID', 'list');
  });

  it('chunk cuts into lists of a size', async () => {
    expect(await ok('list', 'chunk', { list: [1, 2, 3, 4, 5], size: 2 })).toEqual({
      chunks: [[1, 2], [3, 4], [5]],
    });
    await fails('list', 'chunk', { list: [1], size: 0 }, 'INPUT_INVALID', 'size');
    await fails('list', 'chunk', { list: [1] }, 'INPUT_INVALID', 'size');
  });

  it('concat joins lists; an item that is not a list is named', async () => {
    expect(await ok('list', 'concat', { lists: [[1], [], [2, 3]] })).toEqual({ list: [1, 2, 3] });
    await fails('list', 'concat', { lists: [[1], 'x'] }, 'INPUT_INVALID', 'lists.1');
    await fails('list', 'concat', { lists: [] }, 'INPUT_INVALID', 'lists');
  });

  it('flatten opens nested lists to a depth', async () => {
    expect(await ok('list', 'flatten', { list: [1, [2, [3, [4]]]] })).toEqual({
      list: [1, 2, [3, [4]]],
    });
    expect(await ok('list', 'flatten', { list: [1, [2, [3, [4]]]], depth: 3 })).toEqual({
      list: [1, 2, 3, 4],
    });
    await fails('list', 'flatten', { list: [], depth: 0 }, 'INPUT_INVALID', 'depth');
  });

  it('first and last give an item and the items', async () => {
    expect(await ok('list', 'first', { list: [1, 2, 3] })).toEqual({ item: 1, items: [1] });
    expect(await ok('list', 'first', { list: [1, 2, 3], count: 2 })).toEqual({
      item: 1,
      items: [1, 2],
    });
    expect(await ok('list', 'last', { list: [1, 2, 3], count: 2 })).toEqual({
      item: 3,
      items: [2, 3],
    });
    expect(await ok('list', 'last', { list: [] })).toEqual({ item: null, items: [] });
    await fails('list', 'first', { list: [1], count: -1 }, 'INPUT_INVALID', 'count');
    await fails('list', 'last', { list: null }, 'INPUT_INVALID', 'list');
  });

  it('count', async () => {
    expect(await ok('list', 'count', { list: [1, 2] })).toEqual({ count: 2 });
    await fails('list', 'count', { list: 'ab' }, 'INPUT_INVALID', 'list');
  });

  it('sum, average, min, max of numbers or a field; numeric text counts, other text is named', async () => {
    expect(await ok('list', 'sum', { list: accounts, by: 'arr' })).toEqual({ result: 1550 });
    expect(await ok('list', 'sum', { list: [] })).toEqual({ result: 0 });
    expect(await ok('list', 'average', { list: [1, 2, 3, 4] })).toEqual({ result: 2.5 });
    expect(await ok('list', 'average', { list: [] })).toEqual({ result: null });
    expect(await ok('list', 'min', { list: accounts, by: 'arr' })).toEqual({ result: 50 });
    expect(await ok('list', 'max', { list: [3, '7', -1] })).toEqual({ result: 7 });
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    expect(await ok('list', 'max', { list: big })).toEqual({ result: 199_999 });
    const e = await fails('list', 'sum', { list: [1, 'two'] }, 'INPUT_INVALID', 'list.1');
    expect(e.message).toContain('text "two"');
    await fails('list', 'average', { list: accounts, by: 'name' }, 'INPUT_INVALID', 'list.0.name');
    await fails('list', 'min', { list: [{ a: 1 }, {}], by: 'a' }, 'INPUT_INVALID', 'list.1.a');
    await fails('list', 'max', { list: [null] }, 'INPUT_INVALID', 'list.0');
  });

  it('group_by puts items into groups by a field', async () => {
    const out = (await ok('list', 'group_by', { list: accounts, by: 'tier' })) as {
      groups: Record<string, { id: string }[]>;
      keys: string[];
    };
    expect(out.keys).toEqual(['gold', 'silver']);
    expect(out.groups.gold.map((a) => a.id)).toEqual(['a1', 'a3']);
    // A group named __proto__ never changes a prototype (zod's record drops that key).
    const odd = (await ok('list', 'group_by', { list: [{ k: '__proto__' }, {}], by: 'k' })) as {
      groups: Record<string, unknown[]>;
    };
    expect(Object.getPrototypeOf(odd.groups)).toBe(Object.prototype);
    expect(odd.groups['']).toEqual([{}]);
    await fails('list', 'group_by', { list: accounts }, 'INPUT_INVALID', 'by');
    await fails('list', 'group_by', { list: [{ k: [1] }], by: 'k' }, 'INPUT_INVALID', 'list.0.k');
  });

  it('filter with @ paths, all or any, and the boolean operators', async () => {
    const gold = (await ok('list', 'filter', {
      list: accounts,
      conditions: [{ left: '@.tier', op: 'equals', right: 'gold' }],
    })) as { list: { id: string }[]; count: number };
    expect(gold.list.map((a) => a.id)).toEqual(['a1', 'a3']);
    expect(gold.count).toBe(2);
    const big = (await ok('list', 'filter', {
      list: accounts,
      conditions: [
        { left: '@.arr', op: 'greater_than', right: 100 },
        { left: '@.owner.email', op: 'is_not_empty' },
      ],
      match: 'all',
    })) as { list: { id: string }[] };
    expect(big.list.map((a) => a.id)).toEqual(['a1']);
    const anyOf = (await ok('list', 'filter', {
      list: accounts,
      conditions: [
        { left: '@.name', op: 'starts_with', right: 'b' },
        { left: '@.renewal', op: 'is_empty' },
      ],
      match: 'any',
    })) as { list: { id: string }[] };
    expect(anyOf.list.map((a) => a.id)).toEqual(['a2', 'a3']);
    expect(
      await ok('list', 'filter', {
        list: [1, 5, 10],
        conditions: [{ left: '@', op: 'less_than', right: 6 }],
      }),
    ).toEqual({ list: [1, 5], count: 2 });
    await fails(
      'list',
      'filter',
      { list: accounts, conditions: [] },
      'INPUT_INVALID',
      'conditions',
    );
    await fails(
      'list',
      'filter',
      { list: accounts, conditions: [{ left: '@.tier', op: 'looks_like', right: 'x' }] },
      'INPUT_INVALID',
      'conditions.0.op',
    );
    // The operator's own error names the condition and the item.
    const r = await runOp('list', 'filter', {
      list: accounts,
      conditions: [{ left: '@.owner', op: 'greater_than', right: 3 }],
    });
    expect(r.error?.code).toBe('INPUT_INVALID');
    expect(r.error?.message).toContain('conditions.0');
    expect(r.error?.message).toContain('list item 0');
  });

  it('the right side of a condition can be mapped from the run', async () => {
    const out = (await ok(
      'list',
      'filter',
      { list: accounts, conditions: [{ left: '@.tier', op: 'equals', right: '{$.trigger.tier}' }] },
      { trigger: { tier: 'silver' } },
    )) as { count: number };
    expect(out.count).toBe(1);
  });

  it('pluck takes one field of each item (null where missing)', async () => {
    expect(await ok('list', 'pluck', { list: accounts, field: 'owner.email' })).toEqual({
      values: ['x@a.com', null, null],
      missing: 2,
    });
    await fails('list', 'pluck', { list: accounts }, 'INPUT_INVALID', 'field');
  });

  it('find gives the first item satisfying the conditions and its position', async () => {
    expect(
      await ok('list', 'find', {
        list: accounts,
        conditions: [{ left: '@.name', op: 'equals', right: 'beta' }],
      }),
    ).toEqual({ found: true, item: accounts[1], index: 1 });
    expect(
      await ok('list', 'find', {
        list: accounts,
        conditions: [{ left: '@.name', op: 'equals', right: 'zed' }],
      }),
    ).toEqual({ found: false, item: null, index: null });
    await fails(
      'list',
      'find',
      { list: accounts, conditions: 'name = beta' },
      'INPUT_INVALID',
      'conditions',
    );
  });
});
