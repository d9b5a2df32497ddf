// GET /metrics as `npm start` wires it: counters that move as runs happen (a run through the
// HTTP connector against a service on 127.0.0.1 that answers 429 once), gauges read when
// scraped, and who may read them: with STEPWISE_METRICS_TOKEN only its bearer, without it only
// this machine asking directly (a proxied request, or one from another interface, is refused).
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { listen, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Queued, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';
import { metricValue } from './helpers/prometheus.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** Wait until `check` holds (a stream's end is seen by the server a moment after the client's). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within the time given');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let service: Listening;
let calls = 0;
beforeAll(async () => {
  // Answers 429 (Retry-After: 0) to every other call, so each step sees one 429 then a 200.
  service = await listen((_req, res) => {
    calls++;
    if (calls % 2 === 1) {
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{"error":"slow down"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => service.close());

const httpStep = (url: string) => ({
  id: 'call-1',
  connector: 'http',
  operation: 'request',
  input: { method: 'GET', url },
});

describe('GET /metrics on this machine (no token set)', () => {
  const srv = useTestServer({ full: true });

  async function scrape(): Promise<string> {
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  }

  it('counts runs, steps, records and HTTP calls as runs happen', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: { name: 'Call', trigger: { type: 'manual' }, steps: [httpStep(`${service.url}/ok`)] },
    });
    const before = await scrape();
    const started = (t: string) =>
      metricValue(t, 'stepwise_runs_started_total', { trigger: 'manual' });
    const succeeded = (t: string) =>
      metricValue(t, 'stepwise_runs_finished_total', { status: 'succeeded', trigger: 'manual' });
    const steps = (t: string) =>
      metricValue(t, 'stepwise_step_duration_seconds_count', {
        connector: 'http',
        operation: 'request',
        outcome: 'ok',
      });
    const tooMany = (t: string) =>
      metricValue(t, 'stepwise_connector_http_429_total', { service: 'HTTP' });
    const ok = (t: string) =>
      metricValue(t, 'stepwise_connector_http_calls_total', { service: 'HTTP', status: '2xx' });
    const records = (t: string) => metricValue(t, 'stepwise_records_written_total');

    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: {} },
    });
    expect(run.body.status).toBe('succeeded');
    const after = await scrape();
    expect(started(after) - started(before)).toBe(1);
    expect(succeeded(after) - succeeded(before)).toBe(1);
    expect(steps(after) - steps(before)).toBe(1);
    expect(tooMany(after) - tooMany(before)).toBe(1);
    expect(ok(after) - ok(before)).toBe(1);
    expect(records(after) - records(before)).toBe(1);
    expect(
      metricValue(after, 'stepwise_run_duration_seconds_count', {
        status: 'succeeded',
        trigger: 'manual',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(metricValue(after, 'stepwise_info', { mode: 'embedded', role: 'server' })).toBe(1);
    expect(metricValue(after, 'stepwise_data_bytes')).toBeGreaterThan(0);
    expect(metricValue(after, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts a failed run by its status, and its failed step', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: 'Fails',
        trigger: { type: 'manual' },
        // Nothing listens on port 9 of this machine: no answer at all.
        steps: [httpStep('http://127.0.0.1:9/nothing')],
      },
    });
    const before = await scrape();
    const failed = (t: string) =>
      metricValue(t, 'stepwise_runs_finished_total', { status: 'failed', trigger: 'manual' });
    const errors = (t: string) =>
      metricValue(t, 'stepwise_step_duration_seconds_count', {
        connector: 'http',
        operation: 'request',
        outcome: 'error',
      });
    const noAnswer = (t: string) =>
      metricValue(t, 'stepwise_connector_http_calls_total', { service: 'HTTP', status: 'none' });
    const run = await srv.api<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {
      token: srv.token,
      body: { payload: {} },
    });
    expect(run.body.status).toBe('failed');
    const after = await scrape();
    expect(failed(after) - failed(before)).toBe(1);
    expect(errors(after) - errors(before)).toBeGreaterThanOrEqual(1);
    expect(noAnswer(after) - noAnswer(before)).toBeGreaterThanOrEqual(1);
  });

  it('shows the live run streams open and the runs waiting', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: 'Waits',
        trigger: { type: 'manual' },
        steps: [{ id: 'wait-1', type: 'delay', input: { seconds: 3600 } }],
      },
    });
    const { body: queued } = await srv.api<Queued>('POST', `/api/workflows/${wf.id}/runs`, {
      token: srv.token,
      body: { payload: {} },
    });
    await eventually(async () => {
      const run = await srv.api<Run>('GET', `/api/runs/${queued.runId}`, { token: srv.token });
      return run.body.status === 'waiting';
    });
    const stream = new AbortController();
    const res = await fetch(`${srv.url}/api/runs/${queued.runId}/events`, {
      headers: { authorization: `Bearer ${srv.token}` },
      signal: stream.signal,
    });
    expect(res.status).toBe(200);
    try {
      const text = await scrape();
      expect(metricValue(text, 'stepwise_sse_streams_open')).toBe(1);
      expect(metricValue(text, 'stepwise_runs', { state: 'waiting' })).toBe(1);
      expect(metricValue(text, 'stepwise_queue_depth')).toBe(0);
    } finally {
      stream.abort();
      await srv.api('POST', `/api/runs/${queued.runId}/cancel`, { token: srv.token });
    }
    await eventually(async () => metricValue(await scrape(), 'stepwise_sse_streams_open') === 0);
    expect(metricValue(await scrape(), 'stepwise_runs', { state: 'waiting' })).toBe(0);
  });

  it('refuses a request that came through a proxy', async () => {
    const proxied: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { forwarded: 'for=203.0.113.7' },
    ];
    for (const header of proxied) {
      const res = await fetch(`${srv.url}/metrics`, { headers: header });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('FORBIDDEN');
      expect(body.error.message).toContain('STEPWISE_METRICS_TOKEN');
    }
  });
});

describe('GET /metrics with STEPWISE_METRICS_TOKEN', () => {
  const srv = useTestServer({ full: true, env: { STEPWISE_METRICS_TOKEN: TOKEN } });

  it('answers only with the token', async () => {
    const none = await fetch(`${srv.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await fetch(`${srv.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    // A user's session is no metrics token.
    const session = await fetch(`${srv.url}/metrics`, {
      headers: { authorization: `Bearer ${srv.token}` },
    });
    expect(session.status).toBe(401);
    const right = await fetch(`${srv.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('stepwise_runs_started_total');
  });
});

describe('GET /metrics switched off (STEPWISE_METRICS=off)', () => {
  const srv = useTestServer({ full: true, env: { STEPWISE_METRICS: 'off' } });

  it('is not there', async () => {
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(404);
  });
});

/** This machine's address on a network interface other than loopback, if it has one. */
function otherAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

describe('GET /metrics from another interface', () => {
  const address = otherAddress();
  let running: RunningServer | undefined;
  const dir = tempDir('stepwise-metrics-');
  afterAll(async () => {
    await running?.close();
    dir.remove();
  });

  it.skipIf(!address)('refuses a client that is not on loopback', async () => {
    running = await startServer({
      port: 0,
      host: '0.0.0.0',
      dataDir: dir.path,
      redisUrl: undefined,
      concurrency: 2,
      bodyLimit: '1mb',
      env: {},
      editorDir: null,
      log: () => {},
    });
    const port = new URL(running.url).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host, port, path: '/metrics' }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await status('127.0.0.1')).toBe(200);
    expect(await status(address!)).toBe(403);
  });
});
