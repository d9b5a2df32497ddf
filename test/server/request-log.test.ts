// The request line (server/log/request-log.ts) on a real express server: a finished answer's
// line has its status and no `aborted`; an answer the client walked away from says so; the
// path loses its query and a webhook's token.
import http from 'node:http';
import net from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogSecrets } from '../../server/log/log-secrets.js';
import { createLogger } from '../../server/log/logger.js';
import { loggablePath, requestLog } from '../../server/log/request-log.js';
import { listen, type Listening } from '../helpers/listen.js';

const lines: Record<string, unknown>[] = [];
/** The text of each line as written. */
const raw: string[] = [];
let server: Listening;

beforeAll(async () => {
  const logger = createLogger({
    level: 'info',
    pretty: false,
    secrets: createLogSecrets(),
    destination: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  });
  const app = express();
  app.use(requestLog(logger));
  app.get('/api/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.post('/hooks/:workflowId/:token', (_req, res) => {
    res.status(202).json({ queued: true });
  });
  // Starts an answer and never ends it, as a live stream does.
  app.get('/api/stream', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: 1\n\n');
  });
  server = await listen(app);
});

afterAll(() => server.close());

const until = async (what: () => boolean) => {
  for (let i = 0; i < 100 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(what()).toBe(true);
};

describe('the request line', () => {
  it('logs a finished answer with its status, time and id, and no aborted field', async () => {
    const res = await fetch(`${server.url}/api/ok?secret=1`);
    const reqId = res.headers.get('x-request-id');
    await until(() => lines.some((l) => l.reqId === reqId));
    const line = lines.find((l) => l.reqId === reqId)!;
    expect(line).toMatchObject({ event: 'request', method: 'GET', path: '/api/ok', status: 200 });
    expect(line.ms).toEqual(expect.any(Number));
    expect('aborted' in line).toBe(false);
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('says aborted when the client goes away before the answer is complete', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${server.url}/api/stream`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.setTimeout(5000, () => reject(new Error('no answer')));
    });
    await until(() => lines.some((l) => l.path === '/api/stream'));
    expect(lines.find((l) => l.path === '/api/stream')).toMatchObject({
      status: 200,
      aborted: true,
    });
  });

  it('writes a path with quotes and backslashes as a text, never as fields of its own', async () => {
    // A caller tries to end the path's text and add a field (log injection): the line is made
    // without JSON.stringify when nothing needs escaping, so this is the case that must escape.
    const path = '/api/x","userId":"admin","forged":"\\u0041\\';
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () =>
        socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      );
      socket.on('data', () => {});
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await until(() => lines.some((l) => l.path === path));
    const line = lines.find((l) => l.path === path)!;
    expect(line).toMatchObject({ event: 'request', method: 'GET', status: 404 });
    expect('forged' in line).toBe(false);
    expect(line.userId).toBeUndefined();
    expect(raw.find((text) => text.includes('forged'))).toContain('\\"forged\\"');
  });

  it('shows paths without their query, and a webhook URL without its token', () => {
    expect(loggablePath('/api/runs?status=failed&token=x')).toBe('/api/runs');
    expect(loggablePath('/hooks/wf_1/s3cr3t-token')).toBe('/hooks/wf_1/[token]');
    expect(loggablePath('/hooks/wf_1/s3cr3t-token?x=1')).toBe('/hooks/wf_1/[token]');
    expect(loggablePath('/api/hooks/wf_1/abc')).toBe('/api/hooks/wf_1/abc');
    expect(loggablePath('/hooks/wf_1')).toBe('/hooks/wf_1');
    expect(loggablePath('/')).toBe('/');
    // An absolute-form target is shown by its path, as express routes it.
    expect(loggablePath('http://stepwise.example/api/runs?x=1')).toBe('/api/runs');
    expect(loggablePath('http://stepwise.example')).toBe('/');
    expect(loggablePath('*')).toBe('*');
    // What a careless or hostile caller sends still hides the token.
    for (const path of [
      '/HOOKS/wf_1/s3cr3t-token',
      '/Hooks/wf_1/s3cr3t-token',
      '/hooks/wf_1//s3cr3t-token',
      '//hooks/wf_1/s3cr3t-token',
      '/hooks/wf_1/s3cr3t-token/',
      '/hooks/wf_1/s3cr3t-token/more',
      'http://stepwise.example/hooks/wf_1/s3cr3t-token',
      'HTTPS://stepwise.example:8443//hooks/wf_1/s3cr3t-token?x=1',
    ])
      expect(loggablePath(path), path).not.toContain('s3cr3t');
  });

  it('logs a webhook called in another case at info, without its token', async () => {
    const res = await fetch(`${server.url}/HOOKS/wf_1/s3cr3t-token`, { method: 'POST' });
    expect(res.status).toBe(202);
    const reqId = res.headers.get('x-request-id');
    await until(() => lines.some((l) => l.reqId === reqId));
    const line = lines.find((l) => l.reqId === reqId)!;
    expect(line).toMatchObject({ level: 'info', path: '/HOOKS/wf_1/[token]', status: 202 });
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
  });

  it('logs a webhook called with an absolute-form target (as through a proxy) at info, without its token', async () => {
    // fetch always sends origin-form; a proxy or a hand-made request sends the whole URL.
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () =>
        socket.write(
          `POST http://stepwise.example/hooks/wf_1/s3cr3t-token?x=1 HTTP/1.1\r\nHost: stepwise.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        ),
      );
      let got = '';
      socket.on('data', (chunk) => (got += chunk.toString()));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 202/);
    const reqId = /x-request-id: (\S+)/i.exec(text)![1];
    await until(() => lines.some((l) => l.reqId === reqId));
    const line = lines.find((l) => l.reqId === reqId)!;
    expect(line).toMatchObject({ level: 'info', path: '/hooks/wf_1/[token]', status: 202 });
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
  });
});
