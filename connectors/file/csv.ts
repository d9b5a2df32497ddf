// CSV in and out with csv-parse / csv-stringify. Reading streams the file through the
// parser, so only the row objects are held, never the file's text as well.
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Options as ParseOptions } from 'csv-parse';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import { StepError } from '../../engine/errors/step-error.js';
import { inferValue } from './infer-types.js';

export type Row = Record<string, unknown>;

/** "tab", "\t" or any other short text: what separates the fields. */
export function csvDelimiter(input: string | undefined): string {
  if (input === undefined) return ',';
  return input.toLowerCase() === 'tab' || input === '\\t' ? '\t' : input;
}

function checkHeader(userPath: string, keep: (header: string[]) => void) {
  return (header: string[]) => {
    keep(header);
    const seen = new Set<string>();
    for (const name of header) {
      if (seen.has(name))
        throw new StepError(
          'INPUT_INVALID',
          `The CSV file "${userPath}" has the column "${name}" twice in its header row; rename one of them.`,
          { details: { path: userPath, column: name } },
        );
      seen.add(name);
    }
    return header;
  };
}

function csvReadError(err: unknown, userPath: string): unknown {
  if (!(err instanceof CsvError)) return err;
  const line = (err as CsvError & { lines?: number }).lines;
  const where = line ? ` at line ${line}` : '';
  const why =
    err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ||
    err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
      ? 'a row has more fields than the header row has columns (check the delimiter and the quoting)'
      : err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : err.message;
  return new StepError(
    'INPUT_INVALID',
    `The CSV file "${userPath}" could not be read${where}: ${why}.`,
    { details: { path: userPath, line, reason: err.code } },
  );
}

function parserOptions(
  opts: { delimiter: string; encoding: BufferEncoding; userPath: string },
  keep: (header: string[]) => void,
): ParseOptions {
  return {
    columns: checkHeader(opts.userPath, keep),
    bom: true,
    delimiter: opts.delimiter,
    encoding: opts.encoding,
    skip_empty_lines: true,
    // Spreadsheet exports often drop trailing empty cells; more fields than columns is an error.
    relax_column_count_less: true,
  };
}

/** Every row of a CSV file as an object keyed by the header row. */
export async function readCsv(
  absolute: string,
  opts: { userPath: string; delimiter: string; encoding: BufferEncoding; inferTypes: boolean },
): Promise<Row[]> {
  let columns: string[] = [];
  const parser = parse(
    parserOptions(opts, (header) => {
      columns = header;
    }),
  );
  const source = createReadStream(absolute);
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  const rows: Row[] = [];
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      // Every row gets every column, also a short row whose last cells were left out.
      const row: Row = {};
      for (const column of columns) {
        const cell = record[column] ?? '';
        row[column] = opts.inferTypes ? inferValue(cell) : cell;
      }
      rows.push(row);
    }
  } catch (err) {
    throw csvReadError(err, opts.userPath);
  }
  return rows;
}

/** The header row of an existing CSV file (first record only). */
export async function readCsvHeader(
  absolute: string,
  opts: { userPath: string; delimiter: string },
): Promise<string[]> {
  const parser = parse({
    bom: true,
    delimiter: opts.delimiter,
    to: 1,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const source = createReadStream(absolute);
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      source.destroy();
      return record;
    }
  } catch (err) {
    throw csvReadError(err, opts.userPath);
  }
  return [];
}

/** Columns in order of first appearance across the rows. */
export function columnsOf(rows: Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** A text cell a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number ("-12.5", "+3"): no formula, left as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The cell with a leading ' when a spreadsheet would otherwise read it as a formula. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * How cells are written: booleans as true/false (csv-stringify's default is 1/""), objects as
 * JSON, and text that would start a formula neutralised unless `formulas` is false.
 */
export function stringifyOptions(opts: {
  columns: string[];
  header: boolean;
  delimiter: string;
  bom?: boolean;
  recordDelimiter?: string;
  /** Neutralise cells that start a formula (default true). */
  neutraliseFormulas?: boolean;
}): StringifyOptions {
  const neutralise = opts.neutraliseFormulas ?? true;
  return {
    columns: opts.columns,
    header: opts.header,
    delimiter: opts.delimiter,
    bom: opts.bom ?? false,
    record_delimiter: opts.recordDelimiter ?? '\n',
    cast: {
      boolean: (value) => String(value),
      date: (value) => value.toISOString(),
      object: (value) => JSON.stringify(value),
      string: (value) => (neutralise ? neutraliseFormula(value) : value),
    },
  };
}

/** Write rows to a file as CSV, one row at a time (no whole-file string). */
export async function writeCsv(
  absolute: string,
  rows: Row[],
  opts: Parameters<typeof stringifyOptions>[0],
): Promise<void> {
  await pipeline(
    Readable.from(rows),
    stringify(stringifyOptions(opts)),
    createWriteStream(absolute),
  );
}
