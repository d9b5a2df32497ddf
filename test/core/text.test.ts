// The text connector: each operation's normal case and its bad inputs (INPUT_INVALID naming
// the field), and the regular expressions that run in the QuickJS sandbox.
import { describe, expect, it } from 'vitest';
import { fails, ok } from './helpers.js';

describe('text connector', () => {
  it('split cuts at the separator, optionally trimming and dropping empty parts', async () => {
    expect(await ok('text', 'split', { text: 'a, b,,c', separator: ',' })).toEqual({
      parts: ['a', ' b', '', 'c'],
    });
    expect(
      await ok('text', 'split', { text: 'a, b,,c', separator: ',', trim: true, removeEmpty: true }),
    ).toEqual({ parts: ['a', 'b', 'c'] });
    expect(await ok('text', 'split', { text: 'héé', separator: '' })).toEqual({
      parts: ['h', 'é', 'é'],
    });
    await fails('text', 'split', { text: null, separator: ',' }, 'INPUT_INVALID', 'text');
    await fails('text', 'split', { text: 'a' }, 'INPUT_INVALID', 'separator');
    await fails('text', 'split', { text: ['a'], separator: ',' }, 'INPUT_INVALID', 'text');
  });

  it('join puts texts and numbers together; an object item is named', async () => {
    expect(await ok('text', 'join', { list: ['a', 2, true], separator: ', ' })).toEqual({
      text: 'a, 2, true',
    });
    const error = await fails('text', 'join', { list: ['a', { x: 1 }] }, 'INPUT_INVALID', 'list.1');
    expect(error.message).toContain('Pluck');
    await fails('text', 'join', { list: 'a,b' }, 'INPUT_INVALID', 'list');
  });

  it('replace replaces every occurrence or the first, literally (no pattern characters)', async () => {
    expect(await ok('text', 'replace', { text: 'a.b.c', find: '.', replaceWith: '-' })).toEqual({
      text: 'a-b-c',
    });
    expect(
      await ok('text', 'replace', { text: 'a.b.c', find: '.', replaceWith: '', all: false }),
    ).toEqual({ text: 'ab.c' });
    expect(
      await ok('text', 'replace', { text: 'price $1', find: '$1', replaceWith: '$2' }),
    ).toEqual({ text: 'price $2' });
    await fails(
      'text',
      'replace',
      { text: 'a', find: '', replaceWith: 'b' },
      'INPUT_INVALID',
      'find',
    );
    await fails('text', 'replace', { text: 'a', find: 'a' }, 'INPUT_INVALID', 'replaceWith');
  });

  it('replace with a regular expression, groups and flags', async () => {
    expect(
      await ok('text', 'replace', {
        text: 'Order 12 and 345',
        find: '(\\d+)',
        replaceWith: '#$1',
        regex: true,
      }),
    ).toEqual({ text: 'Order #12 and #345' });
    expect(
      await ok('text', 'replace', {
        text: 'ACME acme',
        find: '/acme/i',
        replaceWith: 'X',
        regex: true,
        all: false,
      }),
    ).toEqual({ text: 'X acme' });
    const bad = await fails(
      'text',
      'replace',
      { text: 'a', find: '(a', replaceWith: 'b', regex: true },
      'INPUT_INVALID',
      'find',
    );
    expect(bad.message).toContain('not a valid regular expression');
  });

  it('a catastrophic pattern is stopped by the time limit instead of freezing the process', async () => {
    const error = await fails(
      'text',
      'extract',
      { text: `${'a'.repeat(40)}b`, regex: '^(a+)+$' },
      'INPUT_INVALID',
      'regex',
    );
    expect(error.message).toContain('took longer');
    // The sandbox that was stopped is replaced: the next pattern works.
    expect(await ok('text', 'extract', { text: 'aaa', regex: '^(a+)+$' })).toMatchObject({
      found: true,
    });
  });

  it('change_case: upper, lower, title, sentence, camel, snake, kebab', async () => {
    const to = async (text: string, to: string) =>
      ((await ok('text', 'change_case', { text, to })) as { text: string }).text;
    expect(await to('hello World', 'upper')).toBe('HELLO WORLD');
    expect(await to('Hello WORLD', 'lower')).toBe('hello world');
    expect(await to('the ACME corp-europe', 'title')).toBe('The Acme Corp-Europe');
    expect(await to('HELLO THERE. bye', 'sentence')).toBe('Hello there. bye');
    expect(await to('Account Owner email', 'camel')).toBe('accountOwnerEmail');
    expect(await to('accountOwnerEmail', 'snake')).toBe('account_owner_email');
    expect(await to('Account Owner', 'kebab')).toBe('account-owner');
    expect(await to(42 as unknown as string, 'upper')).toBe('42');
    await fails('text', 'change_case', { text: 'a', to: 'shout' }, 'INPUT_INVALID', 'to');
    await fails('text', 'change_case', { text: { a: 1 }, to: 'upper' }, 'INPUT_INVALID', 'text');
  });

  it('trim removes spaces at both ends, or one', async () => {
    expect(await ok('text', 'trim', { text: '  a b \n' })).toEqual({ text: 'a b' });
    expect(await ok('text', 'trim', { text: '  a ', side: 'start' })).toEqual({ text: 'a ' });
    await fails('text', 'trim', { text: null }, 'INPUT_INVALID', 'text');
    await fails('text', 'trim', { text: 'a', side: 'middle' }, 'INPUT_INVALID', 'side');
  });

  it('substring counts characters, with a negative start from the end', async () => {
    expect(await ok('text', 'substring', { text: 'Stepwise', start: 0, length: 4 })).toEqual({
      text: 'Step',
    });
    expect(await ok('text', 'substring', { text: 'Stepwise', start: -4 })).toEqual({
      text: 'wise',
    });
    expect(await ok('text', 'substring', { text: '👍ok', start: 1 })).toEqual({ text: 'ok' });
    await fails('text', 'substring', { text: 'a', start: 1.5 }, 'INPUT_INVALID', 'start');
    await fails('text', 'substring', { text: 'a', start: '1' }, 'INPUT_INVALID', 'start');
    await fails(
      'text',
      'substring',
      { text: 'a', start: 0, length: -1 },
      'INPUT_INVALID',
      'length',
    );
  });

  it('extract takes a group of the first match, or of every match', async () => {
    expect(
      await ok('text', 'extract', { text: 'Order #1234 shipped', regex: '#(\\d+)', group: 1 }),
    ).toEqual({
      found: true,
      match: '1234',
      matches: ['1234'],
    });
    expect(
      await ok('text', 'extract', {
        text: 'a1 b22 c333',
        regex: '(?<n>\\d+)',
        group: 'n',
        all: true,
      }),
    ).toEqual({ found: true, match: '1', matches: ['1', '22', '333'] });
    expect(await ok('text', 'extract', { text: 'none', regex: '\\d+' })).toEqual({
      found: false,
      match: null,
      matches: [],
    });
    await fails(
      'text',
      'extract',
      { text: 'a1', regex: '(\\d)', group: 2 },
      'INPUT_INVALID',
      'group',
    );
    await fails('text', 'extract', { text: 'a1', regex: '[' }, 'INPUT_INVALID', 'regex');
    await fails('text', 'extract', { text: 'a1' }, 'INPUT_INVALID', 'regex');
  });

  it('pad adds characters at the start or the end', async () => {
    expect(await ok('text', 'pad', { text: 42, length: 5, with: '0' })).toEqual({ text: '00042' });
    expect(await ok('text', 'pad', { text: 'ab', length: 4, side: 'end' })).toEqual({
      text: 'ab  ',
    });
    await fails('text', 'pad', { text: 'a', length: 'five' }, 'INPUT_INVALID', 'length');
    await fails('text', 'pad', { text: 'a', length: 3, with: '' }, 'INPUT_INVALID', 'with');
  });

  it('length counts characters', async () => {
    expect(await ok('text', 'length', { text: 'héllo 👍' })).toEqual({ length: 7 });
    await fails('text', 'length', {}, 'INPUT_INVALID', 'text');
    await fails('text', 'length', { text: [1] }, 'INPUT_INVALID', 'text');
  });
});
