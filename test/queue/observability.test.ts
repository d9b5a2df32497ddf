// biome-ignore-all lint/suspicious/noExplicitAny: API answers in tests are loose JSON
// Operating queue mode on the real Redis: with no worker, runs pile up and the API's /metrics
// and /api/status show the queue depth; a worker process (npm run worker's entry point) logs
// JSON lines (worker.started, worker.stopped), is seen by the API within its heartbeat, drains
// the queue, and answers GET /metrics on STEPWISE_WORKER_METRICS_PORT with its own steps and
// HTTP calls (a 429 included), under the same token rule as the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../helpers/listen.js';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { metricValue } from '../server/helpers/prometheus.js';
import {
  queueSetup,
  removeKeys,
  spawnWorker,
  startApi,
  stopWorker,
  waitUntil,
  type Api,
  type WorkerProcess,
} from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());
const TOKEN = 'worker-metrics-token-0123456789';

describe.skipIf(!runRedis)('queue mode: metrics, status and worker logs', () => {
  const setup = queueSetup(REDIS_URL, 4);
  let api: Api;
  let worker: WorkerProcess | undefined;
  let service: Listening;
  let calls = 0;

  beforeAll(async () => {
    // Every other call is a 429 (Retry-After: 0): each step sees one, then a 200.
    service = await listen((_req, res) => {
      calls++;
      res.writeHead(calls % 2 === 1 ? 429 : 200, {
        'content-type': 'application/json',
        'retry-after': '0',
      });
      res.end('{}');
    });
    api = await startApi(setup);
  }, 60_000);

  afterAll(async () => {
    if (worker) await stopWorker(worker);
    await api?.close();
    await service?.close();
    await removeKeys(REDIS_URL, setup.prefix);
  });

  const scrapeApi = async () => {
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows the runs waiting for a worker, then a worker taking them', async () => {
    const wf = await api.createWorkflow({
      name: 'Calls a service',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'call-1',
          connector: 'http',
          operation: 'request',
          input: { method: 'GET', url: `${service.url}/ping` },
        },
      ],
    });
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.startRun(wf.id);
      expect(res.status).toBe(202);
      runIds.push(res.body.runId);
    }
    // No worker yet: the three runs wait in Redis.
    await waitUntil('the queue depth', async () => {
      return metricValue(await scrapeApi(), 'stepwise_queue_depth') === 3;
    });
    const status = await api.call('GET', '/api/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      mode: 'queue',
      redis: 'up',
      queue: { depth: 3, running: 0 },
    });
    expect(metricValue(await scrapeApi(), 'stepwise_info', { mode: 'queue' })).toBe(1);

    worker = await spawnWorker(setup, {
      STEPWISE_WORKER_METRICS_PORT: '0',
      STEPWISE_METRICS_TOKEN: TOKEN,
    });
    for (const runId of runIds) expect((await api.waitForEnd(runId)).status).toBe('succeeded');
    await waitUntil(
      'the worker seen by the API',
      async () => (await api.call('GET', '/api/status')).body.workersSeen >= 1,
    );
    const after = await scrapeApi();
    expect(metricValue(after, 'stepwise_queue_depth')).toBe(0);
    expect(metricValue(after, 'stepwise_workers_seen')).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(after, 'stepwise_runs_finished_total', {
        status: 'succeeded',
        trigger: 'manual',
      }),
    ).toBe(3);
    expect(metricValue(after, 'stepwise_records_written_total')).toBe(3);
  }, 120_000);

  it("answers the worker's own metrics on its port, with the token", async () => {
    const started = worker!
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((line) => line.event === 'worker.started');
    expect(started).toMatchObject({ level: 'info', name: 'stepwise-worker' });
    const url = `http://127.0.0.1:${started.metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(
      metricValue(text, 'stepwise_step_duration_seconds_count', {
        connector: 'http',
        operation: 'request',
        outcome: 'ok',
      }),
    ).toBe(3);
    expect(metricValue(text, 'stepwise_connector_http_429_total', { service: 'HTTP' })).toBe(3);
    expect(
      metricValue(text, 'stepwise_connector_http_calls_total', { service: 'HTTP', status: '2xx' }),
    ).toBe(3);
    expect(metricValue(text, 'stepwise_info', { role: 'worker' })).toBe(1);
    // Runs are counted once, by the API (which sees them all): not again by the worker.
    expect(text).not.toContain('stepwise_runs_finished_total{');
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('logs its stop as JSON', async () => {
    worker!.child.kill('SIGTERM');
    expect((await worker!.exited).code).toBe(0);
    const lines = worker!
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.event)).toEqual(
      expect.arrayContaining(['worker.started', 'worker.stopping', 'worker.stopped']),
    );
    expect(worker!.output()).not.toContain(setup.secretKey);
    expect(worker!.output()).not.toContain(TOKEN);
    worker = undefined;
  });
});
