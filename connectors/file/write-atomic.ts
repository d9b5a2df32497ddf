// Write to a temporary file beside the target, then rename it over the target: a run that
// fails half way, or a reader at the same moment, never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StepError } from '../../engine/errors/step-error.js';

/** Temporary files carry this marker so that listings can leave them out. */
export const TEMP_MARKER = '.stepwise-tmp-';

export async function writeAtomically(
  absolute: string,
  userPath: string,
  write: (tempPath: string) => Promise<void>,
): Promise<number> {
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new StepError(
      'INPUT_INVALID',
      `"${userPath}" is a folder in the files folder; choose a file name such as "${userPath}/data.csv".`,
      { details: { path: userPath } },
    );
  }
  await mkdir(path.dirname(absolute), { recursive: true });
  const temp = path.join(
    path.dirname(absolute),
    // The name's start only (it is for a person looking at the folder): the whole of a long
    // name plus the marker would pass the file system's 255-byte limit.
    `${TEMP_MARKER}${randomBytes(6).toString('hex')}-${Array.from(path.basename(absolute)).slice(0, 40).join('')}`,
  );
  try {
    await write(temp);
    await rename(temp, absolute);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return (await stat(absolute)).size;
}
