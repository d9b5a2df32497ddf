// CSV in and out (header row, quoting, embedded newlines, delimiters, BOM, inferTypes),
// JSON, NDJSON and text, plus append, list and delete, against real files in a temp folder.
import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileConnector } from '../../connectors/file/index.js';
import { createCatalog } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callOperation, failure } from './helpers.js';

let base: ReturnType<typeof tempDir>;
let filesDir: string;

/** Through the catalog, as the engine calls it (the output is checked against its schema there). */
const run = (operation: string, raw: Record<string, unknown>) =>
  callOperation(createCatalog({ filesDir }), 'file', operation, raw);
const put = (name: string, content: string | Buffer) => {
  mkdirSync(path.dirname(path.join(filesDir, name)), { recursive: true });
  writeFileSync(path.join(filesDir, name), content);
};
const get = (name: string) => readFileSync(path.join(filesDir, name), 'utf8');

beforeEach(() => {
  base = tempDir('stepwise-files-');
  filesDir = path.join(base.path, 'files');
});
afterEach(() => base.remove());

describe('read_file csv', () => {
  it('keys rows by the header row, with quoting, embedded newlines and doubled quotes', async () => {
    put(
      'a.csv',
      'name,notes,plan\r\n"Acme, Inc.","line one\nline two",gold\r\nInitech,"said ""hi""",\r\n',
    );
    expect(await run('read_file', { path: 'a.csv', format: 'csv' })).toEqual({
      rows: [
        { name: 'Acme, Inc.', notes: 'line one\nline two', plan: 'gold' },
        { name: 'Initech', notes: 'said "hi"', plan: '' },
      ],
    });
  });

  it('strips a byte order mark so the first column keeps its name', async () => {
    put('bom.csv', '\ufeffid,name\n1,Acme\n');
    expect(await run('read_file', { path: 'bom.csv', format: 'csv' })).toEqual({
      rows: [{ id: '1', name: 'Acme' }],
    });
  });

  it('reads a chosen delimiter, and "tab" for tab-separated files', async () => {
    put('semi.csv', 'id;amount\n1;"3,50"\n');
    put('tabs.tsv', 'id\tname\n7\tGlobex\n');
    expect(await run('read_file', { path: 'semi.csv', format: 'csv', delimiter: ';' })).toEqual({
      rows: [{ id: '1', amount: '3,50' }],
    });
    expect(await run('read_file', { path: 'tabs.tsv', format: 'csv', delimiter: 'tab' })).toEqual({
      rows: [{ id: '7', name: 'Globex' }],
    });
  });

  it('fills cells missing at the end of a short row with empty text and skips blank lines', async () => {
    put('short.csv', 'a,b,c\n1,2\n\n4,5,6\n');
    expect(await run('read_file', { path: 'short.csv', format: 'csv' })).toEqual({
      rows: [
        { a: '1', b: '2', c: '' },
        { a: '4', b: '5', c: '6' },
      ],
    });
  });

  it('turns numbers, booleans and empty cells into values with inferTypes, keeping zip codes and long ids as text', async () => {
    put(
      'types.csv',
      'n,f,neg,yes,no,empty,zip,big,word\n42,3.5,-7,TRUE,false,,02134,12345678901234567890,12abc\n',
    );
    expect(await run('read_file', { path: 'types.csv', format: 'csv', inferTypes: true })).toEqual({
      rows: [
        {
          n: 42,
          f: 3.5,
          neg: -7,
          yes: true,
          no: false,
          empty: null,
          zip: '02134',
          big: '12345678901234567890',
          word: '12abc',
        },
      ],
    });
  });

  it('reads latin1 files when told', async () => {
    put('latin.csv', Buffer.from('name\nCaf\xe9 M\xfcller\n', 'latin1'));
    expect(
      await run('read_file', { path: 'latin.csv', format: 'csv', encoding: 'latin1' }),
    ).toEqual({ rows: [{ name: 'Café Müller' }] });
  });

  it('names the line of a row with more fields than columns', async () => {
    put('bad.csv', 'a,b\n1,2\n3,4,5\n');
    const err = await failure(run('read_file', { path: 'bad.csv', format: 'csv' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'The CSV file "bad.csv" could not be read at line 3: a row has more fields than the header row has columns (check the delimiter and the quoting).',
    );
  });

  it('refuses a header row with the same column twice', async () => {
    put('dup.csv', 'id,name,id\n1,a,2\n');
    const err = await failure(run('read_file', { path: 'dup.csv', format: 'csv' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'The CSV file "dup.csv" has the column "id" twice in its header row; rename one of them.',
    );
  });

  it('says which file is missing', async () => {
    const err = await failure(run('read_file', { path: 'nope.csv', format: 'csv' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      'There is no file "nope.csv" in the files folder. Upload it first, or check the name (names are case-sensitive).',
    );
  });

  it('streams a large CSV into rows a loop can walk', async () => {
    const lines = ['id,name,amount'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},"Account ${i}, Ltd",${i * 2}`);
    put('big.csv', `${lines.join('\n')}\n`);
    const { rows } = (await run('read_file', {
      path: 'big.csv',
      format: 'csv',
      inferTypes: true,
    })) as { rows: { id: number; name: string; amount: number }[] };
    expect(rows).toHaveLength(50_000);
    expect(rows[49_999]).toEqual({ id: 49_999, name: 'Account 49999, Ltd', amount: 99_998 });
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(50_000 * 49_999);
  });
});

describe('read_file json, ndjson and text', () => {
  it('reads JSON as data', async () => {
    put('cfg.json', '\ufeff{"channels":["#a"],"n":1}');
    expect(await run('read_file', { path: 'cfg.json', format: 'json' })).toEqual({
      data: { channels: ['#a'], n: 1 },
    });
  });

  it('says a broken JSON file is not valid JSON', async () => {
    put('broken.json', '{"a":');
    const err = await failure(run('read_file', { path: 'broken.json', format: 'json' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(
      /^The file "broken.json" is not valid JSON: .+ Read it with format "text" to see what it holds\.$/,
    );
  });

  it('reads NDJSON line by line and names a bad line', async () => {
    put('events.ndjson', '{"a":1}\r\n\n{"a":2}\n');
    expect(await run('read_file', { path: 'events.ndjson', format: 'ndjson' })).toEqual({
      rows: [{ a: 1 }, { a: 2 }],
    });
    put('bad.ndjson', '{"a":1}\nnot json\n');
    const err = await failure(run('read_file', { path: 'bad.ndjson', format: 'ndjson' }));
    expect(err.message).toMatch(
      /^The NDJSON file "bad.ndjson" has a line that is not JSON at line 2: /,
    );
  });

  it('reads text', async () => {
    put('notes/today.txt', 'hello\nworld');
    expect(await run('read_file', { path: 'notes/today.txt', format: 'text' })).toEqual({
      text: 'hello\nworld',
    });
  });
});

describe('write_file', () => {
  it('writes rows as CSV with a header row, quoting where needed, and reads them back the same', async () => {
    const rows = [
      { name: 'Acme, Inc.', notes: 'two\nlines', active: true, seats: 12, meta: { tier: 'gold' } },
      { name: 'Initech', notes: 'said "hi"', active: false, seats: null, extra: 'x' },
    ];
    expect(await run('write_file', { path: 'out/accounts.csv', format: 'csv', rows })).toEqual({
      path: 'out/accounts.csv',
      bytes: Buffer.byteLength(get('out/accounts.csv')),
    });
    expect(get('out/accounts.csv')).toBe(
      'name,notes,active,seats,meta,extra\n"Acme, Inc.","two\nlines",true,12,"{""tier"":""gold""}",\nInitech,"said ""hi""",false,,,x\n',
    );
    expect(await run('read_file', { path: 'out/accounts.csv', format: 'csv' })).toEqual({
      rows: [
        {
          name: 'Acme, Inc.',
          notes: 'two\nlines',
          active: 'true',
          seats: '12',
          meta: '{"tier":"gold"}',
          extra: '',
        },
        { name: 'Initech', notes: 'said "hi"', active: 'false', seats: '', meta: '', extra: 'x' },
      ],
    });
  });

  it('writes chosen columns, a delimiter and a BOM', async () => {
    await run('write_file', {
      path: 'x.csv',
      format: 'csv',
      rows: [{ a: 1, b: 2, c: 3 }],
      columns: ['c', 'a'],
      delimiter: ';',
      bom: true,
    });
    expect(get('x.csv')).toBe('\ufeffc;a\n3;1\n');
  });

  it('writes a header row even when there are no rows', async () => {
    await run('write_file', {
      path: 'empty.csv',
      format: 'csv',
      rows: [],
      columns: ['id', 'name'],
    });
    expect(get('empty.csv')).toBe('id,name\n');
  });

  it('writes JSON, NDJSON and text, replacing an existing file', async () => {
    put('data.json', 'old');
    await run('write_file', { path: 'data.json', format: 'json', data: { a: [1, 2] } });
    await run('write_file', {
      path: 'rows.ndjson',
      format: 'ndjson',
      rows: [{ a: 1 }, { b: 'x' }],
    });
    await run('write_file', { path: 'note.txt', format: 'text', text: 'héllo' });
    expect(JSON.parse(get('data.json'))).toEqual({ a: [1, 2] });
    expect(get('rows.ndjson')).toBe('{"a":1}\n{"b":"x"}\n');
    expect(get('note.txt')).toBe('héllo');
  });

  it('asks for the field its format writes', () => {
    const op = fileConnector.operations.find((o) => o.id === 'write_file')!;
    const result = op.input.safeParse({ path: 'a.csv', format: 'csv', text: 'x' });
    expect(result.success).toBe(false);
    expect(
      result.error!.issues.map((i: { path: PropertyKey[]; message: string }) => [
        i.path.join('.'),
        i.message,
      ]),
    ).toEqual([['rows', 'Format "csv" writes "rows": give it a value']]);
  });

  it('refuses to replace a folder', async () => {
    mkdirSync(path.join(filesDir, 'reports'), { recursive: true });
    const err = await failure(run('write_file', { path: 'reports', format: 'text', text: 'x' }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      '"reports" is a folder in the files folder; choose a file name such as "reports/data.csv".',
    );
  });
});

describe('append_csv', () => {
  it('creates the file with a header row when it does not exist', async () => {
    expect(await run('append_csv', { path: 'log.csv', rows: [{ id: 1, name: 'Acme' }] })).toEqual({
      path: 'log.csv',
      appended: 1,
    });
    expect(get('log.csv')).toBe('id,name\n1,Acme\n');
  });

  it("appends in the header's column order, keeping the file's line endings and finishing its last line", async () => {
    put('log.csv', '\ufeffid;name;note\r\n1;Acme;x');
    expect(
      await run('append_csv', {
        path: 'log.csv',
        delimiter: ';',
        rows: [
          { name: 'Globex; Ltd', id: 2 },
          { id: 3, note: 'y' },
        ],
      }),
    ).toEqual({ path: 'log.csv', appended: 2 });
    expect(get('log.csv')).toBe('\ufeffid;name;note\r\n1;Acme;x\r\n2;"Globex; Ltd";\r\n3;;y\r\n');
  });

  it('refuses fields that are not columns of the file, unless columns chooses which to write', async () => {
    put('log.csv', 'id,name\n');
    const err = await failure(
      run('append_csv', { path: 'log.csv', rows: [{ id: 1, name: 'a', owner: 'bob' }] }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'rows[0] has "owner", which is not a column of "log.csv" (its columns: id, name). Set "columns" to choose which fields to write.',
    );
    await run('append_csv', {
      path: 'log.csv',
      rows: [{ id: 1, name: 'a', owner: 'bob' }],
      columns: ['id'],
    });
    expect(get('log.csv')).toBe('id,name\n1,\n');
  });
});

describe('list_files and delete_file', () => {
  it('lists files recursively with sizes and times, sorted by path', async () => {
    put('b.csv', 'x\n');
    put('sub/a.json', '{}');
    const { files } = (await run('list_files', {})) as {
      files: { path: string; bytes: number; modifiedAt: string }[];
    };
    expect(files.map((f) => [f.path, f.bytes])).toEqual([
      ['b.csv', 2],
      ['sub/a.json', 2],
    ]);
    expect(new Date(files[0].modifiedAt).toISOString()).toBe(files[0].modifiedAt);
    expect(await run('list_files', { dir: 'sub' })).toMatchObject({
      files: [{ path: 'sub/a.json' }],
    });
    expect((await failure(run('list_files', { dir: 'missing' }))).code).toBe('NOT_FOUND');
  });

  it('deletes a file, answers false for one that is not there, and refuses folders', async () => {
    put('old.csv', 'x');
    expect(await run('delete_file', { path: 'old.csv' })).toEqual({ deleted: true });
    expect(existsSync(path.join(filesDir, 'old.csv'))).toBe(false);
    expect(await run('delete_file', { path: 'old.csv' })).toEqual({ deleted: false });
    put('dir/x.csv', 'x');
    expect((await failure(run('delete_file', { path: 'dir' }))).message).toBe(
      '"dir" is a folder; only files can be deleted.',
    );
  });
});
