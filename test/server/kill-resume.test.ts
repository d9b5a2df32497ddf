// The durability promise: a process killed in the middle of a run resumes it at the next start,
// and no completed step runs again. A real child process is SIGKILLed while a loop posts to a
// counting server; the http connector sends `Idempotency-Key: <runId>:<place>` on each POST.
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Queued, RecordsPage, Run, Session, Workflow } from './helpers/api-types.js';
import { callServer, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const K = 6;
const KILL_AT = 3;

const dir = tempDir('stepwise-kill-');
const secretKey = randomBytes(32).toString('hex');
const procs: ServerProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill();
  dir.remove();
});

async function startChild(): Promise<ServerProcess> {
  const proc = await startServerProcess({
    STEPWISE_DATA_DIR: dir.path,
    STEPWISE_SECRET_KEY: secretKey,
  });
  procs.push(proc);
  return proc;
}

describe('a run interrupted by a killed process', () => {
  it('resumes at the next start and applies each side effect exactly once', async () => {
    const seen: string[] = [];
    let victim: ChildProcess | undefined;
    const counter = await listen(async (req, res) => {
      await readBody(req);
      const key = String(req.headers['idempotency-key']);
      seen.push(key);
      if (seen.length === KILL_AT && victim) {
        // Die while the third request is in flight: its step has not completed.
        victim.kill('SIGKILL');
        return;
      }
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ applied: key }));
    });

    const first = await startChild();
    victim = first.child;
    const { token } = await callServer<Session>(first.url, 'POST', '/api/auth/setup', undefined, {
      email: 'owner@example.com',
      password: 'owner-password-1',
    });
    const wf = await callServer<Workflow>(first.url, 'POST', '/api/workflows', token, {
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
        {
          id: 'done',
          connector: 'http',
          operation: 'request',
          input: { method: 'POST', url: `${counter.url}/done` },
        },
      ],
    });
    const { runId } = await callServer<Queued>(
      first.url,
      'POST',
      `/api/workflows/${wf.id}/runs`,
      token,
      {},
    );
    expect(await first.exited).toBe('SIGKILL');
    const beforeCrash = [...seen];
    expect(beforeCrash).toEqual([0, 1, 2].map((i) => `${runId}:loop-1[${i}] > http-1`));

    const second = await startChild();
    let run: Run | undefined;
    for (let i = 0; i < 200; i++) {
      run = await callServer<Run>(second.url, 'GET', `/api/runs/${runId}`, token);
      if (run.status !== 'running' && run.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(run?.status).toBe('succeeded');

    const expectedKeys = [
      ...Array.from({ length: K }, (_, i) => `${runId}:loop-1[${i}] > http-1`),
      `${runId}:done`,
    ];
    // Distinct keys: every item's side effect, and no other.
    expect(new Set(seen)).toEqual(new Set(expectedKeys));
    // Only the step that was in flight at the kill was sent again (same key: applied once);
    // the two completed before the crash were not repeated.
    expect(seen).toEqual([...beforeCrash, expectedKeys[2], ...expectedKeys.slice(3)]);
    expect(seen.filter((k) => k === expectedKeys[0])).toHaveLength(1);
    expect(seen.filter((k) => k === expectedKeys[1])).toHaveLength(1);

    const { records } = await callServer<RecordsPage>(
      second.url,
      'GET',
      `/api/runs/${runId}/steps`,
      token,
    );
    expect(records.map((r: { place: string }) => r.place)).toEqual([
      ...Array.from({ length: K }, (_, i) => `loop-1[${i}] > http-1`),
      'loop-1',
      'done',
    ]);
    expect(records.map((r: { seq: number }) => r.seq)).toEqual(
      Array.from({ length: K + 2 }, (_, i) => i + 1),
    );

    second.child.kill('SIGTERM');
    // A clean exit (code 0), not the end of a signal.
    expect(await second.exited).toBe(0);
    await counter.close();
  }, 60_000);
});
