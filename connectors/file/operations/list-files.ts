import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { resolveFilePath } from '../paths.js';
import { TEMP_MARKER } from '../write-atomic.js';

export interface FileEntry {
  path: string;
  bytes: number;
  modifiedAt: string;
}

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Every file under `dir` (recursively), paths relative to the root with "/"; links leading outside are left out. */
export async function listFiles(filesDir: string, dir = ''): Promise<FileEntry[]> {
  const { absolute, root } = await resolveFilePath(filesDir, dir, { allowRoot: true });
  const top = await stat(absolute).catch(() => undefined);
  if (!top?.isDirectory()) {
    throw new StepError('NOT_FOUND', `There is no folder "${dir}" in the files folder.`, {
      details: { path: dir },
    });
  }
  const files: FileEntry[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(TEMP_MARKER)) continue;
      const full = path.join(folder, entry.name);
      const real = entry.isSymbolicLink() ? await realpath(full).catch(() => undefined) : full;
      if (!real || !inside(root, real)) continue;
      const info = await stat(real);
      if (info.isDirectory()) {
        if (!entry.isSymbolicLink()) await walk(full);
      } else if (info.isFile()) {
        files.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          bytes: info.size,
          modifiedAt: info.mtime.toISOString(),
        });
      }
    }
  };
  await walk(absolute);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export const listFilesOperation = defineOperation({
  id: 'list_files',
  title: 'List files',
  description:
    'List the files in the files folder (or in one folder inside it), with their size and when they last changed.',
  input: z.object({
    dir: z.string().max(1000).optional().meta({
      title: 'Folder',
      description: 'A folder inside the files folder; empty for all files.',
    }),
  }),
  output: z.object({
    files: z.array(z.object({ path: z.string(), bytes: z.number().int(), modifiedAt: z.string() })),
  }),
  sideEffects: false,
  async execute({ input, env }) {
    return { files: await listFiles(env.filesDir, input.dir ?? '') };
  },
});
