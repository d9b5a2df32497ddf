// Issue 14, one owner per run, with real processes: a second `npm start` on a data folder in
// use refuses, naming the folder and the other process; and a run whose owner was SIGKILLed on
// a machine this one cannot look into is taken over only once that owner's lease has run out,
// then resumed after its last completed step with no side effect applied twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callServer, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const dir = tempDir('stepwise-owner-');
const procs: ServerProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill();
  dir.remove();
});

async function started(env: Record<string, string>): Promise<ServerProcess> {
  const proc = await startServerProcess(env);
  procs.push(proc);
  return proc;
}

/** Start a server expected to refuse; answers its exit code and output. */
async function refused(
  env: Record<string, string>,
): Promise<{ code: number | string; output: string }> {
  const proc = await startServerProcess(env, { waitForUrl: false });
  procs.push(proc);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

describe('one process per data folder', () => {
  it('refuses a second server on a folder in use, naming the folder and the process using it', async () => {
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'busy'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
    };
    const first = await started(env);
    const second = await refused(env);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`The data folder ${env.STEPWISE_DATA_DIR} is in use`);
    expect(second.output).toContain(`pid ${first.child.pid} on ${hostname()}`);
    // The first one goes on serving.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    first.kill();
    await first.exited;
    // Its owner dead on this machine, the folder is free at once.
    const third = await started(env);
    expect((await fetch(`${third.url}/api/health`)).status).toBe(200);
    third.kill();
  }, 60_000);

  it("takes a killed owner's run over only when its lease has run out, and repeats no completed step", async () => {
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'lease'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
      STEPWISE_LEASE_SECONDS: '10',
    };
    const seen: string[] = [];
    let victim: ServerProcess | undefined;
    let killedAt = 0;
    const counter = await listen(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      if (seen.length === 3 && victim) {
        killedAt = Date.now();
        victim.kill(); // dies with the third request in flight
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const first = await started(env);
      victim = first;
      // As if it ran on another machine: its pid cannot be checked from here, only its lease.
      const db = new Database(join(env.STEPWISE_DATA_DIR, 'stepwise.db'));
      db.prepare("UPDATE stepwise_processes SET host = 'another-machine'").run();
      db.close();

      const { token } = await callServer<{ token: string }>(
        first.url,
        'POST',
        '/api/auth/setup',
        undefined,
        {
          email: 'owner@example.com',
          password: 'a long password 123 xyz',
        },
      );
      const wf = await callServer<{ id: string }>(first.url, 'POST', '/api/workflows', token, {
        name: 'Post each item',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: ['a', 'b', 'c', 'd', 'e'] },
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
      const { runId } = await callServer<{ runId: string }>(
        first.url,
        'POST',
        `/api/workflows/${wf.id}/runs`,
        token,
        {},
      );
      expect(await first.exited).toBe('SIGKILL');
      const keys = [0, 1, 2, 3, 4].map((i) => `${runId}:loop-1[${i}] > http-1`);
      expect(seen).toEqual(keys.slice(0, 3));

      // Its lease still holds: a new server refuses rather than run the run beside it.
      const early = await refused(env);
      expect(early.code).toBe(1);
      expect(early.output).toContain(`pid ${first.child.pid} on another-machine`);

      // Once the lease has run out, the next start takes the run over.
      let second: ServerProcess | undefined;
      for (let attempt = 0; attempt < 60 && !second; attempt++) {
        await new Promise((r) => setTimeout(r, 500));
        const proc = await startServerProcess(env, { waitForUrl: false });
        procs.push(proc);
        const outcome = await Promise.race([
          proc.exited.then(() => 'exited' as const),
          new Promise<'running'>((resolve) => {
            const poll = setInterval(() => {
              if (/running at http/.test(proc.output())) {
                clearInterval(poll);
                resolve('running');
              }
            }, 20);
          }),
        ]);
        if (outcome === 'running') {
          proc.url = /running at (http:\/\/\S+)/.exec(proc.output())![1];
          second = proc;
        }
      }
      expect(second).toBeDefined();
      // Not before the lease (10 s from its last heartbeat, at most a second before the kill).
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(8000);
      let run: { status: string } = { status: 'running' };
      for (let i = 0; i < 200 && (run.status === 'running' || run.status === 'queued'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        run = await callServer<{ status: string }>(second!.url, 'GET', `/api/runs/${runId}`, token);
      }
      expect(run.status).toBe('succeeded');
      // The two completed before the kill were not repeated; the one in flight went again.
      expect(seen).toEqual([...keys.slice(0, 3), keys[2], keys[3], keys[4]]);
      second!.kill();
    } finally {
      await counter.close();
    }
  }, 120_000);
});
