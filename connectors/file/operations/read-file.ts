import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { maxOutputBytes, outputTooLarge } from '../../sdk/output-limit.js';
import { defineOperation } from '../../sdk/types.js';
import { csvDelimiter, readCsv } from '../csv.js';
import { notFound, resolveFilePath } from '../paths.js';
import { delimiterField, encodingField, formatField, pathField } from '../schemas.js';

const input = z.object({
  path: pathField,
  format: formatField,
  delimiter: delimiterField,
  encoding: encodingField,
  inferTypes: z.boolean().default(false).meta({
    title: 'Infer types',
    description:
      'CSV only: turn numbers and true/false into values and empty cells into null (zip codes like "02134" stay text).',
  }),
});

const output = z.union([
  z.object({ rows: z.array(z.unknown()) }),
  z.object({ data: z.unknown() }),
  z.object({ text: z.string() }),
]);

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readNdjson(
  absolute: string,
  userPath: string,
  encoding: BufferEncoding,
): Promise<unknown[]> {
  const lines = createInterface({
    input: createReadStream(absolute, { encoding }),
    crlfDelay: Infinity,
  });
  const rows: unknown[] = [];
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? stripBom(raw) : raw;
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line));
    } catch (err) {
      throw new StepError(
        'INPUT_INVALID',
        `The NDJSON file "${userPath}" has a line that is not JSON at line ${lineNumber}: ${(err as Error).message}.`,
        { details: { path: userPath, line: lineNumber } },
      );
    }
  }
  return rows;
}

export const readFileOperation = defineOperation({
  id: 'read_file',
  title: 'Read file',
  description:
    'Read a file from the files folder: a CSV as rows (objects keyed by the header row), JSON, NDJSON rows, or text.',
  input,
  output,
  // Reading changes nothing: the server need not commit earlier steps before it.
  sideEffects: false,
  async execute({ input, env }) {
    const { absolute, relative } = await resolveFilePath(env.filesDir, input.path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw notFound(input.path);
    if (info.isDirectory())
      throw new StepError(
        'INPUT_INVALID',
        `"${input.path}" is a folder, not a file. Use "List files" to see what it holds.`,
        { details: { path: relative } },
      );
    // The same bound as a service's answer: a step does not read more than it may keep.
    const limit = maxOutputBytes(env);
    if (info.size > limit) throw outputTooLarge(`The file "${input.path}"`, limit, info.size);
    const encoding = input.encoding as BufferEncoding;
    switch (input.format) {
      case 'csv':
        return {
          rows: await readCsv(absolute, {
            userPath: input.path,
            delimiter: csvDelimiter(input.delimiter),
            encoding,
            inferTypes: input.inferTypes,
          }),
        };
      case 'ndjson':
        return { rows: await readNdjson(absolute, input.path, encoding) };
      case 'json': {
        const text = stripBom(await readFile(absolute, { encoding }));
        try {
          return { data: JSON.parse(text) as unknown };
        } catch (err) {
          throw new StepError(
            'INPUT_INVALID',
            `The file "${input.path}" is not valid JSON: ${(err as Error).message}. Read it with format "text" to see what it holds.`,
            { details: { path: relative } },
          );
        }
      }
      case 'text':
        return { text: stripBom(await readFile(absolute, { encoding })) };
    }
  },
});
