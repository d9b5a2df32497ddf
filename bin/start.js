#!/usr/bin/env node
// `npm start`: rebuilds the editor when its build is missing or older than its sources,
// re-bundles the server when a source changed (bin/build-server.js), and runs the bundle. If bundling fails, the server
// runs from its TypeScript sources through tsx instead.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, newestSource, root, serverBundleStale, serverEntry } from './build-server.js';

/** The editor's build is missing, or older than a source of it (e.g. after a git pull). */
function editorStale() {
  const index = join(root, 'editor', 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    statSync(join(root, 'editor', 'index.html')).mtimeMs,
    newestSource(join(root, 'editor', 'src'), ['.ts', '.tsx', '.css']),
    // The editor bundles the API's shapes and the workflow model too.
    newestSource(join(root, 'wire')),
    newestSource(join(root, 'engine', 'model')),
  );
  return sources > statSync(index).mtimeMs;
}

if (existsSync(join(root, 'editor', 'vite.config.ts')) && editorStale()) {
  const built = spawnSync(process.execPath, [join(root, 'bin', 'build-editor.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0)
    console.error('start: the editor could not be built; the API starts anyway');
}

let bundled = !serverBundleStale();
if (!bundled) {
  try {
    await buildServer();
    bundled = true;
  } catch (err) {
    console.error(
      `start: could not bundle the server (${err instanceof Error ? err.message.split('\n')[0] : err}); running it from source`,
    );
  }
}
if (bundled) {
  await import(pathToFileURL(serverEntry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/main.ts');
}
