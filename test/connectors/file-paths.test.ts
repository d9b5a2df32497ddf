// The files folder is a jail: `..`, absolute paths and links leading outside are refused
// with FORBIDDEN and a message naming the path, for reads, writes, lists and deletes.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveFilePath } from '../../connectors/file/paths.js';
import { createCatalog } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callOperation, failure } from './helpers.js';

let base: ReturnType<typeof tempDir>;
let filesDir: string;
let outside: string;

/** Through the catalog, as the engine calls it (the output is checked against its schema there). */
const run = (operation: string, raw: Record<string, unknown>) =>
  callOperation(createCatalog({ filesDir }), 'file', operation, raw);

beforeEach(() => {
  base = tempDir('stepwise-files-');
  filesDir = path.join(base.path, 'data', 'files');
  outside = path.join(base.path, 'outside');
  mkdirSync(filesDir, { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
});
afterEach(() => base.remove());

describe('file connector path confinement', () => {
  it.each([
    ['../outside/secret.txt', '".." would leave the files folder'],
    ['reports/../../outside/secret.txt', '".." would leave the files folder'],
    ['..\\outside\\secret.txt', '".." would leave the files folder'],
    ['/etc/passwd', 'absolute paths are refused'],
    ['C:/Windows/win.ini', 'absolute paths are refused'],
  ])('refuses to read %s', async (userPath, why) => {
    const err = await failure(run('read_file', { path: userPath, format: 'text' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe(
      `The path "${userPath}" is not allowed: ${why}. Paths are relative to the files folder, e.g. "reports/accounts.csv".`,
    );
    expect(err.details).toEqual({ path: userPath });
  });

  it('refuses to read through a link that leads outside', async () => {
    symlinkSync(path.join(outside, 'secret.txt'), path.join(filesDir, 'innocent.txt'));
    const err = await failure(run('read_file', { path: 'innocent.txt', format: 'text' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(
      '"innocent.txt" is not allowed: it leads outside the files folder through a link',
    );
  });

  it('refuses to write into a linked folder that leads outside, and writes nothing there', async () => {
    symlinkSync(outside, path.join(filesDir, 'exports'));
    const err = await failure(
      run('write_file', { path: 'exports/new.txt', format: 'text', text: 'x' }),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
  });

  it('refuses to write through a dangling link that points outside', async () => {
    symlinkSync(path.join(outside, 'not-yet.txt'), path.join(filesDir, 'trap.txt'));
    const err = await failure(run('write_file', { path: 'trap.txt', format: 'text', text: 'x' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(existsSync(path.join(outside, 'not-yet.txt'))).toBe(false);
  });

  it('refuses to delete or append outside', async () => {
    expect((await failure(run('delete_file', { path: '../outside/secret.txt' }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await failure(run('append_csv', { path: '../outside/x.csv', rows: [{ a: 1 }] }))).code,
    ).toBe('FORBIDDEN');
    expect((await failure(run('list_files', { dir: '..' }))).code).toBe('FORBIDDEN');
    expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
  });

  it('follows links that stay inside the folder', async () => {
    mkdirSync(path.join(filesDir, 'real'));
    writeFileSync(path.join(filesDir, 'real', 'a.txt'), 'inside');
    symlinkSync(path.join(filesDir, 'real'), path.join(filesDir, 'alias'));
    expect(await run('read_file', { path: 'alias/a.txt', format: 'text' })).toEqual({
      text: 'inside',
    });
  });

  it('leaves links that lead outside out of listings', async () => {
    writeFileSync(path.join(filesDir, 'kept.csv'), 'a\n1\n');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(filesDir, 'leak.txt'));
    symlinkSync(outside, path.join(filesDir, 'leak-dir'));
    const { files } = (await run('list_files', {})) as { files: { path: string }[] };
    expect(files.map((f) => f.path)).toEqual(['kept.csv']);
  });

  it('answers a normalised relative path and creates the folder on first use', async () => {
    const fresh = path.join(base.path, 'fresh', 'files');
    const resolved = await resolveFilePath(fresh, './reports//2026/a.csv');
    expect(resolved.relative).toBe('reports/2026/a.csv');
    expect(
      resolved.absolute.endsWith(path.join('fresh', 'files', 'reports', '2026', 'a.csv')),
    ).toBe(true);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('file connector paths through files', () => {
  it('says when a path goes through a file as if it were a folder', async () => {
    writeFileSync(path.join(filesDir, 'accounts.csv'), 'a\n');
    // Start each call only when it is awaited: a second promise made up front would reject
    // unobserved while the first is awaited.
    const calls = [
      () => run('read_file', { path: 'accounts.csv/x.csv', format: 'csv' }),
      () => run('write_file', { path: 'accounts.csv/x.csv', format: 'text', text: 'x' }),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect(err.code).toBe('INPUT_INVALID');
      expect(err.message).toBe(
        'The path "accounts.csv/x.csv" goes through a file as if it were a folder; check the folder names.',
      );
    }
  });
});
