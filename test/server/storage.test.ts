// The storage connector on the real server (real SQLite, real HTTP, the shipped connectors):
// 8 concurrent runs incrementing one key 1,000 times in all end at exactly 1,000; run values
// end with their run; workflow and account scopes; the 1 MiB limit; the admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore } from '../../server/db/store.js';
import type { RunJson } from '../../server/services/run-json.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let srv: TestServer;
let token: string;

beforeAll(async () => {
  srv = await startTestServer({ full: true, concurrency: 8 });
  token = await srv.owner();
});
afterAll(async () => {
  await srv.close();
});

async function create(doc: Record<string, unknown>): Promise<string> {
  const res = await srv.api<{ id: string }>('POST', '/api/workflows', { token, body: doc });
  if (res.status !== 201) throw new Error(`create failed: ${res.text}`);
  return res.body.id;
}

const runNow = async (workflowId: string, payload: unknown = {}) =>
  (
    await srv.api<RunJson>('POST', `/api/workflows/${workflowId}/runs?wait=1`, {
      token,
      body: { payload },
    })
  ).body;

interface Entry {
  key: string;
  value?: unknown;
  bytes: number;
  updatedAt: string;
}
const list = (query: string, as = token) =>
  srv.api<{ entries: Entry[]; nextAfter: string | null }>('GET', `/api/storage?${query}`, {
    token: as,
  });

const storageStep = (id: string, operation: string, input: Record<string, unknown>) => ({
  id,
  connector: 'storage',
  operation,
  input,
});

/** A workflow that increments `key` once per item of `$.trigger.items`. */
const counter = (name: string, scope: string, key: string) => ({
  name,
  trigger: { type: 'manual' },
  steps: [
    {
      id: 'loop-1',
      type: 'loop',
      input: { list: { $jsonpath: '$.trigger.items' } },
      steps: [storageStep('count-1', 'increment', { scope, key })],
    },
  ],
});

describe('storage on the server', () => {
  it('8 concurrent runs incrementing one key 1,000 times in all end at exactly 1,000', async () => {
    const id = await create(counter('Count', 'workflow', 'hits'));
    const items = Array.from({ length: 125 }, (_, i) => i);
    const runs = await Promise.all(Array.from({ length: 8 }, () => runNow(id, { items })));

    expect(runs.map((r) => r.status)).toEqual(Array(8).fill('succeeded'));
    const res = await list(`scope=workflow&workflowId=${id}`);
    expect(res.status).toBe(200);
    expect(res.body.entries).toEqual([
      { key: 'hits', value: 1000, bytes: 4, updatedAt: expect.any(String) },
    ]);
  });

  it('the account scope is shared by every workflow; the workflow scope is not', async () => {
    const a = await create(counter('A', 'account', 'shared-count'));
    const b = await create(counter('B', 'account', 'shared-count'));
    const c = await create(counter('C', 'workflow', 'shared-count'));
    for (const id of [a, b, c])
      expect((await runNow(id, { items: [1, 2] })).status).toBe('succeeded');
    const account = await list('scope=account&prefix=shared-');
    expect(account.body.entries.map((e) => [e.key, e.value])).toEqual([['shared-count', 4]]);
    const own = await list(`scope=workflow&workflowId=${c}`);
    expect(own.body.entries.map((e) => [e.key, e.value])).toEqual([['shared-count', 2]]);
  });

  it('run values are there during the run and gone when it ends', async () => {
    const id = await create({
      name: 'Run scope',
      trigger: { type: 'manual' },
      steps: [
        storageStep('set-1', 'append', { scope: 'run', key: 'seen', items: ['a', 'b'] }),
        storageStep('get-1', 'get', { scope: 'run', key: 'seen' }),
        storageStep('keys-1', 'list_keys', { scope: 'run' }),
      ],
    });
    const run = await runNow(id);
    expect(run.status).toBe('succeeded');
    const steps = (
      await srv.api<{ records: { stepId: string; output: unknown }[] }>(
        'GET',
        `/api/runs/${run.id}/steps`,
        { token },
      )
    ).body.records;
    expect(steps.find((r) => r.stepId === 'get-1')?.output).toEqual({
      found: true,
      value: ['a', 'b'],
    });
    expect(steps.find((r) => r.stepId === 'keys-1')?.output).toEqual({ keys: ['seen'] });
    expect((await list(`scope=run&runId=${run.id}`)).body.entries).toEqual([]);
  });

  it('a value over 1 MiB is a step error naming the key and the size', async () => {
    const id = await create({
      name: 'Too big',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'big-1',
          connector: 'script',
          operation: 'run',
          input: { code: 'return "x".repeat(1100000)' },
        },
        storageStep('set-1', 'set', {
          scope: 'workflow',
          key: 'big',
          value: { $jsonpath: '$.steps.big-1.result' },
        }),
      ],
    });
    const run = await runNow(id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('VALUE_TOO_LARGE');
    expect(run.error?.stepId).toBe('set-1');
    expect(run.error?.message).toContain('"big"');
    expect(run.error?.message).toContain('1100002 bytes');
    expect((await list(`scope=workflow&workflowId=${id}`)).body.entries).toEqual([]);
  });

  it('the admin API lists by prefix and page, answers one key, deletes one key', async () => {
    const id = await create({
      name: 'Marks',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.trigger.ids' } },
          steps: [
            storageStep('mark-1', 'set', {
              scope: 'workflow',
              key: 'alerted:{$.steps.loop-1.value}',
              value: true,
            }),
          ],
        },
        storageStep('other-1', 'set', { scope: 'workflow', key: 'last-run', value: { at: 'now' } }),
      ],
    });
    expect((await runNow(id, { ids: ['a1', 'a2', 'a3'] })).status).toBe('succeeded');
    const first = await list(`scope=workflow&workflowId=${id}&prefix=alerted:&limit=2`);
    expect(first.body.entries.map((e) => e.key)).toEqual(['alerted:a1', 'alerted:a2']);
    expect(first.body.nextAfter).toBe('alerted:a2');
    const second = await list(`scope=workflow&workflowId=${id}&prefix=alerted:&after=alerted:a2`);
    expect(second.body.entries.map((e) => e.key)).toEqual(['alerted:a3']);
    expect(second.body.nextAfter).toBeNull();
    const one = await srv.api<Entry>(
      'GET',
      `/api/storage?scope=workflow&workflowId=${id}&key=last-run`,
      { token },
    );
    expect(one.body).toMatchObject({ key: 'last-run', value: { at: 'now' } });

    const del = (key: string) =>
      srv.api(
        'DELETE',
        `/api/storage?scope=workflow&workflowId=${id}&key=${encodeURIComponent(key)}`,
        { token },
      );
    expect((await del('alerted:a2')).status).toBe(204);
    expect((await del('alerted:a2')).status).toBe(404);
    expect(
      (await list(`scope=workflow&workflowId=${id}&prefix=alerted:`)).body.entries.map(
        (e) => e.key,
      ),
    ).toEqual(['alerted:a1', 'alerted:a3']);
  });

  it('the admin API is for admins, and names a missing or misplaced id', async () => {
    const builder = await srv.user('builder@example.com', 'builder');
    expect((await list('scope=account', builder)).status).toBe(403);
    expect(
      (await srv.api('DELETE', '/api/storage?scope=account&key=x', { token: builder })).status,
    ).toBe(403);
    const noId = await srv.api<{ error: { issues: { path: string }[] } }>(
      'GET',
      '/api/storage?scope=workflow',
      { token },
    );
    expect(noId.status).toBe(400);
    expect(noId.body.error.issues[0].path).toBe('workflowId');
    const extra = await srv.api<{ error: { issues: { path: string }[] } }>(
      'GET',
      '/api/storage?scope=account&workflowId=wf_1',
      {
        token,
      },
    );
    expect(extra.status).toBe(400);
    expect(extra.body.error.issues[0].path).toBe('workflowId');
    expect((await srv.api('GET', '/api/storage?scope=galaxy', { token })).status).toBe(400);
  });

  it('deleting a workflow deletes its workflow values', async () => {
    const id = await create(counter('Doomed', 'workflow', 'n'));
    await runNow(id, { items: [1] });
    expect((await list(`scope=workflow&workflowId=${id}`)).body.entries).toHaveLength(1);
    expect((await srv.api('DELETE', `/api/workflows/${id}`, { token })).status).toBe(204);
    expect((await list(`scope=workflow&workflowId=${id}`)).body.entries).toEqual([]);
  });

  it('values survive a restart (the SQLite file holds them)', async () => {
    const id = await create(counter('Durable', 'workflow', 'kept'));
    await runNow(id, { items: [1, 2, 3] });
    const again = openStore(join(srv.dataDir, 'stepwise.db'));
    try {
      expect(again.storage.entry('workflow', id, 'kept')?.value).toBe(3);
    } finally {
      await again.close();
    }
  });
});
