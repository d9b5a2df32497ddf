// The project's root folder, found by walking up to its package.json, so that paths to
// migrations and the editor build are right both when the server runs from its TypeScript
// sources (tsx, tests) and from the bundle `npm start` builds into dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'stepwise'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find Stepwise's package.json above ${from}`);
  }
}

export const ROOT_DIR = findRoot(dirname(fileURLToPath(import.meta.url)));
