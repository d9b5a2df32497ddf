// The storage connector's operations through the engine, with the engine's in-memory store
// (the CLI's): each operation's normal case and each bad input, scopes kept apart, and the
// 1 MiB and 256-character limits. The SQLite store on the real server: test/server/storage.test.ts.
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../engine/index.js';
import { fails, ok } from './helpers.js';

describe('storage connector', () => {
  const host = createMemoryStorage();
  const run1 = {
    storage: host.forRun({ runId: 'run_1', workflowId: 'wf_1' }),
    runId: 'run_1',
    workflowId: 'wf_1',
  };
  const run2 = {
    storage: host.forRun({ runId: 'run_2', workflowId: 'wf_1' }),
    runId: 'run_2',
    workflowId: 'wf_1',
  };
  const other = {
    storage: host.forRun({ runId: 'run_3', workflowId: 'wf_2' }),
    runId: 'run_3',
    workflowId: 'wf_2',
  };

  it("set then get, per scope: run values are the run's, workflow values the workflow's, account values everyone's", async () => {
    for (const scope of ['run', 'workflow', 'account'])
      expect(await ok('storage', 'set', { scope, key: 'k', value: { scope } }, run1)).toEqual({
        value: { scope },
      });
    expect(await ok('storage', 'get', { scope: 'run', key: 'k' }, run1)).toEqual({
      found: true,
      value: { scope: 'run' },
    });
    expect(await ok('storage', 'get', { scope: 'run', key: 'k' }, run2)).toEqual({
      found: false,
      value: null,
    });
    expect(await ok('storage', 'get', { scope: 'workflow', key: 'k' }, run2)).toEqual({
      found: true,
      value: { scope: 'workflow' },
    });
    expect(await ok('storage', 'get', { scope: 'workflow', key: 'k', default: 0 }, other)).toEqual({
      found: false,
      value: 0,
    });
    expect(await ok('storage', 'get', { scope: 'account', key: 'k' }, other)).toEqual({
      found: true,
      value: { scope: 'account' },
    });
    host.clearRun('run_1');
    expect(await ok('storage', 'get', { scope: 'run', key: 'k' }, run1)).toEqual({
      found: false,
      value: null,
    });
  });

  it('append one item or several; increment by 1 or by an amount; delete; list keys by prefix', async () => {
    expect(
      await ok('storage', 'append', { scope: 'workflow', key: 'seen', value: 'a' }, run1),
    ).toEqual({ length: 1 });
    expect(
      await ok('storage', 'append', { scope: 'workflow', key: 'seen', items: ['b', 'c'] }, run2),
    ).toEqual({ length: 3 });
    expect(await ok('storage', 'get', { scope: 'workflow', key: 'seen' }, run1)).toEqual({
      found: true,
      value: ['a', 'b', 'c'],
    });
    expect(await ok('storage', 'increment', { scope: 'workflow', key: 'n' }, run1)).toEqual({
      value: 1,
    });
    expect(
      await ok('storage', 'increment', { scope: 'workflow', key: 'n', by: -3.5 }, run1),
    ).toEqual({ value: -2.5 });
    expect(await ok('storage', 'list_keys', { scope: 'workflow' }, run1)).toEqual({
      keys: ['k', 'n', 'seen'],
    });
    expect(await ok('storage', 'list_keys', { scope: 'workflow', prefix: 's' }, run1)).toEqual({
      keys: ['seen'],
    });
    expect(await ok('storage', 'delete', { scope: 'workflow', key: 'n' }, run1)).toEqual({
      deleted: true,
    });
    expect(await ok('storage', 'delete', { scope: 'workflow', key: 'n' }, run1)).toEqual({
      deleted: false,
    });
  });

  it('bad inputs name the field', async () => {
    await fails('storage', 'get', { scope: 'galaxy', key: 'k' }, 'INPUT_INVALID', 'scope', run1);
    await fails('storage', 'get', { key: 'k' }, 'INPUT_INVALID', 'scope', run1);
    await fails('storage', 'get', { scope: 'run', key: '' }, 'INPUT_INVALID', 'key', run1);
    await fails('storage', 'get', { scope: 'run', key: 42 }, 'INPUT_INVALID', 'key', run1);
    await fails(
      'storage',
      'set',
      { scope: 'run', key: 'x'.repeat(257), value: 1 },
      'INPUT_INVALID',
      'key',
      run1,
    );
    await fails('storage', 'set', { scope: 'run', key: 'k' }, 'INPUT_INVALID', 'value', run1);
    await fails('storage', 'append', { scope: 'run', key: 'k' }, 'INPUT_INVALID', 'value', run1);
    await fails(
      'storage',
      'append',
      { scope: 'run', key: 'k', value: 1, items: [2] },
      'INPUT_INVALID',
      'items',
      run1,
    );
    await fails(
      'storage',
      'append',
      { scope: 'run', key: 'k', items: 'ab' },
      'INPUT_INVALID',
      'items',
      run1,
    );
    await fails(
      'storage',
      'increment',
      { scope: 'run', key: 'k', by: '2' },
      'INPUT_INVALID',
      'by',
      run1,
    );
    await fails(
      'storage',
      'list_keys',
      { scope: 'run', prefix: 3 },
      'INPUT_INVALID',
      'prefix',
      run1,
    );
    await fails('storage', 'delete', { scope: 'run' }, 'INPUT_INVALID', 'key', run1);
  });

  it('a key holding something else cannot be incremented or appended to; the key is named', async () => {
    await ok('storage', 'set', { scope: 'workflow', key: 'label', value: 'gold' }, run1);
    const inc = await fails(
      'storage',
      'increment',
      { scope: 'workflow', key: 'label' },
      'INPUT_INVALID',
      'key',
      run1,
    );
    expect(inc.message).toContain('"label" holds text, not a number');
    await ok('storage', 'set', { scope: 'workflow', key: 'obj', value: { a: 1 } }, run1);
    const app = await fails(
      'storage',
      'append',
      { scope: 'workflow', key: 'obj', value: 1 },
      'INPUT_INVALID',
      'key',
      run1,
    );
    expect(app.message).toContain('"obj" holds an object, not a list');
  });

  it('a value over 1 MiB of JSON is VALUE_TOO_LARGE naming the key and the size; 1 MiB itself fits', async () => {
    const big = 'é'.repeat(600_000); // 1,200,002 bytes of UTF-8 JSON
    const e = await fails(
      'storage',
      'set',
      { scope: 'run', key: 'big', value: big },
      'VALUE_TOO_LARGE',
      undefined,
      run1,
    );
    expect(e.message).toContain('"big"');
    expect(e.message).toContain('1200002 bytes');
    expect(e.details).toMatchObject({ key: 'big', bytes: 1_200_002 });
    await ok(
      'storage',
      'set',
      { scope: 'run', key: 'fits', value: 'x'.repeat(1024 * 1024 - 2) },
      run1,
    );
    await ok('storage', 'set', { scope: 'run', key: 'list', value: ['x'.repeat(700_000)] }, run1);
    const grown = await fails(
      'storage',
      'append',
      { scope: 'run', key: 'list', value: 'y'.repeat(400_000) },
      'VALUE_TOO_LARGE',
      undefined,
      run1,
    );
    expect(grown.message).toContain('"list"');
    expect(await ok('storage', 'get', { scope: 'run', key: 'list' }, run1)).toMatchObject({
      value: ['x'.repeat(700_000)],
    });
  });
});
