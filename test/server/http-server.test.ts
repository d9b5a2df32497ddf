// server/http/http-server.ts: express served with its request and answer prototypes from the
// start answers as it does on a plain server, and its requests share V8's hidden classes
// (checked in a real Node process with V8's natives syntax allowed).
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { httpServerFor } from '../../server/http/http-server.js';

const run = promisify(execFile);

describe('httpServerFor', () => {
  it("answers as express does: its request and answer methods, Node's classes", async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo/:id', (req, res) => {
      res
        .status(201)
        .set('X-Seen', req.get('x-ask') ?? '')
        .json({
          id: req.params.id,
          query: req.query.q,
          body: req.body,
          nodeClasses: req instanceof http.IncomingMessage && res instanceof http.ServerResponse,
          express: Object.getPrototypeOf(req) === app.request,
        });
    });
    const server = httpServerFor(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/echo/7?q=x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ask': 'yes' },
        body: JSON.stringify({ a: 1 }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-seen')).toBe('yes');
      expect(await res.json()).toEqual({
        id: '7',
        query: 'x',
        body: { a: 1 },
        nodeClasses: true,
        express: true,
      });
      const missing = await fetch(`http://127.0.0.1:${port}/nothing`);
      expect(missing.status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('gives the requests and answers of many requests one hidden class each', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', 'test/fixtures/process/shared-maps.ts'],
      { timeout: 60_000 },
    );
    const { served, plain } = JSON.parse(stdout) as Record<
      'served' | 'plain',
      { answers: boolean; requests: boolean }[]
    >;
    expect(served.length).toBeGreaterThan(10);
    expect(served.every((pair) => pair.answers && pair.requests)).toBe(true);
    // Why it exists: on a plain server no two answers share one.
    expect(plain.some((pair) => pair.answers)).toBe(false);
  }, 90_000);
});
