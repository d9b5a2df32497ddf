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
  // The editor routes in the browser (#/runs/…, or paths): any other GET gets the app shell.
  app.get('/{*path}', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}

function cacheHeaders(res: Response, path: string): void {
  if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED.test(basename(path)))
    res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
}
