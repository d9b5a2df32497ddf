import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { useTestServer } from './helpers/test-server.js';

// A stand-in editor build, written before the server starts.
const dist = tempDir('stepwise-editor-');
mkdirSync(join(dist.path, 'assets'), { recursive: true });
writeFileSync(join(dist.path, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(dist.path, 'assets', 'app.js'), 'console.log("editor")');
// A built chunk: big enough to be worth compressing, and named with Vite's content hash.
writeFileSync(
  join(dist.path, 'assets', 'index-B2x9_kQz.js'),
  `export const x = ${JSON.stringify('stepwise '.repeat(5000))};`,
);
afterAll(() => dist.remove());

const srv = useTestServer({ editorDir: dist.path, signIn: false });

describe('the editor build', () => {
  it('is served at /, its assets as files, and a page path is sent to its hash route', async () => {
    const root = await fetch(`${srv.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe('<!doctype html><div id="root"></div>');
    expect(root.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${srv.url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log("editor")');
    // The shell's assets are relative (./assets/…): answered at a deep path it would load
    // /workflows/wf_1/assets/… and show a blank page, so the path goes to its hash route.
    for (const [path, location] of [
      ['/workflows/wf_1/runs', '../../#/workflows/wf_1/runs'],
      ['/runs', './#/runs'],
      ['/runs/?workflowId=wf_1', '../#/runs?workflowId=wf_1'],
      ['//evil.example/x', '../../#//evil.example/x'],
    ]) {
      const deep = await fetch(`${srv.url}${path}`, { redirect: 'manual' });
      expect(deep.status).toBe(302);
      expect(deep.headers.get('location')).toBe(location);
      const followed = new URL(location, `${srv.url}${path}`);
      expect(followed.origin).toBe(srv.url);
      expect(followed.pathname).toBe('/');
    }
    // A file that is not there (an old hashed asset after an upgrade) is a 404, not the shell
    // (which the browser would refuse as a script or style with the wrong MIME type).
    const gone = await fetch(`${srv.url}/assets/index-OldHash1.js`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).not.toContain('html');
  });

  it('sends built files compressed, hashed ones cached for a year, and index.html revalidated', async () => {
    const gz = await fetch(`${srv.url}/assets/index-B2x9_kQz.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await gz.text()).length).toBeGreaterThan(45_000);
    const br = await fetch(`${srv.url}/assets/index-B2x9_kQz.js`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    // Without a hash in its name a file may change between builds: a short cache only.
    const plain = await fetch(`${srv.url}/assets/app.js`);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600');
    const index = await fetch(`${srv.url}/index.html`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });

  it('never compresses API answers (an event stream must flow as it is written)', async () => {
    const res = await fetch(`${srv.url}/api/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('never answers an API path with the app shell', async () => {
    const res = await fetch(`${srv.url}/api/not-a-route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no GET /api/not-a-route in the API' },
    });
  });
});
