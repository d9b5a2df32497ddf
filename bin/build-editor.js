#!/usr/bin/env node
// Builds the editor (Vite) into editor/dist. Runs on `npm install` / `npm ci` (the prepare
// script) and from `npm start` when the build is missing, so a fresh clone needs no manual step.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, 'editor', 'vite.config.ts');
if (!existsSync(config)) {
  console.log('build-editor: no editor yet, nothing to build');
  process.exit(0);
}
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(
  process.execPath,
  [vite, 'build', '--config', config, '--logLevel', 'warn'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
