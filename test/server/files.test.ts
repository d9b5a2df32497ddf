// The files API on a real server (startServer, temp data dir, ephemeral port): upload raw or
// multipart, list, download, delete; paths leaving the folder are 400; the uploaded CSV is
// what a workflow's file step reads.
import { symlinkSync, writeFileSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { filesRouter } from '../../server/files/files.routes.js';
import { errorMiddleware } from '../../server/http/error-middleware.js';
import { listen } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let token: string;
let filesDir: string;

async function api(
  method: string,
  url: string,
  body?: BodyInit,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

beforeAll(async () => {
  dir = tempDir('stepwise-files-api-');
  filesDir = path.join(dir.path, 'data', 'files');
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(dir.path, 'data'),
    redisUrl: undefined,
    concurrency: 2,
    bodyLimit: '1mb',
    editorDir: null,
    env: {},
    log: () => {},
  });
  const setup = await fetch(`${server.url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@example.com', password: 'a long password 123' }),
  });
  token = ((await setup.json()) as { token: string }).token;
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('files API', () => {
  it('stores a raw upload whatever its content type, and lists it', async () => {
    const csv = 'id,name\n1,"Acme, Inc."\n';
    const up = await api('POST', '/api/files?path=accounts.csv', csv, {
      'content-type': 'text/csv',
    });
    expect(up.status).toBe(201);
    expect(up.json).toEqual({ path: 'accounts.csv', bytes: Buffer.byteLength(csv) });
    expect(readFileSync(path.join(filesDir, 'accounts.csv'), 'utf8')).toBe(csv);
    const list = await api('GET', '/api/files');
    expect(list.status).toBe(200);
    expect(list.json).toEqual([
      {
        path: 'accounts.csv',
        bytes: Buffer.byteLength(csv),
        modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const json = await api('POST', '/api/files?path=settings.json', '{"channels":["#a"]}', {
      'content-type': 'application/json',
    });
    expect([json.status, json.json]).toEqual([201, { path: 'settings.json', bytes: 19 }]);
    expect(readFileSync(path.join(filesDir, 'settings.json'), 'utf8')).toBe('{"channels":["#a"]}');
  });

  it('stores the multipart "file" field, under ?path= or the file\'s own name', async () => {
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob(['a;b\n1;2\n']), 'from-laptop.csv');
    const named = await api('POST', '/api/files', form);
    expect([named.status, named.json]).toEqual([201, { path: 'from-laptop.csv', bytes: 8 }]);
    const form2 = new FormData();
    form2.append('file', new Blob([Buffer.from([0xef, 0xbb, 0xbf, 0x78])]), 'whatever.bin');
    const placed = await api('POST', '/api/files?path=imports/2026/x.csv', form2);
    expect([placed.status, placed.json]).toEqual([201, { path: 'imports/2026/x.csv', bytes: 4 }]);
    expect(readFileSync(path.join(filesDir, 'imports', '2026', 'x.csv'))).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf, 0x78]),
    );
  });

  it('downloads the bytes with a content type and a file name', async () => {
    await api('POST', '/api/files?path=dl/report.csv', 'x,y\n1,2\n');
    const res = await api('GET', '/api/files/content?path=dl/report.csv');
    expect(res.status).toBe(200);
    expect(res.text).toBe('x,y\n1,2\n');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''report.csv");
    const missing = await api('GET', '/api/files/content?path=dl/nope.csv');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('deletes a file, and answers 404 for one that is not there', async () => {
    await api('POST', '/api/files?path=old.csv', 'x');
    expect((await api('DELETE', '/api/files?path=old.csv')).status).toBe(204);
    expect(existsSync(path.join(filesDir, 'old.csv'))).toBe(false);
    const again = await api('DELETE', '/api/files?path=old.csv');
    expect([again.status, again.json.error.message]).toEqual([
      404,
      'There is no file "old.csv" in the files folder. Upload it first, or check the name (names are case-sensitive).',
    ]);
  });

  it.each([
    ['POST', '/api/files?path=../escape.csv'],
    ['POST', '/api/files?path=%2Fetc%2Fcron.d%2Fx'],
    ['GET', '/api/files/content?path=../stepwise.db'],
    ['GET', '/api/files/content?path=../secret.key'],
    ['DELETE', '/api/files?path=../stepwise.db'],
    ['GET', '/api/files?dir=..'],
  ])('answers 400 to %s %s, a path leaving the folder', async (method, url) => {
    const res = await api(method, url, method === 'POST' ? 'data' : undefined);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(res.json.error.message).toMatch(/^The path ".*" is not allowed: /);
    expect(res.json.error.issues[0].path).toBe('path');
    expect(existsSync(path.join(dir.path, 'data', 'escape.csv'))).toBe(false);
  });

  it('refuses to serve a file through a link that leads outside', async () => {
    writeFileSync(path.join(dir.path, 'private.txt'), 'private');
    mkdirSync(filesDir, { recursive: true });
    symlinkSync(path.join(dir.path, 'private.txt'), path.join(filesDir, 'link.txt'));
    const res = await api('GET', '/api/files/content?path=link.txt');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('private');
  });

  it('asks for a path, and needs a login', async () => {
    const res = await api('POST', '/api/files', 'x', { 'content-type': 'text/plain' });
    expect([res.status, res.json.error.message]).toEqual([
      400,
      'Say which file: add ?path=<file name>, e.g. ?path=accounts.csv',
    ]);
    const anon = await fetch(`${server.url}/api/files`);
    expect(anon.status).toBe(401);
  });

  it('lets a workflow read the uploaded CSV', async () => {
    await api('POST', '/api/files?path=team.csv', '\ufeffname,seats\nAcme,12\nGlobex,3\n');
    const wf = await api(
      'POST',
      '/api/workflows',
      JSON.stringify({
        name: 'Read upload',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'file-1',
            connector: 'file',
            operation: 'read_file',
            input: { path: 'team.csv', format: 'csv', inferTypes: true },
          },
        ],
      }),
      { 'content-type': 'application/json' },
    );
    expect(wf.status).toBe(201);
    const run = await api('POST', `/api/workflows/${wf.json.id}/runs?wait=1`, '{}', {
      'content-type': 'application/json',
    });
    expect(run.json.status).toBe('succeeded');
    const steps = await api('GET', `/api/runs/${run.json.id}/steps`);
    expect(steps.json.records[0].output).toEqual({
      rows: [
        { name: 'Acme', seats: 12 },
        { name: 'Globex', seats: 3 },
      ],
    });
  });
});

describe('files API size limit', () => {
  it('answers 413 past the limit and keeps no partial file', async () => {
    const small = tempDir('stepwise-files-limit-');
    const app = express();
    app.use('/api/files', filesRouter({ filesDir: small.path, maxBytes: 1024 }));
    app.use(
      '/api',
      errorMiddleware(() => {}),
    );
    const running = await listen(app);
    try {
      const res = await fetch(`${running.url}/api/files?path=big.csv`, {
        method: 'POST',
        body: new ReadableStream({
          start(c) {
            for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(512));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: 'TOO_LARGE',
        message: 'The file is too large: the limit is 1 KiB',
      });
      const ok = await fetch(`${running.url}/api/files?path=fits.csv`, {
        method: 'POST',
        body: 'a\n1\n',
      });
      expect(ok.status).toBe(201);
      expect(existsSync(path.join(small.path, 'big.csv'))).toBe(false);
    } finally {
      await running.close();
      small.remove();
    }
  });
});
