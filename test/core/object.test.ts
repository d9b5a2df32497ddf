// The object connector: each operation's normal case and bad inputs.
import { describe, expect, it } from 'vitest';
import { fails, ok } from './helpers.js';

describe('object connector', () => {
  it('merge: later objects win; deep merges nested objects and replaces lists', async () => {
    expect(
      await ok('object', 'merge', {
        objects: [
          { a: 1, n: { x: 1 } },
          { b: 2, n: { y: 2 } },
        ],
      }),
    ).toEqual({
      result: { a: 1, b: 2, n: { y: 2 } },
    });
    expect(
      await ok('object', 'merge', {
        objects: [{ n: { x: 1, l: [1] } }, { n: { y: 2, l: [2] } }],
        deep: true,
      }),
    ).toEqual({ result: { n: { x: 1, y: 2, l: [2] } } });
    await fails('object', 'merge', { objects: [{ a: 1 }, [1]] }, 'INPUT_INVALID', 'objects.1');
    await fails('object', 'merge', { objects: {} }, 'INPUT_INVALID', 'objects');
  });

  it('merge never changes a prototype, whatever the keys', async () => {
    const evil = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    );
    await ok('object', 'merge', { objects: [{}, evil], deep: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('pick and omit keep or remove fields', async () => {
    const object = { name: 'Acme', tier: 'gold', arr: 10 };
    expect(await ok('object', 'pick', { object, keys: ['name', 'missing'] })).toEqual({
      result: { name: 'Acme' },
    });
    expect(await ok('object', 'omit', { object, keys: ['arr'] })).toEqual({
      result: { name: 'Acme', tier: 'gold' },
    });
    await fails('object', 'pick', { object: [1], keys: ['a'] }, 'INPUT_INVALID', 'object');
    await fails('object', 'omit', { object, keys: 'arr' }, 'INPUT_INVALID', 'keys');
  });

  it('get_value reads a dotted path, with a default', async () => {
    const object = { account: { owners: [{ email: 'o@x.com' }] } };
    expect(await ok('object', 'get_value', { object, path: 'account.owners.0.email' })).toEqual({
      found: true,
      value: 'o@x.com',
    });
    expect(
      await ok('object', 'get_value', { object, path: 'account.tier', default: 'bronze' }),
    ).toEqual({
      found: false,
      value: 'bronze',
    });
    expect(await ok('object', 'get_value', { object, path: 'account.owners.5' })).toEqual({
      found: false,
      value: null,
    });
    await fails('object', 'get_value', { object: 'text', path: 'a' }, 'INPUT_INVALID', 'object');
    await fails('object', 'get_value', { object, path: '' }, 'INPUT_INVALID', 'path');
    await fails('object', 'get_value', { object, path: 'a..b' }, 'INPUT_INVALID', 'path');
  });

  it('set_value writes at a path into a copy, making objects on the way', async () => {
    expect(
      await ok('object', 'set_value', { object: { a: { b: 1 } }, path: 'a.c.d', value: 2 }),
    ).toEqual({
      result: { a: { b: 1, c: { d: 2 } } },
    });
    expect(
      await ok('object', 'set_value', { object: { l: [1, 2] }, path: 'l.1', value: 9 }),
    ).toEqual({
      result: { l: [1, 9] },
    });
    await ok('object', 'set_value', { object: {}, path: '__proto__.polluted', value: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await fails(
      'object',
      'set_value',
      { object: { l: [] }, path: 'l.x', value: 1 },
      'INPUT_INVALID',
      'path',
    );
    await fails(
      'object',
      'set_value',
      { object: null, path: 'a', value: 1 },
      'INPUT_INVALID',
      'object',
    );
    await fails('object', 'set_value', { object: {}, path: 'a' }, 'INPUT_INVALID', 'value');
  });

  it('keys, values and entries', async () => {
    const object = { a: 1, b: 'x' };
    expect(await ok('object', 'keys', { object })).toEqual({ keys: ['a', 'b'] });
    expect(await ok('object', 'values', { object })).toEqual({ values: [1, 'x'] });
    expect(await ok('object', 'entries', { object })).toEqual({
      entries: [
        { key: 'a', value: 1 },
        { key: 'b', value: 'x' },
      ],
    });
    await fails('object', 'keys', { object: 'abc' }, 'INPUT_INVALID', 'object');
    await fails('object', 'values', { object: [1] }, 'INPUT_INVALID', 'object');
    await fails('object', 'entries', {}, 'INPUT_INVALID', 'object');
  });

  it('parse_json and to_json', async () => {
    expect(await ok('object', 'parse_json', { text: '{"a":[1,2]}' })).toEqual({
      value: { a: [1, 2] },
    });
    const e = await fails('object', 'parse_json', { text: '{a:1}' }, 'INPUT_INVALID', 'text');
    expect(e.message).toContain('not valid JSON');
    await fails('object', 'parse_json', { text: 12 }, 'INPUT_INVALID', 'text');
    expect(await ok('object', 'to_json', { value: { a: 1 } })).toEqual({ text: '{"a":1}' });
    expect(await ok('object', 'to_json', { value: [1], pretty: true })).toEqual({
      text: '[\n  1\n]',
    });
    await fails('object', 'to_json', { value: 1, pretty: 'yes' }, 'INPUT_INVALID', 'pretty');
    await fails('object', 'to_json', {}, 'INPUT_INVALID', 'value');
  });
});
