import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { columnsOf, csvDelimiter, writeCsv } from '../csv.js';
import { resolveFilePath } from '../paths.js';
import {
  columnsField,
  delimiterField,
  encodingField,
  formatField,
  formulasField,
  pathField,
  rowsField,
} from '../schemas.js';
import { writeAtomically } from '../write-atomic.js';

const NEEDS = { csv: 'rows', ndjson: 'rows', json: 'data', text: 'text' } as const;

const input = z
  .object({
    path: pathField,
    format: formatField,
    rows: rowsField.optional(),
    data: z.unknown().optional().meta({ title: 'Data', description: 'json: the value to write.' }),
    text: z.string().optional().meta({ title: 'Text', description: 'text: what to write.' }),
    columns: columnsField,
    delimiter: delimiterField,
    bom: z.boolean().default(false).meta({
      title: 'Byte order mark',
      description: 'CSV only: start the file with a BOM so that Excel opens UTF-8 text correctly.',
    }),
    encoding: encodingField,
    neutraliseFormulas: formulasField,
  })
  .superRefine((value, ctx) => {
    const field = NEEDS[value.format];
    if (value[field] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `Format "${value.format}" writes "${field}": give it a value`,
      });
    }
  });

const output = z.object({ path: z.string(), bytes: z.number().int() });

export const writeFileOperation = defineOperation({
  id: 'write_file',
  title: 'Write file',
  description:
    'Create or replace a file in the files folder: rows as CSV (with a header row) or NDJSON, a value as JSON, or text.',
  input,
  output,
  async execute({ input, env }) {
    const { absolute, relative } = await resolveFilePath(env.filesDir, input.path);
    const encoding = input.encoding as BufferEncoding;
    const bytes = await writeAtomically(absolute, input.path, async (temp) => {
      switch (input.format) {
        case 'csv': {
          const rows = input.rows ?? [];
          await writeCsv(temp, rows, {
            columns: input.columns ?? columnsOf(rows),
            header: true,
            delimiter: csvDelimiter(input.delimiter),
            bom: input.bom,
            neutraliseFormulas: input.neutraliseFormulas,
          });
          return;
        }
        case 'ndjson':
          return writeFile(
            temp,
            (input.rows ?? []).map((row) => `${JSON.stringify(row)}\n`).join(''),
            { encoding },
          );
        case 'json':
          return writeFile(temp, `${JSON.stringify(input.data, null, 2)}\n`, { encoding });
        case 'text':
          return writeFile(temp, input.text ?? '', { encoding });
      }
    });
    return { path: relative, bytes };
  },
});
