#!/usr/bin/env node
// Bundles the server (server/main.ts with engine/ and connectors/) into dist/server/ with
// esbuild, so `npm start` runs plain JavaScript instead of transpiling TypeScript file by
// file at every start. Code splitting keeps lazy imports lazy: BullMQ loads only in queue mode.
// Run by the prepare script (npm install / npm ci) and by bin/start.js when a source is newer.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const serverEntry = join(root, 'dist', 'server', 'main.mjs');
const SOURCES = ['server', 'engine', 'connectors', 'wire'];

/** The newest modification time of the files below `dir` whose names end with one of `endings`. */
export function newestSource(dir, endings = ['.ts']) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, endings));
    else if (endings.some((e) => entry.name.endsWith(e)))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the bundle is missing or older than any TypeScript source or package.json. */
export function serverBundleStale() {
  let built;
  try {
    built = statSync(serverEntry).mtimeMs;
  } catch {
    return true;
  }
  const newest = Math.max(
    statSync(join(root, 'package.json')).mtimeMs,
    ...SOURCES.map((d) => newestSource(join(root, d))),
  );
  return newest > built;
}

export async function buildServer() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: { main: join(root, 'server', 'main.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: join(root, 'dist', 'server'),
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildServer().then(
    () => console.log('build-server: dist/server/main.mjs'),
    (err) => {
      console.error(`build-server: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
}
