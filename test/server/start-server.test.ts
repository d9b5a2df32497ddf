// startServer wires the store, the scheduler, the files API and notifications around the app,
// as `npm start` does; this checks the server's side of that wiring.
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/start-server.js';
import { readConfig } from '../../server/config.js';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';
import { Redis } from 'ioredis';
import { REDIS_URL, redisAnswers, requireService } from '../helpers/services.js';
import type { ErrorBody, RecordsPage, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';

const srv = useTestServer({
  full: true,
  maxRecords: 3,
  env: { STEPWISE_SECRET_KEY: 'cd'.repeat(32) },
  connectors: directoryFromCatalog(createTestConnector().catalog),
});

/** A call as the owner. */
const call = <T = unknown>(method: string, path: string, body?: unknown) =>
  srv.api<T>(method, path, { token: srv.token, body });

interface ScheduleItem {
  workflowId: string;
  enabled: boolean;
  nextRunAt: string;
}

describe('startServer', () => {
  it('reads the records limit (STEPWISE_MAX_RECORDS) and refuses a bad one', () => {
    expect(readConfig({ STEPWISE_MAX_RECORDS: '500' }).maxRecords).toBe(500);
    expect(readConfig({}).maxRecords).toBeUndefined();
    expect(() => readConfig({ STEPWISE_MAX_RECORDS: 'lots' })).toThrow(
      'STEPWISE_MAX_RECORDS must be a whole number from 1, not "lots"',
    );
  });

  it("keeps a run to the records limit: errors and the loop's last iteration stay, recordsOmitted counts the rest", async () => {
    const { body: wf } = await call<Workflow>('POST', '/api/workflows', {
      name: 'Six checks',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3, 4, 5, 6] },
          steps: [
            {
              id: 'check',
              type: 'boolean',
              input: {
                conditions: [
                  { left: { $jsonpath: '$.steps.loop-1.value' }, op: 'greater_than', right: 3 },
                ],
              },
            },
          ],
        },
      ],
    });
    const run = await call<Run>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {});
    expect(run.body).toMatchObject({ status: 'succeeded', recordsOmitted: 2, stepCount: 5 });
    const { body: page } = await call<RecordsPage>('GET', `/api/runs/${run.body.id}/steps`);
    expect(page.records.map((r) => `${r.seq} ${r.place}`)).toEqual([
      '1 loop-1[0] > check',
      '2 loop-1[1] > check',
      '3 loop-1[2] > check',
      '4 loop-1[5] > check',
      '5 loop-1',
    ]);
    expect(page.records[4].output).toEqual({ count: 6 });
  });

  it('answers health with its package version', async () => {
    const health = await call('GET', '/api/health');
    expect(health.body).toEqual({ ok: true, mode: 'embedded', version: '0.1.0' });
  });

  it('tells the scheduler about scheduled workflows, and when they are switched off', async () => {
    const { body: wf } = await call<Workflow>('POST', '/api/workflows', {
      name: 'Every morning',
      trigger: {
        type: 'schedule',
        schedule: { every: 'daily', at: '09:00', timezone: 'Europe/London' },
      },
      steps: [],
    });
    let list = (await call<ScheduleItem[]>('GET', '/api/schedules')).body;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ workflowId: wf.id, enabled: true });
    expect(list[0].nextRunAt).toMatch(/T0[89]:00:00\.000Z$/);

    await call('PATCH', `/api/workflows/${wf.id}`, { enabled: false });
    list = (await call<ScheduleItem[]>('GET', '/api/schedules')).body;
    expect(list[0].enabled).toBe(false);

    await call('DELETE', `/api/workflows/${wf.id}`);
    expect((await call('GET', '/api/schedules')).body).toEqual([]);
  });

  it('requires a login for the schedules API', async () => {
    const res = await srv.api<ErrorBody>('GET', '/api/schedules');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('startServer with REDIS_URL', async () => {
  const redis = requireService('Redis', await redisAnswers());
  it.skipIf(!redis)('answers health with mode "queue" and schedules through BullMQ', async () => {
    const qdir = tempDir('stepwise-start-queue-');
    const prefix = `stepwise-test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: qdir.path,
      redisUrl: REDIS_URL,
      queuePrefix: prefix,
      concurrency: 2,
      bodyLimit: '1mb',
      env: { STEPWISE_SECRET_KEY: 'cd'.repeat(32) },
      connectors: directoryFromCatalog(createTestConnector().catalog),
      editorDir: null,
      log: () => {},
    });
    try {
      const health = await (await fetch(`${server.url}/api/health`)).json();
      // Queue mode adds whether Redis answers and how many workers were seen (API.md).
      expect(health).toMatchObject({ ok: true, mode: 'queue', version: '0.1.0', redis: 'up' });
      expect(typeof health.workers).toBe('number');
      const auth = { 'content-type': 'application/json', authorization: '' };
      auth.authorization = `Bearer ${(await (await fetch(`${server.url}/api/auth/setup`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'q@example.com', password: 'queue-password-1' }) })).json()).token}`;
      const wf = await (
        await fetch(`${server.url}/api/workflows`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: 'Hourly',
            trigger: { type: 'schedule', schedule: { every: 'hourly', minute: 5 } },
            steps: [],
          }),
        })
      ).json();
      const schedules = await (
        await fetch(`${server.url}/api/schedules`, { headers: auth })
      ).json();
      expect(schedules[0]).toMatchObject({ workflowId: wf.id, enabled: true });
      expect(new Date(schedules[0].nextRunAt).getUTCMinutes()).toBe(5);
    } finally {
      await server.close();
      qdir.remove();
      const redisClient = new Redis(REDIS_URL);
      const keys = await redisClient.keys(`${prefix}:*`);
      if (keys.length > 0) await redisClient.del(...keys);
      redisClient.disconnect();
    }
  });
});
