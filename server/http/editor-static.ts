// The editor's build (editor/dist) at /: compressed (gzip, or brotli when the browser takes it)
// by the compression package, hashed files cached for a year, index.html always revalidated
// (it names the current hashed files). Mounted after /api and /hooks, so API answers and
// live event streams never go through the compressor.
import compression from 'compression';
import express, { type Express, type Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Vite names every built asset `<name>-<8-char hash>.<ext>`: its content never changes. */
const HASHED = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

export function serveEditor(app: Express, dir: string | null): void {
  if (!dir || !existsSync(join(dir, 'index.html'))) {
    app.get('/', (_req, res) => {
      res
        .type('html')
        .send(
          '<!doctype html><title>Stepwise</title><p>The Stepwise API is running at <code>/api</code>. The editor is not built yet: run <code>npm run build:editor</code> and restart.</p>',
        );
    });
    return;
  }
  app.use(compression());
  app.use(express.static(dir, { index: 'index.html', maxAge: '1h', setHeaders: cacheHeaders }));
  // The editor routes in the browser with hashes (#/runs/…). The shell names its assets
  // relative to itself (Vite's base './', so it also works under a proxy's sub-path), so the
  // shell answered at /workflows/wf_1 would load /workflows/assets/… and show a blank page:
  // a typed or pasted path is sent to its hash route instead. A missing file (an old hashed
  // asset after an upgrade) is a 404, not the shell with the wrong MIME type.
  app.get('/{*path}', (req, res) => {
    const path = req.path;
    const last = path.slice(path.lastIndexOf('/') + 1);
    if (path.startsWith('/assets/') || last.includes('.')) {
      res.status(404).type('text').send('Not found');
      return;
    }
    const depth = path.split('/').length - 2;
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?'))
      : '';
    const up = depth > 0 ? '../'.repeat(depth) : './';
    res.setHeader('Cache-Control', 'no-cache');
    res.redirect(302, `${up}#${path.replace(/\/+$/, '')}${query}`);
  });
}

function cacheHeaders(res: Response, path: string): void {
  if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED.test(basename(path)))
    res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
}
