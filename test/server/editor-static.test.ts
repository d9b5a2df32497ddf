import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../server/app.js';
import { openStore } from '../../server/db/store.js';
import { createServices } from '../../server/services/index.js';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('stepwise-editor-');
let server: Server;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const dist = join(dir.path, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("editor")');
  // A built chunk: big enough to be worth compressing, and named with Vite's content hash.
  writeFileSync(
    join(dist, 'assets', 'index-B2x9_kQz.js'),
    `export const x = ${JSON.stringify('stepwise '.repeat(5000))};`,
  );
  const store = openStore(join(dir.path, 'stepwise.db'));
  const services = createServices({
    store,
    connectors: directoryFromCatalog(createTestConnector().catalog),
    secretKey: randomBytes(32),
  });
  const app = createApp({ services, editorDir: dist });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  };
});
afterAll(async () => {
  await close();
  dir.remove();
});

describe('the editor build', () => {
  it('is served at /, its assets as files, and any other page path gets the app shell', async () => {
    const root = await fetch(`${url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe('<!doctype html><div id="root"></div>');
    expect(root.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log("editor")');
    const deep = await fetch(`${url}/workflows/wf_1/runs`);
    expect(await deep.text()).toBe('<!doctype html><div id="root"></div>');
  });

  it('sends built files compressed, hashed ones cached for a year, and index.html revalidated', async () => {
    const gz = await fetch(`${url}/assets/index-B2x9_kQz.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await gz.text()).length).toBeGreaterThan(45_000);
    const br = await fetch(`${url}/assets/index-B2x9_kQz.js`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    // Without a hash in its name a file may change between builds: a short cache only.
    const plain = await fetch(`${url}/assets/app.js`);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600');
    const index = await fetch(`${url}/index.html`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });

  it('never compresses API answers (an event stream must flow as it is written)', async () => {
    const res = await fetch(`${url}/api/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('never answers an API path with the app shell', async () => {
    const res = await fetch(`${url}/api/not-a-route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no GET /api/not-a-route in the API' },
    });
  });
});
