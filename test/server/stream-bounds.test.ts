// Issue 12: live run streams (SSE) are bounded. Records come from the database a page at a
// time, only as fast as the reader takes them; streams are capped per person and in all
// (429 with Retry-After); an idle stream gets heartbeats, a stalled one is disconnected.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const echo = (id: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation: 'echo',
  input,
});

async function startRun(s: TestServer, token: string, steps: unknown[], wait = false) {
  const { body: wf } = await s.api<{ id: string }>('POST', '/api/workflows', {
    token,
    body: testWorkflow('Live', steps),
  });
  const { body } = await s.api<{ runId: string; id: string }>(
    'POST',
    `/api/workflows/${wf.id}/runs${wait ? '?wait=1' : ''}`,
    { token, body: {} },
  );
  return body.runId ?? body.id;
}

const sleeper = [
  echo('a'),
  { id: 's', connector: 'test', operation: 'sleep', input: { ms: 5_000 } },
];

function open(s: TestServer, runId: string, token: string, signal?: AbortSignal) {
  return fetch(`${s.url}/api/runs/${runId}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
}

describe('how many streams', () => {
  it('caps streams per person with a 429 and Retry-After, and gives the place back on close', async () => {
    srv = await startTestServer({ streams: { perUser: 2, total: 100 } });
    const token = await srv.owner();
    const runId = await startRun(srv, token, sleeper);
    const first = new AbortController();
    const a = await open(srv, runId, token, first.signal);
    const b = await open(srv, runId, token);
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await open(srv, runId, token);
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBe('5');
    expect(((await c.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'RATE_LIMITED',
      message:
        'You have 2 live run views open, the most one person may have (the setting STEPWISE_MAX_STREAMS_PER_USER): close one (another tab or window) and try again',
    });
    // Someone else may still watch.
    const other = await srv.user('second@example.com');
    expect((await open(srv, runId, other)).status).toBe(200);
    first.abort();
    await new Promise((r) => setTimeout(r, 200));
    expect((await open(srv, runId, token)).status).toBe(200);
  });

  it('caps streams in all', async () => {
    srv = await startTestServer({ streams: { perUser: 10, total: 2 } });
    const token = await srv.owner();
    const other = await srv.user('second@example.com');
    const runId = await startRun(srv, token, sleeper);
    expect((await open(srv, runId, token)).status).toBe(200);
    expect((await open(srv, runId, other)).status).toBe(200);
    const third = await open(srv, runId, other);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain(
      'The server has 2 live run views open, the most it serves at once',
    );
  });

  it('an unknown run is a 404 and takes no place', async () => {
    srv = await startTestServer({ streams: { perUser: 1 } });
    const token = await srv.owner();
    for (let i = 0; i < 3; i++) expect((await open(srv, 'run_nope', token)).status).toBe(404);
    const runId = await startRun(srv, token, sleeper);
    expect((await open(srv, runId, token)).status).toBe(200);
  });
});

/** A run of `count` loop records of about 100 KB each (50 KB in, 50 KB out). */
function startBigRun(srv: TestServer, token: string, count: number): Promise<string> {
  const big = 'x'.repeat(50_000);
  return startRun(
    srv,
    token,
    [
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: Array.from({ length: count }, (_, i) => i) },
        steps: [echo('e', { big })],
      },
    ],
    true,
  );
}

/** A raw socket that asks for the run's events and then reads nothing (paused). */
async function stalledReader(srv: TestServer, runId: string, token: string): Promise<net.Socket> {
  const { hostname, port } = new URL(srv.url);
  const socket = net.connect(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  socket.pause();
  socket.write(
    `GET /api/runs/${runId}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
  );
  return socket;
}

describe('a reader that does not read', () => {
  it('holds a page, not the run: records are read only as fast as it takes them, then all arrive in order', async () => {
    srv = await startTestServer();
    const token = await srv.owner();
    // 300 records of about 100 KB each: some 30 MB in all.
    const runId = await startBigRun(srv, token, 300);
    const runs = srv.services.runs;
    const read = runs.records;
    let recordsRead = 0;
    runs.records = (id, after, limit) => {
      const page = read(id, after, limit);
      recordsRead += page.records.length;
      return page;
    };
    try {
      const socket = await stalledReader(srv, runId, token);
      await new Promise((r) => setTimeout(r, 1_000));
      // Only what the socket's buffers hold was read from the database, not all 301 records.
      expect(recordsRead).toBeGreaterThan(0);
      expect(recordsRead).toBeLessThan(200);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => {
        text += d;
      });
      socket.resume();
      await new Promise((r) => socket.once('end', r));
      const seqs = [...text.matchAll(/"seq":(\d+),/g)].map((m) => Number(m[1]));
      expect(seqs).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
      socket.destroy();
    } finally {
      runs.records = read;
    }
  });

  it('is disconnected after the stall time, and its place is given back', async () => {
    srv = await startTestServer({ streams: { perUser: 1, stallMs: 300 } });
    const token = await srv.owner();
    const runId = await startBigRun(srv, token, 200);
    const socket = await stalledReader(srv, runId, token);
    const closed = new Promise((r) => socket.once('close', r));
    await new Promise((r) => setTimeout(r, 1_500));
    socket.resume();
    await closed;
    const again = await open(srv, runId, token);
    expect(again.status).toBe(200);
  });
});

describe('an idle stream', () => {
  it('gets heartbeats while the run is quiet', async () => {
    srv = await startTestServer({ streams: { heartbeatMs: 100 } });
    const token = await srv.owner();
    const runId = await startRun(srv, token, sleeper);
    const controller = new AbortController();
    const res = await open(srv, runId, token, controller.signal);
    const reader = res.body!.getReader();
    let text = '';
    const until = Date.now() + 3_000;
    while (!text.includes(': keep-alive') && Date.now() < until) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain(': keep-alive\n\n');
  });
});
