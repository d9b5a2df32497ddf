// biome-ignore-all lint/suspicious/noExplicitAny: API answers in tests are loose JSON
// Redis stopped and started again in the middle of a run (our own redis-server on a free port,
// with the append-only file docs/operations.md asks for): while it is down a new run is refused
// with 503 UNAVAILABLE and /api/health says so; the worker pauses, and when Redis is back the
// run goes on to the end with each side effect applied once (the step in flight at most twice,
// with the same key).
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { listen, readBody } from '../helpers/listen.js';
import { redisAnswers, requireService } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';
import { queueSetup, sleep, spawnWorker, startApi, stopWorker, waitUntil } from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!runRedis)('queue mode when Redis stops and comes back', () => {
  const dir = tempDir('stepwise-redis-');
  let redis: ChildProcess | undefined;
  afterAll(() => {
    redis?.kill('SIGKILL');
    dir.remove();
  });

  async function startRedis(port: number): Promise<void> {
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir.path,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await waitUntil(
      'redis-server to answer',
      () => redisAnswers(`redis://127.0.0.1:${port}`),
      10_000,
    );
  }

  async function stopRedis(): Promise<void> {
    const child = redis!;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // SIGTERM: Redis writes its append-only file and exits, as on a host's shutdown.
    child.kill('SIGTERM');
    await exited;
  }

  it('refuses new runs while it is down, and finishes the run in flight once it is back', async () => {
    const port = await freePort();
    await startRedis(port);
    const setup = queueSetup(`redis://127.0.0.1:${port}`, 4);
    const api = await startApi(setup);
    const worker = await spawnWorker(setup);
    const seen: string[] = [];
    const counter = await listen(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      await sleep(250);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const K = 12;
      const wf = await api.createWorkflow({
        name: 'Post each item',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: Array.from({ length: K }, (_, i) => i) },
            steps: [
              {
                id: 'post',
                connector: 'http',
                operation: 'request',
                input: {
                  method: 'POST',
                  url: counter.url,
                  body: { i: { $jsonpath: '$.steps.loop-1.value' } },
                },
              },
            ],
          },
        ],
      });
      const runId = (await api.startRun(wf.id)).body.runId;
      await waitUntil('a few items', () => seen.length >= 3);
      await stopRedis();
      if (process.env.STEPWISE_TEST_LOG) console.error('redis stopped');

      const refused = await api.startRun(wf.id);
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('UNAVAILABLE');
      if (process.env.STEPWISE_TEST_LOG) console.error('refused', refused.status);
      const health = (await api.call('GET', '/api/health')).body;
      if (process.env.STEPWISE_TEST_LOG) console.error('health', health);
      expect(health.redis).toBe('down');
      // Nothing accepted and then lost: the only run of the workflow is the first one.
      const listed = (await api.call('GET', `/api/workflows/${wf.id}/runs`)).body;
      expect(listed.map((r: any) => r.id)).toEqual([runId]);
      if (process.env.STEPWISE_TEST_LOG) console.error('listed', listed.length);
      await sleep(2000);

      await startRedis(port);
      if (process.env.STEPWISE_TEST_LOG) console.error('redis started');
      const run = await api.waitForEnd(runId, 60_000);
      expect(run.status).toBe('succeeded');
      const keys = Array.from({ length: K }, (_, i) => `${runId}:loop-1[${i}] > post`);
      // Every item once, in order; the one in flight when Redis went away at most twice.
      const once = [...new Set(seen)];
      expect(once).toEqual(keys);
      expect(seen.length - once.length).toBeLessThanOrEqual(1);
      const records = (await api.call('GET', `/api/runs/${runId}/steps`)).body.records;
      expect(records.length).toBe(K + 1);
      await waitUntil(
        'health to say up',
        async () => (await api.call('GET', '/api/health')).body.redis === 'up',
      );
      const again = await api.startRun(wf.id);
      expect(again.status).toBe(202);
      expect((await api.waitForEnd(again.body.runId, 60_000)).status).toBe('succeeded');
    } finally {
      if (process.env.STEPWISE_TEST_LOG) console.error(`[worker]\n${worker.output()}`, seen);
      await stopWorker(worker);
      await api.close();
      await counter.close();
    }
  }, 120_000);
});
