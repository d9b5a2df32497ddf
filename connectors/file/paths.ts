// The one place that turns a user's path into a file inside the files folder. The file
// connector and the server's /api/files both use it, so the confinement rule lives once:
// no absolute paths, no `..`, and no link (symlink) that leads outside the folder.
import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { StepError } from '../../engine/errors/step-error.js';

const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 1024;

/** Make sure the folder exists and answer its real path (links resolved). */
export async function filesRoot(filesDir: string): Promise<string> {
  await mkdir(filesDir, { recursive: true });
  return realpath(filesDir);
}

function forbidden(userPath: string, why: string): StepError {
  return new StepError(
    'FORBIDDEN',
    `The path "${userPath}" is not allowed: ${why}. Paths are relative to the files folder, e.g. "reports/accounts.csv".`,
    { details: { path: userPath } },
  );
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `candidate`, or of its nearest existing ancestor, with the part that does not exist yet. */
async function realpathOfExisting(candidate: string): Promise<{ real: string; missing: string[] }> {
  const missing: string[] = [];
  let current = candidate;
  for (;;) {
    try {
      return { real: await realpath(current), missing };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // A dangling link is ENOENT for realpath; lstat still sees it and it must not be written through.
      const link = await lstat(current).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      if (link) return { real: '', missing: ['<dangling link>'] };
      missing.unshift(path.basename(current));
      current = path.dirname(current);
    }
  }
}

export interface ResolvedFilePath {
  /** The absolute path to open. */
  absolute: string;
  /** The path relative to the folder, with `/` separators (what outputs show). */
  relative: string;
  root: string;
}

/**
 * Check `userPath` and answer where it is. Throws StepError FORBIDDEN naming the path when
 * it is absolute, climbs with `..`, or resolves (through links) outside the folder.
 * `allowRoot` lets "" or "." mean the folder itself (listing).
 */
export async function resolveFilePath(
  filesDir: string,
  userPath: string,
  opts: { allowRoot?: boolean } = {},
): Promise<ResolvedFilePath> {
  if (userPath.includes('\0')) throw forbidden(userPath, 'it contains a NUL character');
  if (path.isAbsolute(userPath) || /^[A-Za-z]:/.test(userPath) || userPath.startsWith('\\')) {
    throw forbidden(userPath, 'absolute paths are refused');
  }
  const segments = userPath.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw forbidden(userPath, '".." would leave the files folder');
  // File systems refuse longer names (ENAMETOOLONG): say so, rather than fail obscurely.
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_NAME_BYTES);
  if (long !== undefined || Buffer.byteLength(userPath) > MAX_PATH_BYTES)
    throw new StepError(
      'INPUT_INVALID',
      long !== undefined
        ? `The name "${long.slice(0, 40)}…" in the path is ${Buffer.byteLength(long)} bytes long; a file or folder name can have at most ${MAX_NAME_BYTES} bytes.`
        : `The path "${userPath.slice(0, 40)}…" is ${Buffer.byteLength(userPath)} bytes long; a path can have at most ${MAX_PATH_BYTES} bytes.`,
      { details: { path: userPath.slice(0, 200) } },
    );
  if (segments.length === 0 && !opts.allowRoot) throw forbidden(userPath, 'it names no file');
  const root = await filesRoot(filesDir);
  const absolute = path.join(root, ...segments);
  const { real, missing } = await realpathOfExisting(absolute).catch(
    (err: NodeJS.ErrnoException) => {
      // "accounts.csv/x": a file where the path needs a folder.
      if (err.code === 'ENOTDIR')
        throw new StepError(
          'INPUT_INVALID',
          `The path "${userPath}" goes through a file as if it were a folder; check the folder names.`,
          { details: { path: userPath } },
        );
      throw err;
    },
  );
  if (missing[0] === '<dangling link>' || !isInside(root, real)) {
    throw forbidden(userPath, 'it leads outside the files folder through a link');
  }
  return { absolute: path.join(real, ...missing), relative: segments.join('/'), root };
}

export function notFound(userPath: string): StepError {
  return new StepError(
    'NOT_FOUND',
    `There is no file "${userPath}" in the files folder. Upload it first, or check the name (names are case-sensitive).`,
    { details: { path: userPath } },
  );
}
