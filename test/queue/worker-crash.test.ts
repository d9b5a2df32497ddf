// biome-ignore-all lint/suspicious/noExplicitAny: API answers in tests are loose JSON
// A worker killed in the middle of a run (queue mode, real processes, the real Redis): BullMQ's
// stalled-job check hands the run to another worker, which resumes after the last completed
// step. A step in flight at the kill runs again only when that is safe (the http connector
// sends the same Idempotency-Key); otherwise the run fails saying it may or may not have
// happened. Also: a run waits queued while no worker runs, and a worker needs the server's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { listen, readBody } from '../helpers/listen.js';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';
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

describe.skipIf(!runRedis)('queue mode: workers that die', () => {
  const setup = queueSetup(REDIS_URL, 4);
  let api: Api;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    api = await startApi(setup);
  });
  afterAll(async () => {
    for (const w of workers) await stopWorker(w);
    await api?.close();
    await removeKeys(setup.redisUrl, setup.prefix);
  });

  async function worker(env: Record<string, string> = {}, cwd?: string) {
    const w = await spawnWorker(setup, env, { cwd });
    workers.push(w);
    return w;
  }

  it('waits queued while no worker runs, and runs once one starts', async () => {
    const wf = await api.createWorkflow({
      name: 'Nothing much',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'http-1',
          connector: 'http',
          operation: 'request',
          input: { url: `${api.url}/api/health` },
        },
      ],
    });
    const started = await api.startRun(wf.id);
    expect(started.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await api.call('GET', `/api/runs/${started.body.runId}`)).body.status).toBe('queued');

    // A worker in an empty folder, with a data folder that does not exist: it must create neither
    // a file nor the folder, and never load SQLite.
    const cwd = tempDir('stepwise-worker-cwd-');
    const dataDir = join(cwd.path, 'data');
    const w = await worker({ STEPWISE_DATA_DIR: dataDir }, cwd.path);
    const run = await api.waitForEnd(started.body.runId);
    expect(run.status).toBe('succeeded');
    const steps = (await api.call('GET', `/api/runs/${run.id}/steps`)).body.records;
    expect(steps.map((r: any) => [r.stepId, r.status])).toEqual([['http-1', 'ok']]);
    expect(readdirSync(cwd.path)).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
    expect(readFileSync(`/proc/${w.pid}/maps`, 'utf8')).not.toMatch(/better_sqlite3|sqlite/i);
    await stopWorker(w, 'SIGTERM');
    cwd.remove();
  });

  it("refuses to start without STEPWISE_SECRET_KEY, or with a key other than the server's", async () => {
    const without = await spawnWorker(setup, { STEPWISE_SECRET_KEY: '' }, { waitReady: false });
    expect((await without.exited).code).toBe(1);
    expect(without.output()).toMatch(/STEPWISE_SECRET_KEY is not set/);

    const other = await spawnWorker(
      setup,
      { STEPWISE_SECRET_KEY: randomBytes(32).toString('hex') },
      { waitReady: false },
    );
    expect((await other.exited).code).toBe(1);
    expect(other.output()).toMatch(
      /STEPWISE_SECRET_KEY is not the key the Stepwise server uses with this Redis/,
    );
  });

  it('refuses to start with a connector setting its connector refuses, naming it', async () => {
    const bad = await spawnWorker(
      setup,
      { STEPWISE_SCRIPT_TIME_LIMIT_MS: 'fast' },
      { waitReady: false },
    );
    expect((await bad.exited).code).toBe(1);
    expect(bad.output()).toContain(
      'Stepwise worker could not start: STEPWISE_SCRIPT_TIME_LIMIT_MS must be a whole number from 1 to 3600000, not \\"fast\\"',
    );
  });

  it("hands a killed worker's run to another, which resumes after the last completed step", async () => {
    const K = 8;
    const KILL_AT = 4;
    const seen: string[] = [];
    let holding: (() => void) | undefined;
    const counter = await listen(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      if (seen.length === KILL_AT && !holding) {
        // Never answered: the worker dies while this request is in flight.
        holding = () => res.destroy();
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const victim = await worker();
    const wf = await api.createWorkflow({
      name: 'Post each item',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: Array.from({ length: K }, (_, i) => `item-${i}`) },
          steps: [
            {
              id: 'http-1',
              connector: 'http',
              operation: 'request',
              input: {
                method: 'POST',
                url: `${counter.url}/items`,
                body: { item: { $jsonpath: '$.steps.loop-1.value' } },
              },
            },
          ],
        },
      ],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    await waitUntil('the request in flight', () => holding !== undefined);
    const rescuer = await worker();
    await stopWorker(victim, 'SIGKILL');
    holding!();

    const run = await api.waitForEnd(runId, 60_000);
    expect(run.status).toBe('succeeded');
    const keys = Array.from({ length: K }, (_, i) => `${runId}:loop-1[${i}] > http-1`);
    // Each item once, in order; the one in flight when the worker died twice, with the same key.
    expect(seen).toEqual([...keys.slice(0, KILL_AT), ...keys.slice(KILL_AT - 1)]);
    const records = (await api.call('GET', `/api/runs/${runId}/steps`)).body.records;
    expect(records.map((r: any) => r.place)).toEqual([
      ...keys.map((k) => k.slice(runId.length + 1)),
      'loop-1',
    ]);
    expect(records.every((r: any) => r.status === 'ok')).toBe(true);
    expect(records.map((r: any) => r.seq)).toEqual(records.map((_: unknown, i: number) => i + 1));
    await stopWorker(rescuer, 'SIGTERM');
    await counter.close();
  }, 90_000);

  it('fails the run when the step in flight cannot safely run again', async () => {
    let requests = 0;
    let holding: (() => void) | undefined;
    const totango = await listen(async (req, res) => {
      await readBody(req);
      requests++;
      holding = () => res.destroy();
    });
    const auth = await api.call('POST', '/api/authentications', {
      name: 'Totango (held)',
      connector: 'totango',
      fields: { token: 'held-token-1234567890', baseUrl: totango.url },
    });
    expect(auth.status).toBe(201);
    const victim = await worker();
    const wf = await api.createWorkflow({
      name: 'Create a task',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'task-1',
          connector: 'totango',
          operation: 'create_task',
          auth: auth.body.id,
          input: { account_id: 'acme', title: 'Call them', activity_type_id: 'renewal' },
        },
      ],
    });
    const runId = (await api.startRun(wf.id)).body.runId;
    await waitUntil('the task creation in flight', () => holding !== undefined);
    const rescuer = await worker();
    await stopWorker(victim, 'SIGKILL');
    holding!();

    const run = await api.waitForEnd(runId, 60_000);
    expect(run.status).toBe('failed');
    expect(run.error.code).toBe('INTERRUPTED');
    expect(run.error.stepId).toBe('task-1');
    expect(run.error.message).toMatch(/may or may not have happened/);
    // Not tried a second time.
    expect(requests).toBe(1);
    const records = (await api.call('GET', `/api/runs/${runId}/steps`)).body.records;
    expect(records.map((r: any) => [r.stepId, r.status, r.error?.code])).toEqual([
      ['task-1', 'error', 'INTERRUPTED'],
    ]);
    await stopWorker(rescuer, 'SIGTERM');
    await totango.close();
  }, 90_000);
});
