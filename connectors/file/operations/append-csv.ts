import { appendFile, open, stat } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import {
  columnsOf,
  csvDelimiter,
  readCsvHeader,
  stringifyOptions,
  writeCsv,
  type Row,
} from '../csv.js';
import { resolveFilePath } from '../paths.js';
import { columnsField, delimiterField, formulasField, pathField, rowsField } from '../schemas.js';
import { writeAtomically } from '../write-atomic.js';

const input = z.object({
  path: pathField,
  rows: rowsField,
  columns: columnsField,
  delimiter: delimiterField,
  neutraliseFormulas: formulasField,
});

const output = z.object({ path: z.string(), appended: z.number().int() });

/** How the existing file ends its lines, and whether its last line is finished. */
async function lineEndings(
  absolute: string,
  size: number,
): Promise<{ recordDelimiter: string; endsWithNewline: boolean }> {
  const file = await open(absolute, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await file.read(head, 0, head.length, 0);
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    const firstNewline = head.indexOf(0x0a);
    return {
      recordDelimiter: firstNewline > 0 && head[firstNewline - 1] === 0x0d ? '\r\n' : '\n',
      endsWithNewline: last[0] === 0x0a,
    };
  } finally {
    await file.close();
  }
}

/** Rows' fields must be columns of the file: a field that is not would be silently lost. */
function checkFields(
  rows: Row[],
  header: string[],
  chosen: string[] | undefined,
  userPath: string,
): void {
  for (const column of chosen ?? []) {
    if (!header.includes(column)) {
      throw new StepError(
        'INPUT_INVALID',
        `"${column}" in columns is not a column of "${userPath}" (its columns: ${header.join(', ')}).`,
        { details: { path: userPath, column } },
      );
    }
  }
  if (chosen) return;
  rows.forEach((row, index) => {
    const extra = Object.keys(row).filter((key) => !header.includes(key));
    if (extra.length) {
      throw new StepError(
        'INPUT_INVALID',
        `rows[${index}] has ${extra.map((k) => `"${k}"`).join(', ')}, which ${extra.length > 1 ? 'are not columns' : 'is not a column'} of "${userPath}" (its columns: ${header.join(', ')}). Set "columns" to choose which fields to write.`,
        { details: { path: userPath, row: index, fields: extra } },
      );
    }
  });
}

export const appendCsvOperation = defineOperation({
  id: 'append_csv',
  title: 'Append rows to a CSV file',
  description:
    'Add rows at the end of a CSV file, in the order of its header row. A file that does not exist yet is created with a header row.',
  input,
  output,
  async execute({ input, env }) {
    const { absolute, relative } = await resolveFilePath(env.filesDir, input.path);
    const delimiter = csvDelimiter(input.delimiter);
    const info = await stat(absolute).catch(() => undefined);
    if (!info || info.size === 0) {
      const columns = input.columns ?? columnsOf(input.rows);
      await writeAtomically(absolute, input.path, (temp) =>
        writeCsv(temp, input.rows, {
          columns,
          header: true,
          delimiter,
          neutraliseFormulas: input.neutraliseFormulas,
        }),
      );
      return { path: relative, appended: input.rows.length };
    }
    if (info.isDirectory())
      throw new StepError('INPUT_INVALID', `"${input.path}" is a folder, not a CSV file.`, {
        details: { path: relative },
      });
    const header = await readCsvHeader(absolute, { userPath: input.path, delimiter });
    checkFields(input.rows, header, input.columns, input.path);
    if (input.rows.length === 0) return { path: relative, appended: 0 };
    const { recordDelimiter, endsWithNewline } = await lineEndings(absolute, info.size);
    // Columns not chosen stay empty, so every appended row lines up with the header.
    const chosen = new Set(input.columns ?? header);
    const rows = input.rows.map((row) =>
      Object.fromEntries(
        header.map((column) => [column, chosen.has(column) ? row[column] : undefined]),
      ),
    );
    const text = stringify(
      rows,
      stringifyOptions({
        columns: header,
        header: false,
        delimiter,
        recordDelimiter,
        neutraliseFormulas: input.neutraliseFormulas,
      }),
    );
    await appendFile(absolute, (endsWithNewline ? '' : recordDelimiter) + text, 'utf8');
    return { path: relative, appended: input.rows.length };
  },
});
