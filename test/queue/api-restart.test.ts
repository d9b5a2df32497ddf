// The API process stops in the middle of a run (queue mode): the worker goes on to the end,
// its reports wait in Redis, and an API started again on the same data folder stores them, in
// order and each once.
import { afterAll, describe, expect, it } from 'vitest';
import { listen, readBody } from '../helpers/listen.js';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  queueSetup,
  removeKeys,
  sleep,
  spawnWorker,
  startApi,
  stopWorker,
  waitUntil,
  type WorkerProcess,
} from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());

interface Record {
  seq: number;
  place: string;
  status: string;
}

describe.skipIf(!runRedis)('queue mode when the API process stops', () => {
  const setup = queueSetup(REDIS_URL, 4);
  const dir = tempDir('stepwise-queue-api-restart-');
  let worker: WorkerProcess | undefined;
  afterAll(async () => {
    if (worker) await stopWorker(worker);
    await removeKeys(setup.redisUrl, setup.prefix);
    dir.remove();
  });

  it('lets the worker finish the run, and stores its reports when the API is back', async () => {
    const K = 6;
    const seen: string[] = [];
    const counter = await listen(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      await sleep(200);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    worker = await spawnWorker(setup);
    const first = await startApi(setup, {}, { dataDir: dir.path });
    const wf = await first.createWorkflow({
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
              input: { method: 'POST', url: counter.url, body: { i: 1 } },
            },
          ],
        },
      ],
    });
    const runId = (await first.startRun(wf.id)).body.runId as string;
    await waitUntil('two items', () => seen.length >= 2);
    await first.server.close();

    // No API process: the worker goes on to the end regardless.
    await waitUntil('every item', () => seen.length >= K);
    await sleep(500);

    const second = await startApi(setup, {}, { dataDir: dir.path, token: first.token });
    try {
      const run = await second.waitForEnd(runId, 30_000);
      expect(run.status).toBe('succeeded');
      expect(seen).toEqual(Array.from({ length: K }, (_, i) => `${runId}:loop-1[${i}] > post`));
      const records = (await second.call('GET', `/api/runs/${runId}/steps`)).body
        .records as Record[];
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: K + 1 }, (_, i) => i + 1));
      expect(records.every((r) => r.status === 'ok')).toBe(true);
    } finally {
      await second.close();
      await counter.close();
    }
  }, 90_000);
});
