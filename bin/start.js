#!/usr/bin/env node
// `npm start`: builds the editor if its build is missing, then runs server/main.ts through tsx.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'editor', 'dist', 'index.html')) && existsSync(join(root, 'editor', 'vite.config.ts'))) {
  const built = spawnSync(process.execPath, [join(root, 'bin', 'build-editor.js')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) console.error('start: the editor could not be built; the API starts anyway');
}
const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
