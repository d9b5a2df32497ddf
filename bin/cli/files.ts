// Reading the CLI's JSON files, with messages that name the file and what is wrong.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  DEFAULT_MAX_JSON_DEPTH,
  friendlyError,
  jsonDeeperThan,
  type ResolvedAuth,
} from '../../engine/index.js';

export class FileError extends Error {}

export async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileError(
      code === 'ENOENT'
        ? `The ${what} file ${path} does not exist`
        : `Cannot read the ${what} file ${path}: ${(err as Error).message}`,
    );
  }
  const maxDepth = Number(process.env.STEPWISE_MAX_JSON_DEPTH) || DEFAULT_MAX_JSON_DEPTH;
  if (jsonDeeperThan(text, maxDepth))
    throw new FileError(
      `The ${what} file ${path} nests objects and lists more than ${maxDepth} levels deep (the setting STEPWISE_MAX_JSON_DEPTH)`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FileError(`The ${what} file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

const authsSchema = z.record(
  z.string().min(1),
  z.object({ connector: z.string().min(1), fields: z.record(z.string(), z.unknown()) }).strict(),
);

/** auths.json: `{ "<authId>": { "connector": "totango", "fields": { ... } } }`. */
export async function readAuths(path: string | undefined): Promise<Map<string, ResolvedAuth>> {
  if (!path) return new Map();
  const parsed = authsSchema.safeParse(await readJson(path, 'authentications'), {
    error: friendlyError,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new FileError(
      `The authentications file ${path} should look like { "<authId>": { "connector": "totango", "fields": { ... } } }:\n${lines.join('\n')}`,
    );
  }
  return new Map(
    Object.entries(parsed.data).map(([id, a]) => [
      id,
      { id, connector: a.connector, fields: a.fields },
    ]),
  );
}
