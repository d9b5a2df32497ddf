// `npm start` in queue mode runs a worker in its own process unless STEPWISE_WORKER=0: with no
// other worker anywhere, a run still executes, through BullMQ and Redis like any other.
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import { queueSetup, removeKeys, startApi, waitUntil, type Api } from './helpers.js';

const runRedis = requireService('Redis', await redisAnswers());

describe.skipIf(!runRedis)('queue mode with the worker inside npm start', () => {
  const setup = queueSetup(REDIS_URL, 4);
  let api: Api | undefined;
  afterAll(async () => {
    await api?.close();
    await removeKeys(setup.redisUrl, setup.prefix);
  });

  it('executes runs through the queue with no separate worker', async () => {
    api = await startApi(setup, { STEPWISE_WORKER: '1' });
    const wf = await api.createWorkflow({
      name: 'Upper case',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'upper',
          connector: 'text',
          operation: 'change_case',
          input: { text: { $jsonpath: '$.trigger.name' }, to: 'upper' },
        },
      ],
    });
    const run = await api.waitForEnd((await api.startRun(wf.id, { name: 'acme' })).body.runId);
    expect(run.status).toBe('succeeded');
    const records = (await api.call('GET', `/api/runs/${run.id}/steps`)).body.records;
    expect(records[0].output).toEqual({ text: 'ACME' });
    const health = (await api.call('GET', '/api/health')).body;
    expect(health).toMatchObject({ mode: 'queue', redis: 'up' });
    // Counted from the workers' heartbeats every few seconds.
    await waitUntil('the worker to be counted', async () => {
      return (await api!.call('GET', '/api/health')).body.workers >= 1;
    });
  });
});
