// At start: an upload (or a file step's write) interrupted by a killed process leaves its
// temporary file (`.stepwise-tmp-…`, see writeAtomically) beside the target for ever. No write
// is under way before the server listens, so every such file is a leftover: removed. Links are
// not followed (a link may lead outside the files folder).
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_MARKER } from '../../connectors/index.js';

/** Removes leftover temporary files under `filesDir`; answers how many. */
export async function removeTempFiles(filesDir: string): Promise<number> {
  let removed = 0;
  const folders = [filesDir];
  while (folders.length > 0) {
    const folder = folders.pop() as string;
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(folder, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info || info.isSymbolicLink()) continue;
      if (info.isDirectory()) folders.push(path);
      else if (name.startsWith(TEMP_MARKER)) {
        await rm(path, { force: true });
        removed++;
      }
    }
  }
  return removed;
}
