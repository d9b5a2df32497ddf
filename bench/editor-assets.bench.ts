// npm run bench:assets — what a browser downloads for the editor, as the server sends it:
// each built file plain, gzip and brotli (the compression middleware, as `npm start` serves
// it), and the totals for the first screens (sign in / lists) and for opening the builder.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { serveEditor } from '../server/http/editor-static.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'editor', 'dist');

if (!existsSync(join(DIST, 'index.html')))
  spawnSync(process.execPath, [join(ROOT, 'bin', 'build-editor.js')], { stdio: 'inherit' });

const app = express();
serveEditor(app, DIST);
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const port = (server.address() as AddressInfo).port;

/** Bytes on the wire for `path` with this Accept-Encoding (node's http does not decompress). */
function sent(path: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const files = ['index.html', ...readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`)];
const rows: { file: string; plain: number; gzip: number; br: number }[] = [];
for (const file of files)
  rows.push({
    file,
    plain: await sent(`/${file}`, 'identity'),
    gzip: await sent(`/${file}`, 'gzip'),
    br: await sent(`/${file}`, 'br'),
  });
server.close();

console.log('| file | plain | gzip | brotli |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.file} | ${kb(r.plain)} | ${kb(r.gzip)} | ${kb(r.br)} |`);

// The first screens load index.html, the entry chunk and the CSS (what index.html names);
// the builder adds its own chunk. The CSV parser loads only for a CSV preview.
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const first = rows.filter((r) => r.file === 'index.html' || html.includes(r.file));
const builder = rows.filter((r) => /BuilderPage-/.test(r.file));
const total = (list: typeof rows, key: 'plain' | 'gzip' | 'br') =>
  kb(list.reduce((sum, r) => sum + r[key], 0));
console.log('');
console.log('| screen | plain | gzip | brotli |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| sign in, lists | ${total(first, 'plain')} | ${total(first, 'gzip')} | ${total(first, 'br')} |`,
);
const all = [...first, ...builder];
console.log(`| + builder | ${total(all, 'plain')} | ${total(all, 'gzip')} | ${total(all, 'br')} |`);
