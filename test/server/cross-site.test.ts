// A hostile page on a same-site origin (another port of 127.0.0.1) must not act through the
// user's session cookie: no run started, no file written, whatever the body's type. The
// editor's header, a same-origin Origin and Bearer tokens keep working.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/start-server.js';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type { ErrorBody, Workflow } from './helpers/api-types.js';

let srv: TestServer;
let cookie: string;
let workflowId: string;
const foreign = 'http://127.0.0.1:1'; // another port of the same host: same site, other origin

beforeEach(async () => {
  srv = await startTestServer();
  const token = await srv.owner();
  const login = await srv.api('POST', '/api/auth/login', {
    body: { email: 'owner@example.com', password: 'owner-password-1' },
  });
  cookie = login.headers.get('set-cookie')!.split(';')[0];
  const wf = await srv.api<Workflow>('POST', '/api/workflows', {
    token,
    body: testWorkflow('Target', [{ id: 'echo', connector: 'test', operation: 'echo', input: {} }]),
  });
  workflowId = wf.body.id;
});
afterEach(async () => {
  await srv.close();
});

const runCount = () =>
  srv.services.store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get() as number;

describe('cookie requests from another site', () => {
  it('refuses an auto-submitted text/plain form that starts a run, and starts nothing', async () => {
    // What <form enctype="text/plain" method="post"> sends: a body that looks like JSON.
    const res = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: {
        cookie,
        origin: foreign,
        'sec-fetch-site': 'same-site',
        'content-type': 'text/plain',
      },
      body: '{"payload":{"x":"=1"}}',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
    expect(runCount()).toBe(0);
  });

  it('refuses the same form without Origin or Sec-Fetch-Site (an older browser)', async () => {
    const res = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payload=1',
    });
    expect(res.status).toBe(403);
    expect(runCount()).toBe(0);
  });

  it('accepts the editor: its header, or a same-origin Origin, with the cookie', async () => {
    const withHeader = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: { cookie, 'x-stepwise-request': '1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(withHeader.status).toBe(202);
    const sameOrigin = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: { cookie, origin: srv.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(202);
    const fetchMetadata = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fetchMetadata.status).toBe(202);
  });

  it('leaves Bearer-token calls alone, whatever their Origin', async () => {
    const token = await srv.owner();
    const res = await srv.api<ErrorBody>('POST', `/api/workflows/${workflowId}/runs`, {
      token,
      body: {},
      headers: { origin: foreign },
    });
    expect(res.status).toBe(202);
  });
});

describe('JSON endpoints read JSON only', () => {
  it('answers 415 to a text/plain body, even with a Bearer token, and starts nothing', async () => {
    const token = await srv.owner();
    const res = await srv.api<ErrorBody>('POST', `/api/workflows/${workflowId}/runs`, {
      token,
      raw: '{"payload":{}}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('application/json');
    expect(runCount()).toBe(0);
  });

  it('answers 415 to a form body and to a body with no type', async () => {
    const token = await srv.owner();
    const form = await srv.api('PUT', `/api/workflows/${workflowId}`, {
      token,
      raw: 'name=x&baseVersion=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const untyped = await fetch(`${srv.url}/api/workflows/${workflowId}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new Uint8Array(Buffer.from('{"payload":{}}')),
    });
    expect(untyped.status).toBe(415);
  });

  it('still takes a body-less POST and application/*+json', async () => {
    const token = await srv.owner();
    const bare = await fetch(`${srv.url}/api/workflows/${workflowId}/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bare.status).toBe(200);
    const vendor = await srv.api('POST', `/api/workflows/${workflowId}/runs`, {
      token,
      raw: '{}',
      headers: { 'content-type': 'application/vnd.stepwise+json' },
    });
    expect(vendor.status).toBe(202);
  });
});

describe('the files API behind the same rule', () => {
  it('writes nothing for a foreign cookie upload; the editor header writes', async () => {
    const dir = tempDir('stepwise-xsite-');
    const running = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir.path,
      redisUrl: undefined,
      concurrency: 1,
      bodyLimit: '1mb',
      env: { STEPWISE_SECRET_KEY: 'ab'.repeat(32) },
      connectors: directoryFromCatalog(createTestConnector().catalog),
      editorDir: null,
      log: () => {},
    });
    try {
      await fetch(`${running.url}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password-1' }),
      }).then((r) => r.json());
      const login = await fetch(`${running.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password-1' }),
      });
      const session = login.headers.get('set-cookie')!.split(';')[0];
      const evil = await fetch(`${running.url}/api/files?path=evil.csv`, {
        method: 'POST',
        headers: { cookie: session, origin: foreign, 'content-type': 'text/plain' },
        body: '=cmd|calc\n',
      });
      expect(evil.status).toBe(403);
      expect(existsSync(join(dir.path, 'files', 'evil.csv'))).toBe(false);
      const good = await fetch(`${running.url}/api/files?path=good.csv`, {
        method: 'POST',
        headers: { cookie: session, 'x-stepwise-request': '1', 'content-type': 'text/csv' },
        body: 'a,b\n1,2\n',
      });
      expect(good.status).toBe(201);
      expect(existsSync(join(dir.path, 'files', 'good.csv'))).toBe(true);
    } finally {
      await running.close();
      dir.remove();
    }
  });
});
