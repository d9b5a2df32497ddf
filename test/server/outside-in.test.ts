// Found by trying the product from outside (the audit): requests that got a wrong status, a
// misleading message or no error envelope. Each test names what was wrong.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import type { Workflow } from './helpers/api-types.js';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** Sends raw bytes and answers the status line, headers and body as the server wrote them. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('utf8');
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('webhook form bodies', () => {
  let srv: TestServer;
  let hookUrl: string;
  beforeAll(async () => {
    srv = await startTestServer();
    const token = await srv.owner();
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Hook', [], { type: 'webhook' }),
    });
    hookUrl = wf.webhookUrl ?? '';
  });
  afterAll(() => srv.close());

  const postForm = (body: string) =>
    fetch(hookUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('a form nested too deep is a 400 that says so (was: "cut short, or its Content-Encoding")', async () => {
    const res = await postForm(`a${'[b]'.repeat(40)}=1`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('deep');
    expect(body.error.message).not.toContain('Content-Encoding');
  });

  it('a form with too many fields is a 413 that says how many are allowed', async () => {
    const res = await postForm(Array.from({ length: 1500 }, (_, i) => `k${i}=1`).join('&'));
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('TOO_LARGE');
    expect(body.error.message).toContain('1000');
  });
});

describe('requests the HTTP parser refuses', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ full: true });
  });
  afterAll(() => srv.close());

  it('a URL past the header limit is a 431 in the error envelope (was: an empty 431)', async () => {
    const answer = await rawRequest(
      srv.url,
      `GET /api/runs/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(answer.startsWith('HTTP/1.1 431 ')).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(body.error.code).toBe('TOO_LARGE');
    expect(body.error.message).toContain('header');
  });

  it('a request that is not HTTP is a 400 in the error envelope, and the server goes on', async () => {
    const answer = await rawRequest(srv.url, 'HELLO THERE\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION');
    const health = await fetch(`${srv.url}/api/health`);
    expect(health.status).toBe(200);
  });
});

describe('settings', () => {
  it('a STEPWISE_BODY_LIMIT that is not a size stops the start naming the setting (was: \'option limit "banana" is invalid\')', () => {
    expect(() => readConfig({ STEPWISE_BODY_LIMIT: 'banana' })).toThrow(
      'STEPWISE_BODY_LIMIT must be a size such as 1mb or 1048576, not "banana"',
    );
    expect(() => readConfig({ STEPWISE_BODY_LIMIT: '0' })).toThrow('STEPWISE_BODY_LIMIT');
    expect(readConfig({ STEPWISE_BODY_LIMIT: '5mb' }).bodyLimit).toBe('5mb');
    expect(readConfig({ STEPWISE_BODY_LIMIT: '2048' }).bodyLimit).toBe('2048');
    expect(readConfig({}).bodyLimit).toBe('1mb');
  });
});

describe('deleting a workflow whose runs wait', () => {
  let srv: TestServer;
  let token: string;
  beforeAll(async () => {
    srv = await startTestServer();
    token = await srv.owner();
  });
  afterAll(() => srv.close());

  const create = async (doc: Record<string, unknown>) =>
    (await srv.api<Workflow>('POST', '/api/workflows', { token, body: doc })).body.id;
  const waitFor = async (runId: string, status: string) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await srv.api<{ status: string }>('GET', `/api/runs/${runId}`, { token });
      if (body.status === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`run ${runId} never became ${status}`);
  };

  it('is a 409 while a run it called waits, so the caller is not left waiting forever (was: 204, the caller stayed "waiting" for a run that no longer existed)', async () => {
    const callee = await create({
      name: 'Callee',
      trigger: { type: 'callable' },
      steps: [{ id: 'd', type: 'delay', input: { seconds: 600 } }],
    });
    const caller = await create({
      name: 'Caller',
      trigger: { type: 'manual' },
      steps: [{ id: 'c', type: 'call', workflow: callee }],
    });
    const { body: started } = await srv.api<{ runId: string }>(
      'POST',
      `/api/workflows/${caller}/runs`,
      { token, body: {} },
    );
    await waitFor(started.runId, 'waiting');
    const { body: callerRun } = await srv.api<{ waitingFor: string }>(
      'GET',
      `/api/runs/${started.runId}`,
      { token },
    );
    await waitFor(callerRun.waitingFor, 'waiting');

    const refused = await srv.api<ErrorBody>('DELETE', `/api/workflows/${callee}`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('waiting');

    // Cancelling the called run ends the caller's wait (CALLED_RUN_FAILED); then delete works.
    await srv.api('POST', `/api/runs/${callerRun.waitingFor}/cancel`, { token });
    await waitFor(started.runId, 'failed');
    const deleted = await srv.api('DELETE', `/api/workflows/${callee}`, { token });
    expect(deleted.status).toBe(204);
  });
});

describe('numbers JSON cannot hold', () => {
  let srv: TestServer;
  let token: string;
  beforeAll(async () => {
    srv = await startTestServer();
    token = await srv.owner();
  });
  afterAll(() => srv.close());

  it('a number past 1.8e308 is a 400 naming its path (was: saved as null without a word)', async () => {
    const res = await srv.api<ErrorBody>('POST', '/api/workflows', {
      token,
      raw: '{"name":"n","trigger":{"type":"manual"},"steps":[],"config":{"limits":[1,1e999]}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.issues).toEqual([
      { path: 'config.limits.1', message: expect.stringContaining('too large') },
    ]);
    const ok = await srv.api('POST', '/api/workflows', {
      token,
      raw: '{"name":"n","trigger":{"type":"manual"},"steps":[],"config":{"big":1e308}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(201);
  });
});
