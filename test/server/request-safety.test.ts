// Issue 12: no request can stop the process. Malformed bodies are 400/413/415 in the error
// envelope; a truncated multipart upload no longer kills a real server process; an error that
// escapes every handler is logged and the process exits 1 for its supervisor.
import net from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { processOwner, startServerProcess, type ServerProcess } from './helpers/server-process.js';
import type { Workflow } from './helpers/api-types.js';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';

// Real server processes: each start takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('bodies that cannot be read', () => {
  let srv: TestServer;
  let token: string;
  let hookUrl: string;
  beforeAll(async () => {
    srv = await startTestServer();
    token = await srv.owner();
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Hook', [], { type: 'webhook' }),
    });
    hookUrl = wf.webhookUrl ?? '';
  });
  afterAll(() => srv.close());

  const post = (url: string, body: BodyInit, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } });

  it('a "gzip" body that is not gzip is a 400 in the envelope, not a 500', async () => {
    for (const url of [`${srv.url}/api/workflows`, hookUrl]) {
      const res = await post(url, Buffer.from('{"not":"gzip"}'), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('VALIDATION');
      expect(body.error.message).toContain('Content-Encoding');
    }
    expect(srv.logs.filter((l) => l.startsWith('500'))).toEqual([]);
  });

  it('real gzip is read; an unknown Content-Encoding is a 415', async () => {
    const ok = await post(
      `${srv.url}/api/workflows`,
      gzipSync(JSON.stringify(testWorkflow('Zipped'))),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    );
    expect(ok.status).toBe(201);
    const res = await post(`${srv.url}/api/workflows`, '{}', {
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('a body that inflates past the limit is a 413', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const res = await post(`${srv.url}/api/workflows`, bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(413);
  });

  it.each([
    [
      'a workflow',
      '/api/workflows',
      (d: string) => `{"name":"x","trigger":{"type":"manual"},"config":{"a":${d}}}`,
    ],
    [
      'an import',
      '/api/workflows/import',
      (d: string) => `{"name":"x","trigger":{"type":"manual"},"config":{"a":${d}}}`,
    ],
    ['a run payload', 'RUN', (d: string) => `{"payload":${d}}`],
    ['a webhook', 'HOOK', (d: string) => d],
  ])(
    '%s nested 100,000 deep is a 400 naming the depth, not a stack overflow',
    async (_what, path, body) => {
      let url = `${srv.url}${path}`;
      if (path === 'HOOK') url = hookUrl;
      if (path === 'RUN') {
        const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
          token,
          body: testWorkflow('R'),
        });
        url = `${srv.url}/api/workflows/${wf.id}/runs`;
      }
      const res = await post(url, body(deep(100_000)), { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: 'VALIDATION',
          message:
            'The JSON body nests objects and lists more than 64 levels deep; the limit is 64 (the setting STEPWISE_MAX_JSON_DEPTH)',
          issues: [{ path: '', message: 'Nested more than 64 levels deep' }],
        },
      });
    },
  );

  it('64 levels are fine, and a steps tree 30 loops deep saves', async () => {
    const res = await post(
      `${srv.url}/api/workflows`,
      `{"name":"x","trigger":{"type":"manual"},"config":{"a":${deep(62)}}}`,
      {
        'content-type': 'application/json',
      },
    );
    expect(res.status).toBe(201);
    let steps: unknown[] = [{ id: 'echo-0', connector: 'test', operation: 'echo', input: {} }];
    for (let i = 1; i <= 30; i++)
      steps = [{ id: `loop-${i}`, type: 'loop', input: { list: [1] }, steps }];
    const nested = await srv.api('POST', '/api/workflows', {
      token,
      body: testWorkflow('Deep', steps),
    });
    expect(nested.status).toBe(201);
  });

  it('a deep urlencoded webhook body is not a 500', async () => {
    const res = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a${'[b]'.repeat(5_000)}=1`,
    });
    expect(res.status).toBeLessThan(500);
  });
});

describe('a real server process', () => {
  const dir = tempDir('stepwise-safety-');
  let proc: ServerProcess | undefined;
  afterEach(() => proc?.kill());
  afterAll(() => dir.remove());

  /** Send raw bytes; resolves with what came back (possibly nothing) once the socket closes. */
  function raw(url: string, request: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
      let answer = '';
      const socket = net.connect(Number(port), hostname, () => socket.write(request));
      socket.on('data', (d) => {
        answer += d.toString();
      });
      socket.on('error', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      setTimeout(() => socket.destroy(), 3_000);
    });
  }

  it('survives a multipart upload cut before its closing boundary, and answers 400', async () => {
    proc = await startServerProcess({ STEPWISE_DATA_DIR: join(dir.path, 'a') });
    const token = await processOwner(proc.url);
    const part =
      '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nhello,world\r\n';
    const answer = await raw(
      proc.url,
      `POST /api/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=XX\r\nTransfer-Encoding: chunked\r\n\r\n${part.length.toString(16)}\r\n${part}\r\n0\r\n\r\n`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('The upload ended before the whole file arrived');
    // And again, with the connection dropped half way through the part.
    await raw(
      proc.url,
      `POST /api/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 100000\r\n\r\n${part}`,
    );
    const health = await fetch(`${proc.url}/api/health`);
    expect(health.status).toBe(200);
    expect(proc.child.exitCode).toBeNull();
    expect(proc.output()).not.toContain('Unexpected end of form');
  });

  it('a file name past the file system limit is a 400 naming it, raw or multipart', async () => {
    const name = `${'a'.repeat(300)}.csv`;
    proc = await startServerProcess({ STEPWISE_DATA_DIR: join(dir.path, 'c') });
    const token = await processOwner(proc.url);
    const post = (url: string, body: BodyInit, headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    const raw = await post(`${proc.url}/api/files?path=${name}`, 'a,b\n', {
      'content-type': 'text/csv',
    });
    expect(raw.status).toBe(400);
    const rawBody = (await raw.json()) as { error: { message: string } };
    expect(rawBody.error.message).toContain(
      'is 304 bytes long; a file or folder name can have at most 255 bytes',
    );
    const form = new FormData();
    form.append('file', new Blob(['a,b\n'], { type: 'text/csv' }), name);
    const multi = await fetch(`${proc.url}/api/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(multi.status).toBe(400);
    // A 250-byte name is fine, temporary file and all.
    const fine = await post(`${proc.url}/api/files?path=${'b'.repeat(250)}`, 'x', {
      'content-type': 'text/plain',
    });
    expect(fine.status).toBe(201);
  });
  it('logs an error that escapes every handler and exits 1 for its supervisor', async () => {
    proc = await startServerProcess(
      { STEPWISE_DATA_DIR: join(dir.path, 'b') },
      { args: ['--import', join(process.cwd(), 'test/fixtures/process/throw-later.mjs')] },
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain(
      'Stepwise stopped on an unexpected error (an uncaught exception)',
    );
    expect(proc.output()).toContain('Error: a bug nobody caught');
  });
});
