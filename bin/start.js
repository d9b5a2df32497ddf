#!/usr/bin/env node
// `npm start`: builds the editor if its build is missing, re-bundles the server when a
// source changed (bin/build-server.js), and runs the bundle. If bundling fails, the server
// runs from its TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, root, serverBundleStale, serverEntry } from './build-server.js';

if (!existsSync(join(root, 'editor', 'dist', 'index.html')) && existsSync(join(root, 'editor', 'vite.config.ts'))) {
  const built = spawnSync(process.execPath, [join(root, 'bin', 'build-editor.js')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) console.error('start: the editor could not be built; the API starts anyway');
}

let bundled = !serverBundleStale();
if (!bundled) {
  try {
    await buildServer();
    bundled = true;
  } catch (err) {
    console.error(`start: could not bundle the server (${err instanceof Error ? err.message.split('\n')[0] : err}); running it from source`);
  }
}
if (bundled) {
  await import(pathToFileURL(serverEntry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/main.ts');
}
