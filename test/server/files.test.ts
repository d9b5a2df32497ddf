// The files API on a real server (startServer, temp data dir, ephemeral port): upload raw or
// multipart, list, download, delete; paths leaving the folder are 400; the uploaded CSV is
// what a workflow's file step reads.
import { symlinkSync, writeFileSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { filesRouter } from '../../server/files/files.routes.js';
import { errorMiddleware } from '../../server/http/error-middleware.js';
import { listen } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { ErrorBody, InvalidBody, RecordsPage, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';

const srv = useTestServer({ full: true });
const filesDir = () => path.join(srv.dataDir, 'files');

/** An API call as the owner; `json` is the parsed answer (the text when it is not JSON). */
async function api<T = unknown>(
  method: string,
  url: string,
  body?: BodyInit,
  headers: Record<string, string> = {},
) {
  const res = await srv.api<T>(method, url, { raw: body, token: srv.token, headers });
  return { ...res, json: res.body };
}

describe('files API', () => {
  it('stores a raw upload whatever its content type, and lists it', async () => {
    const csv = 'id,name\n1,"Acme, Inc."\n';
    const up = await api('POST', '/api/files?path=accounts.csv', csv, {
      'content-type': 'text/csv',
    });
    expect(up.status).toBe(201);
    expect(up.json).toEqual({ path: 'accounts.csv', bytes: Buffer.byteLength(csv) });
    expect(readFileSync(path.join(filesDir(), 'accounts.csv'), 'utf8')).toBe(csv);
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
    expect(readFileSync(path.join(filesDir(), 'settings.json'), 'utf8')).toBe(
      '{"channels":["#a"]}',
    );
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
    expect(readFileSync(path.join(filesDir(), 'imports', '2026', 'x.csv'))).toEqual(
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
    const missing = await api<ErrorBody>('GET', '/api/files/content?path=dl/nope.csv');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('deletes a file, and answers 404 for one that is not there', async () => {
    await api('POST', '/api/files?path=old.csv', 'x');
    expect((await api('DELETE', '/api/files?path=old.csv')).status).toBe(204);
    expect(existsSync(path.join(filesDir(), 'old.csv'))).toBe(false);
    const again = await api<ErrorBody>('DELETE', '/api/files?path=old.csv');
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
    const res = await api<InvalidBody>(method, url, method === 'POST' ? 'data' : undefined);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(res.json.error.message).toMatch(/^The path ".*" is not allowed: /);
    expect(res.json.error.issues[0].path).toBe('path');
    expect(existsSync(path.join(srv.dataDir, 'escape.csv'))).toBe(false);
  });

  it('refuses to serve a file through a link that leads outside', async () => {
    writeFileSync(path.join(srv.dataDir, 'private.txt'), 'private');
    mkdirSync(filesDir(), { recursive: true });
    symlinkSync(path.join(srv.dataDir, 'private.txt'), path.join(filesDir(), 'link.txt'));
    const res = await api('GET', '/api/files/content?path=link.txt');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('private');
  });

  it('asks for a path, and needs a login', async () => {
    const res = await api<ErrorBody>('POST', '/api/files', 'x', { 'content-type': 'text/plain' });
    expect([res.status, res.json.error.message]).toEqual([
      400,
      'Say which file: add ?path=<file name>, e.g. ?path=accounts.csv',
    ]);
    const anon = await fetch(`${srv.url}/api/files`);
    expect(anon.status).toBe(401);
  });

  it('lets a workflow read the uploaded CSV', async () => {
    await api('POST', '/api/files?path=team.csv', '\ufeffname,seats\nAcme,12\nGlobex,3\n');
    const wf = await api<Workflow>(
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
    const run = await api<Run>('POST', `/api/workflows/${wf.json.id}/runs?wait=1`, '{}', {
      'content-type': 'application/json',
    });
    expect(run.json.status).toBe('succeeded');
    const steps = await api<RecordsPage>('GET', `/api/runs/${run.json.id}/steps`);
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
