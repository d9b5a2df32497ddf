// Issue 12, the crash-loop guard, with real processes: a step that stops the server (here: the
// service it calls kills the process, every time) is resumed after the first stop, and after
// the second it is failed with "stopped the server twice; not resumed" so the server starts.
// A clean stop (SIGTERM) does not count.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callServer, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const dir = tempDir('stepwise-crash-loop-');
const procs: ServerProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill();
  dir.remove();
});

interface RunJson {
  id: string;
  status: string;
  error: { code: string; message: string; stepId: string | null } | null;
}

describe('a run whose step stops the server', () => {
  it('is resumed once, then failed with "stopped the server twice; not resumed", and the server starts', async () => {
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'a'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
    };
    let victim: ServerProcess | undefined;
    const calls: string[] = [];
    const service = await listen(async (req, res) => {
      await readBody(req);
      calls.push(req.url ?? '');
      if (req.url === '/kill') {
        victim?.kill(); // the step's call takes the whole process down, every time
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      victim = await startServerProcess(env);
      procs.push(victim);
      const { token } = await callServer<{ token: string }>(
        victim.url,
        'POST',
        '/api/auth/setup',
        undefined,
        {
          email: 'owner@example.com',
          password: 'a long password 123 xyz',
        },
      );
      const wf = await callServer<{ id: string }>(victim.url, 'POST', '/api/workflows', token, {
        name: 'Stops the server',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'fine-1',
            connector: 'http',
            operation: 'request',
            input: { method: 'GET', url: `${service.url}/fine` },
          },
          {
            id: 'killer-1',
            connector: 'http',
            operation: 'request',
            input: { method: 'GET', url: `${service.url}/kill` },
          },
        ],
      });
      const { runId } = await callServer<{ runId: string }>(
        victim.url,
        'POST',
        `/api/workflows/${wf.id}/runs`,
        token,
        {},
      );
      expect(await victim.exited).toBe('SIGKILL');

      // First restart: the run is resumed (at killer-1: fine-1 is done) and stops it again.
      victim = await startServerProcess(env);
      procs.push(victim);
      expect(await victim.exited).toBe('SIGKILL');
      expect(calls).toEqual(['/fine', '/kill', '/kill']);

      // Second restart: not resumed a third time; the server starts and stays up.
      const third = await startServerProcess(env);
      procs.push(third);
      let run: RunJson | undefined;
      for (let i = 0; i < 50; i++) {
        run = await callServer<RunJson>(third.url, 'GET', `/api/runs/${runId}`, token);
        if (run.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(run?.status).toBe('failed');
      expect(run?.error?.code).toBe('NOT_RESUMED');
      expect(run?.error?.message).toContain('The run stopped the server twice; not resumed.');
      expect(run?.error?.message).toContain('after its step "fine-1"');
      expect(calls).toEqual(['/fine', '/kill', '/kill']);
      expect((await fetch(`${third.url}/api/health`)).status).toBe(200);
      expect(third.output()).toContain(
        `run ${runId}: The run stopped the server twice; not resumed.`,
      );
      third.kill();
    } finally {
      await service.close();
    }
  }, 120_000);

  it('does not count a clean stop: a run stopped by SIGTERM twice is still resumed', async () => {
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'b'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
    };
    // The service holds each call until released, so the run is executing at each SIGTERM.
    const held: (() => void)[] = [];
    const service = await listen(async (req, res) => {
      await readBody(req);
      held.push(() =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      );
    });
    try {
      let proc = await startServerProcess(env);
      procs.push(proc);
      const { token } = await callServer<{ token: string }>(
        proc.url,
        'POST',
        '/api/auth/setup',
        undefined,
        {
          email: 'owner@example.com',
          password: 'a long password 123 xyz',
        },
      );
      const wf = await callServer<{ id: string }>(proc.url, 'POST', '/api/workflows', token, {
        name: 'Slow',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'slow-1',
            connector: 'http',
            operation: 'request',
            timeoutMs: 600_000,
            input: { method: 'GET', url: `${service.url}/slow` },
          },
        ],
      });
      const { runId } = await callServer<{ runId: string }>(
        proc.url,
        'POST',
        `/api/workflows/${wf.id}/runs`,
        token,
        {},
      );
      for (let stop = 0; stop < 2; stop++) {
        while (held.length <= stop) await new Promise((r) => setTimeout(r, 50));
        // SIGTERM: active runs get 10 s, then the process exits cleanly with the run unfinished.
        proc.child.kill('SIGTERM');
        expect(await proc.exited).toBe(0);
        proc = await startServerProcess(env);
        procs.push(proc);
      }
      while (held.length < 3) await new Promise((r) => setTimeout(r, 50));
      held[2]();
      let run: RunJson | undefined;
      for (let i = 0; i < 50; i++) {
        run = await callServer<RunJson>(proc.url, 'GET', `/api/runs/${runId}`, token);
        if (run.status === 'succeeded' || run.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(run?.status).toBe('succeeded');
      proc.kill();
    } finally {
      await service.close();
    }
  }, 120_000);
});
