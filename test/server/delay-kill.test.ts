// A delay survives a SIGKILL: the run is parked in the database, not in the process. A real
// server process is killed while two runs wait; one is due while the server is down (it
// resumes at the next start), the other after the restart (it resumes on time, from the
// parking lot rebuilt at start). Each side effect happens once.
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callServer, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const dir = tempDir('stepwise-delay-kill-');
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

// biome-ignore lint/suspicious/noExplicitAny: the test reads loose JSON answers
const call = (...args: Parameters<typeof callServer>) => callServer<any>(...args);

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a delay across a SIGKILL', () => {
  it('resumes each waiting run once, on time, after the restart', async () => {
    const hits: { path: string; at: number }[] = [];
    const counter = await listen(async (req, res) => {
      await readBody(req);
      hits.push({ path: String(req.url), at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const post = (id: string, path: string) => ({
      id,
      connector: 'http',
      operation: 'request',
      input: { method: 'POST', url: `${counter.url}${path}` },
    });
    const workflow = (name: string, seconds: number) => ({
      name,
      trigger: { type: 'manual' },
      steps: [
        post('before-1', `/${name}/before`),
        { id: 'delay-1', type: 'delay', input: { seconds } },
        post('after-1', `/${name}/after`),
      ],
    });

    const first = await startChild();
    const { token } = await call(first.url, 'POST', '/api/auth/setup', undefined, {
      email: 'owner@example.com',
      password: 'owner-password-1',
    });
    const short = await call(first.url, 'POST', '/api/workflows', token, workflow('short', 1));
    const long = await call(first.url, 'POST', '/api/workflows', token, workflow('long', 6));
    const a = await call(first.url, 'POST', `/api/workflows/${short.id}/runs`, token, {});
    const b = await call(first.url, 'POST', `/api/workflows/${long.id}/runs`, token, {});
    const waiting = async (runId: string) =>
      until(
        () => call(first.url, 'GET', `/api/runs/${runId}`, token),
        (r) => r.status === 'waiting',
      );
    const runA = await waiting(a.runId);
    const runB = await waiting(b.runId);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(hits.map((h) => h.path).sort()).toEqual(['/long/before', '/short/before']);

    // Down past the short run's resume time.
    const resumeA = Date.parse(runA.resumeAt);
    const resumeB = Date.parse(runB.resumeAt);
    await new Promise((r) => setTimeout(r, Math.max(0, resumeA - Date.now()) + 300));
    expect(Date.now()).toBeLessThan(resumeB);

    const second = await startChild();
    const finished = (runId: string) =>
      until(
        () => call(second.url, 'GET', `/api/runs/${runId}`, token),
        (r) => r.status !== 'waiting' && r.status !== 'queued' && r.status !== 'running',
      );
    const doneA = await finished(a.runId);
    expect(doneA.status).toBe('succeeded');
    const doneB = await finished(b.runId);
    expect(doneB.status).toBe('succeeded');

    const paths = hits.map((h) => h.path);
    for (const path of ['/short/before', '/short/after', '/long/before', '/long/after'])
      expect(paths.filter((p) => p === path)).toHaveLength(1);
    const afterB = hits.find((h) => h.path === '/long/after')!;
    // On time: not before its resume time, and not long after it (the lot was rebuilt at start).
    expect(afterB.at).toBeGreaterThanOrEqual(resumeB);
    expect(afterB.at - resumeB).toBeLessThan(5000);

    const { records } = await call(second.url, 'GET', `/api/runs/${b.runId}/steps`, token);
    expect(records.map((r: { stepId: string; seq: number }) => [r.stepId, r.seq])).toEqual([
      ['before-1', 1],
      ['delay-1', 2],
      ['after-1', 3],
    ]);
    expect(records[1].output.waitedMs).toBeGreaterThanOrEqual(6000);

    second.child.kill('SIGTERM');
    await second.exited;
    await counter.close();
  }, 60_000);
});
