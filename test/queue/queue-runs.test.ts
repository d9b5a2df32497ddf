// biome-ignore-all lint/suspicious/noExplicitAny: API answers in tests are loose JSON
// Queue mode with two worker processes on the real Redis: the live view, secrets kept out of
// Redis, per-workflow concurrency and cancel across workers, a long 429 parking the run as a
// delayed job, delay and call steps, and the Totango limit shared by both workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { listen, readBody } from '../helpers/listen.js';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import { RUN_QUEUE } from '../../server/queue/redis-keys.js';
import {
  everyRedisValue,
  queueSetup,
  removeKeys,
  sleep,
  spawnWorker,
  startApi,
  stopWorker,
  waitUntil,
  type Api,
  type WorkerProcess,
} from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());

/** Read a run's Server-Sent Events until it ends. */
async function liveEvents(api: Api, runId: string): Promise<{ event: string; data: any }[]> {
  const res = await fetch(`${api.url}/api/runs/${runId}/events`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  const out: { event: string; data: any }[] = [];
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    let end = text.indexOf('\n\n');
    while (end >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) out.push({ event, data: JSON.parse(data) });
      end = text.indexOf('\n\n');
    }
  }
  return out;
}

describe.skipIf(!runRedis)('queue mode with two workers', () => {
  const setup = queueSetup(REDIS_URL, 4);
  let api: Api;
  let totango: FakeTotango;
  const workers: WorkerProcess[] = [];
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    totango = await startFakeTotango();
    api = await startApi(setup);
    const env = { TOTANGO_BASE_URL: totango.url, STEPWISE_PARK_AFTER_SECONDS: '3' };
    workers.push(await spawnWorker(setup, env), await spawnWorker(setup, env));
    redis = new Redis(setup.redisUrl);
    queue = new Queue(RUN_QUEUE, { connection: redis, prefix: setup.prefix });
  });
  afterAll(async () => {
    for (const w of workers) await stopWorker(w);
    await queue?.close();
    redis?.disconnect();
    await api?.close();
    await totango?.close();
    await removeKeys(setup.redisUrl, setup.prefix);
  });

  it("shows a run live in the editor's stream, as in embedded mode", async () => {
    const slow = await listen(async (req, res) => {
      await readBody(req);
      await sleep(300);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const wf = await api.createWorkflow({
      name: 'Two calls',
      trigger: { type: 'manual' },
      steps: [
        { id: 'first', connector: 'http', operation: 'request', input: { url: slow.url } },
        { id: 'second', connector: 'http', operation: 'request', input: { url: slow.url } },
      ],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    const events = await liveEvents(api, runId);
    const steps = events.filter((e) => e.event === 'step').map((e) => [e.data.stepId, e.data.seq]);
    expect(steps).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    // The second step was seen running before its record came.
    const names = events.map((e) =>
      e.event === 'run' ? `run:${e.data.status}` : `${e.event}:${e.data.stepId}`,
    );
    expect(names.indexOf('step-start:second')).toBeGreaterThan(names.indexOf('step:first'));
    expect(names.indexOf('step-start:second')).toBeLessThan(names.indexOf('step:second'));
    expect(names[names.length - 1]).toBe('run:succeeded');
    await slow.close();
  });

  it('keeps every secret out of Redis (raw, hex, base64): only sealed values and ids', async () => {
    const secret = 'tok-Very-Secret-0123456789-abcdef';
    const fake = await startFakeTotango({ tokens: [secret] });
    fake.addTask({ account_id: 'acme', title: 'Renew' });
    const auth = await api.call('POST', '/api/authentications', {
      name: 'Totango (secret)',
      connector: 'totango',
      fields: { token: secret, baseUrl: fake.url },
    });
    const wf = await api.createWorkflow({
      name: 'Read a task, then wait',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'task-1',
          connector: 'totango',
          operation: 'get_task',
          auth: auth.body.id,
          input: { id: String(fake.state.tasks[0].id) },
        },
        { id: 'wait-1', type: 'delay', input: { seconds: 2 } },
      ],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    await waitUntil(
      'the run to wait',
      async () => (await api.call('GET', `/api/runs/${runId}`)).body.status === 'waiting',
    );
    const forms = [
      secret,
      Buffer.from(secret).toString('hex'),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ];
    const scan = async () => {
      const values = await everyRedisValue(setup.redisUrl, setup.prefix);
      expect(values.length).toBeGreaterThan(5);
      for (const value of values) for (const form of forms) expect(value).not.toContain(form);
    };
    // While the run is parked in Redis with its package, checkpoint and job…
    expect(await redis.hget(`${setup.prefix}:sw:run:${runId}`, 'pkg')).toBeTruthy();
    await scan();
    const run = await api.waitForEnd(runId);
    expect(run.status).toBe('succeeded');
    // …and once it is done.
    await scan();
    expect(fake.requestsTo('/api/v3/tasks').length).toBe(1);
    await fake.close();
  });

  it("holds a workflow's concurrency across both workers", async () => {
    let active = 0;
    let most = 0;
    const held = await listen(async (req, res) => {
      await readBody(req);
      active++;
      most = Math.max(most, active);
      await sleep(400);
      active--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const wf = await api.createWorkflow({
      name: 'Two at a time',
      trigger: { type: 'manual' },
      settings: { concurrency: 2 },
      steps: [{ id: 'call', connector: 'http', operation: 'request', input: { url: held.url } }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await api.startRun(wf.id)).body.runId);
    for (const id of ids) expect((await api.waitForEnd(id)).status).toBe('succeeded');
    expect(most).toBe(2);
    await held.close();
  }, 60_000);

  it('cancels a run on whichever worker runs it, within a second', async () => {
    let aborted = false;
    let arrived = false;
    const hanging = await listen(async (req) => {
      arrived = true;
      req.on('close', () => {
        aborted = true;
      });
    });
    const wf = await api.createWorkflow({
      name: 'Hangs',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'hang',
          connector: 'http',
          operation: 'request',
          input: { url: hanging.url, timeoutMs: 120_000 },
        },
      ],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    await waitUntil('the call to arrive', () => arrived);
    const started = Date.now();
    const answer = await api.call('POST', `/api/runs/${runId}/cancel`);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    await waitUntil('the worker to drop the call', () => aborted);
    const records = (await api.call('GET', `/api/runs/${runId}/steps`)).body.records;
    expect(records.map((r: any) => [r.stepId, r.error?.code])).toEqual([['hang', 'CANCELLED']]);
    await hanging.close();
  });

  it('parks a run as a delayed job on a 429 with a long Retry-After, then goes on', async () => {
    const seen: number[] = [];
    const limited = await listen(async (req, res) => {
      await readBody(req);
      seen.push(Date.now());
      if (seen.length === 1) res.writeHead(429, { 'retry-after': '6' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const wf = await api.createWorkflow({
      name: 'Rate limited',
      trigger: { type: 'manual' },
      steps: [{ id: 'call', connector: 'http', operation: 'request', input: { url: limited.url } }],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    await waitUntil(
      'the run to park',
      async () => (await api.call('GET', `/api/runs/${runId}`)).body.status === 'waiting',
    );
    // Parked: no worker holds it; BullMQ holds it as a delayed job until the Retry-After.
    const job = await queue.getJob(runId);
    expect(await job?.getState()).toBe('delayed');
    const parked = (await api.call('GET', `/api/runs/${runId}`)).body;
    expect(Date.parse(parked.resumeAt) - seen[0]).toBeGreaterThanOrEqual(5000);
    const run = await api.waitForEnd(runId);
    expect(run.status).toBe('succeeded');
    expect(seen.length).toBe(2);
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(5500);
    // The cut-short attempt left no record: one record, the successful one.
    const records = (await api.call('GET', `/api/runs/${runId}/steps`)).body.records;
    expect(records.map((r: any) => [r.stepId, r.status])).toEqual([['call', 'ok']]);
    await limited.close();
  }, 60_000);

  it('retries a failed run from the failed step on a worker, from the stored checkpoint', async () => {
    const calls: string[] = [];
    let failing = true;
    const flaky = await listen(async (req, res) => {
      await readBody(req);
      calls.push(String(req.url));
      if (req.url === '/second' && failing) res.writeHead(500).end('down');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const wf = await api.createWorkflow({
      name: 'Two steps, the second flaky',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'first',
          connector: 'http',
          operation: 'request',
          input: { url: `${flaky.url}/first` },
        },
        {
          id: 'second',
          connector: 'http',
          operation: 'request',
          input: { url: `${flaky.url}/second` },
        },
      ],
    });
    const failed = await api.waitForEnd((await api.startRun(wf.id)).body.runId);
    expect(failed.status).toBe('failed');
    expect(failed.error.stepId).toBe('second');
    failing = false;
    const retry = await api.call('POST', `/api/runs/${failed.id}/retry`, { from: 'failed-step' });
    expect(retry.status).toBe(202);
    const run = await api.waitForEnd(retry.body.runId);
    expect(run.status).toBe('succeeded');
    // The first step is not called again: the retry resumed after it.
    expect(calls.filter((c) => c === '/first').length).toBe(1);
    await flaky.close();
  });

  it('answers a webhook with the respond step of a run executed on a worker', async () => {
    const wf = await api.createWorkflow({
      name: 'Echo',
      trigger: { type: 'webhook', reply: 'respond-step' },
      steps: [
        {
          id: 'answer',
          type: 'respond',
          input: { status: 201, body: { got: { $jsonpath: '$.trigger.body.n' } } },
        },
      ],
    });
    const { webhookUrl } = (await api.call('GET', `/api/workflows/${wf.id}`)).body;
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 7 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: 7 });
  });

  it('runs a call step on a worker: the called run starts through the API and answers', async () => {
    const called = await api.createWorkflow({
      name: 'Answers',
      trigger: { type: 'callable' },
      steps: [
        {
          id: 'answer',
          type: 'respond',
          input: { body: { doubled: { $jsonpath: '$.trigger.n' } } },
        },
      ],
    });
    const caller = await api.createWorkflow({
      name: 'Calls',
      trigger: { type: 'manual' },
      steps: [{ id: 'call-1', type: 'call', workflow: called.id, input: { payload: { n: 21 } } }],
    });
    const run = await api.waitForEnd((await api.startRun(caller.id)).body.runId);
    expect(run.status).toBe('succeeded');
    const records = (await api.call('GET', `/api/runs/${run.id}/steps`)).body.records;
    expect(records[0].output).toMatchObject({ status: 'succeeded', response: { doubled: 21 } });
  }, 60_000);

  it('keeps storage atomic across both workers: 8 runs incrementing one key 1,000 times end at 1,000', async () => {
    const wf = await api.createWorkflow({
      name: 'Count',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: Array.from({ length: 125 }, (_, i) => i) },
          steps: [
            {
              id: 'count',
              connector: 'storage',
              operation: 'increment',
              input: { scope: 'workflow', key: 'n' },
            },
          ],
        },
      ],
    });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await api.startRun(wf.id)).body.runId);
    for (const id of ids) expect((await api.waitForEnd(id, 120_000)).status).toBe('succeeded');
    const stored = await api.call('GET', `/api/storage?scope=workflow&workflowId=${wf.id}&key=n`);
    expect(stored.body.value).toBe(1000);
  }, 150_000);

  it('shares the Totango limit of 100 calls a minute between both workers', async () => {
    const fake = await startFakeTotango({ tokens: ['rate-token-0123456789'] });
    const task = fake.addTask({ account_id: 'acme', title: 'Renew' });
    const auth = await api.call('POST', '/api/authentications', {
      name: 'Totango (rate)',
      connector: 'totango',
      fields: { token: 'rate-token-0123456789', baseUrl: fake.url },
    });
    const wf = await api.createWorkflow({
      name: 'Read a task 30 times',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: Array.from({ length: 30 }, (_, i) => i) },
          steps: [
            {
              id: 'get',
              connector: 'totango',
              operation: 'get_task',
              auth: auth.body.id,
              input: { id: String(task.id) },
            },
          ],
        },
      ],
    });
    // 4 runs x 30 calls = 120 calls: both workers run them at once, so 20 must wait for the
    // minute to roll over.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await api.startRun(wf.id)).body.runId);
    for (const id of ids) {
      const run = await api.waitForEnd(id, 120_000);
      expect(run.error).toBeNull();
      expect(run.status).toBe('succeeded');
    }
    const times = fake.requestsTo('/api/v3/tasks').map((r) => r.at);
    expect(times.length).toBe(120);
    // Never more than 100 in any 60-second window (the fake answers 429 past that).
    for (let i = 0; i + 100 < times.length; i++)
      expect(times[i + 100] - times[i]).toBeGreaterThanOrEqual(60_000);
    await fake.close();
  }, 150_000);
});
