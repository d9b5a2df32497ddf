import { lstat, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { resolveFilePath } from '../paths.js';
import { pathField } from '../schemas.js';

/** Delete one file; answers false when there was none (so a retried step does not fail). */
export async function deleteFile(filesDir: string, userPath: string): Promise<boolean> {
  const { absolute, relative } = await resolveFilePath(filesDir, userPath);
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return false;
  if (info.isDirectory()) {
    throw new StepError('INPUT_INVALID', `"${userPath}" is a folder; only files can be deleted.`, {
      details: { path: relative },
    });
  }
  await unlink(absolute);
  return true;
}

export const deleteFileOperation = defineOperation({
  id: 'delete_file',
  title: 'Delete file',
  description:
    'Delete a file from the files folder. Deleting a file that does not exist answers deleted: false.',
  input: z.object({ path: pathField }),
  output: z.object({ deleted: z.boolean() }),
  async execute({ input, env }) {
    return { deleted: await deleteFile(env.filesDir, input.path) };
  },
});
