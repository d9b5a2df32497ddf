// The data folder's size in bytes (database with its WAL, the key, uploaded files), for the
// status page and stepwise_data_bytes. Walking a folder of many files is not free: the answer is
// kept for a while, and callers asking meanwhile share one walk.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

async function walk(path: string): Promise<number> {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(path);
  } catch {
    return 0; // gone meanwhile (a temporary file, a WAL checkpointed away)
  }
  if (!stat.isDirectory()) return stat.isFile() ? stat.size : 0;
  let names: string[];
  try {
    names = await readdir(path);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) total += await walk(join(path, name));
  return total;
}

export function folderSize(dir: string, keepMs = 30_000): () => Promise<number> {
  let last: { at: number; bytes: number } | undefined;
  let walking: Promise<number> | undefined;
  return () => {
    if (last && Date.now() - last.at < keepMs) return Promise.resolve(last.bytes);
    walking ??= walk(dir)
      .then((bytes) => {
        last = { at: Date.now(), bytes };
        return bytes;
      })
      .finally(() => {
        walking = undefined;
      });
    return walking;
  };
}
