// The durability promise: a process killed in the middle of a run resumes it at the next start,
// and no completed step runs again. A real child process is SIGKILLed while a loop posts to a
// counting server; the http connector sends `Idempotency-Key: <runId>:<place>` on each POST.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Queued, RecordsPage, Run, Session, Workflow } from './helpers/api-types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const K = 6;
const KILL_AT = 3;

const dir = tempDir('stepwise-kill-');
const secretKey = randomBytes(32).toString('hex');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  dir.remove();
});

function startChild(): Promise<{
  child: ChildProcess;
  url: string;
  exited: Promise<NodeJS.Signals | null>;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      STEPWISE_DATA_DIR: dir.path,
      STEPWISE_SECRET_KEY: secretKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1], exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', () =>
      reject(new Error(`the server exited before it was ready:\n${output}`)),
    );
  });
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
    const call = async <T>(
      url: string,
      method: string,
      path: string,
      token?: string,
      body?: unknown,
    ) => {
      const res = await fetch(url + path, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as T;
    };
    const { token } = await call<Session>(first.url, 'POST', '/api/auth/setup', undefined, {
      email: 'owner@example.com',
      password: 'owner-password-1',
    });
    const wf = await call<Workflow>(first.url, 'POST', '/api/workflows', token, {
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
    const { runId } = await call<Queued>(
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
      run = await call<Run>(second.url, 'GET', `/api/runs/${runId}`, token);
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

    const { records } = await call<RecordsPage>(
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
    expect(await second.exited).toBe(null);
    await counter.close();
  }, 60_000);
});
