// Issue 14, resume at volume with real processes: a server SIGKILLed inside a 10,000-item loop
// over a big output (a CSV read by the first step) resumes at the next start after its last
// committed step, reading the big output back from where it was stored once; and one killed
// at an arbitrary moment between two group commits of a long run of pure steps resumes from a
// consistent state. In both, no completed side effect is repeated (only a request in flight at
// the kill may be sent again, with the same Idempotency-Key), and the records stay gap-free.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { callServer, startServerProcess, type ServerProcess } from './helpers/server-process.js';

const dir = tempDir('stepwise-crash-volume-');
const procs: ServerProcess[] = [];
afterAll(() => {
  for (const p of procs) p.kill();
  dir.remove();
});

interface Run {
  id: string;
  status: string;
  stepCount: number;
  error: { code: string; message: string } | null;
}
interface Rec {
  seq: number;
  place: string;
  stepId: string;
  status: string;
}

/** A request that must succeed (helpers/server-process.ts). */
const call = <T = unknown>(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) => callServer<T>(url, method, path, token, body, { ok: true });

/** Rows id 0..n-1; `notify` is "yes" on every `every`-th row (id % every === every - 1). */
function csv(rows: number, every: number): string {
  const pad = 'x'.repeat(80);
  const lines = ['id,name,notify,padding'];
  for (let i = 0; i < rows; i++)
    lines.push(`${i},"Account ${i}, Ltd",${i % every === every - 1 ? 'yes' : 'no'},${pad}`);
  return `${lines.join('\n')}\n`;
}

/** read_file → loop (collecting ids) → when notify is yes, POST the id → after the loop, POST done. */
function workflow(counter: string) {
  return {
    name: 'Notify some accounts',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'file-1',
        connector: 'file',
        operation: 'read_file',
        input: { path: 'accounts.csv', format: 'csv' },
      },
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: { $jsonpath: '$.steps.file-1.rows' } },
        collect: { $jsonpath: '$.steps.loop-1.value.id' },
        steps: [
          {
            id: 'bool-1',
            type: 'boolean',
            input: {
              conditions: [
                { left: { $jsonpath: '$.steps.loop-1.value.notify' }, op: 'equals', right: 'yes' },
              ],
            },
            true: [
              {
                id: 'http-1',
                connector: 'http',
                operation: 'request',
                input: {
                  method: 'POST',
                  url: `${counter}/items`,
                  body: { id: { $jsonpath: '$.steps.loop-1.value.id' } },
                },
              },
            ],
            false: [],
          },
        ],
      },
      {
        id: 'done',
        connector: 'http',
        operation: 'request',
        input: {
          method: 'POST',
          url: `${counter}/done`,
          body: {
            count: { $jsonpath: '$.steps.loop-1.count' },
            first: { $jsonpath: '$.steps.loop-1.results[0]' },
            last: { $jsonpath: '$.steps.loop-1.results[-1:]' },
          },
        },
      },
    ],
  };
}

/** What the stored state of a run is right after the kill (the server is dead: read the file). */
function storedState(dataDir: string, runId: string) {
  const db = new Database(join(dataDir, 'stepwise.db'), { readonly: true });
  try {
    const status = db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId);
    const position = db
      .prepare('SELECT checkpoint FROM run_checkpoints WHERE run_id = ?')
      .pluck()
      .get(runId) as string | undefined;
    const maxSeq = db
      .prepare('SELECT COALESCE(MAX(seq), 0) FROM run_records WHERE run_id = ?')
      .pluck()
      .get(runId) as number;
    const outputs = db
      .prepare('SELECT key, length(value) AS bytes FROM run_outputs WHERE run_id = ? ORDER BY key')
      .all(runId) as { key: string; bytes: number }[];
    return { status, position, maxSeq, outputs };
  } finally {
    db.close();
  }
}

async function waitForEnd(url: string, token: string, runId: string): Promise<Run> {
  for (let i = 0; i < 1200; i++) {
    const run = await call<Run>(url, 'GET', `/api/runs/${runId}`, token);
    if (run.status !== 'running' && run.status !== 'queued') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the run did not end');
}

async function allRecords(url: string, token: string, runId: string): Promise<Rec[]> {
  const out: Rec[] = [];
  for (let after = 0; ; ) {
    const page = await call<{ records: Rec[]; nextAfter: number | null }>(
      url,
      'GET',
      `/api/runs/${runId}/steps?after=${after}&limit=1000`,
      token,
    );
    out.push(...page.records);
    if (page.nextAfter === null) return out;
    after = page.nextAfter;
  }
}

async function setUp(env: Record<string, string>, rows: number, every: number, counter: string) {
  const first = await startServerProcess(env);
  procs.push(first);
  const { token } = await call<{ token: string }>(first.url, 'POST', '/api/auth/setup', undefined, {
    email: 'owner@example.com',
    password: 'a long password 123 xyz',
  });
  await call(first.url, 'POST', '/api/files?path=accounts.csv', token, csv(rows, every));
  const wf = await call<{ id: string }>(
    first.url,
    'POST',
    '/api/workflows',
    token,
    workflow(counter),
  );
  return { first, token, wf };
}

/** Assert the finished run: every record once, in order, and each notify posted. */
async function checkFinished(
  url: string,
  token: string,
  runId: string,
  rows: number,
  every: number,
) {
  const run = await waitForEnd(url, token, runId);
  expect(run).toMatchObject({ status: 'succeeded', error: null });
  const records = await allRecords(url, token, runId);
  // Gap-free and each step execution once: a resumed run writes the same seq numbers.
  expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
  expect(run.stepCount).toBe(records.length);
  const places = records.map((r) => r.place);
  expect(new Set(places).size).toBe(places.length);
  const notified = Array.from({ length: rows / every }, (_, k) => (k + 1) * every - 1);
  expect(places.filter((p) => p.endsWith('> http-1'))).toEqual(
    notified.map((id) => `loop-1[${id}] > http-1`),
  );
  expect(places.slice(-2)).toEqual(['loop-1', 'done']);
  return { run, notified };
}

describe('a run at volume interrupted by a killed process', () => {
  it('resumes inside a 10,000-item loop over a big output stored once, repeating no completed step', async () => {
    const rows = 10_000;
    const every = 2_000;
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'loop'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
      STEPWISE_MAX_RECORDS: '100000',
    };
    const seen: string[] = [];
    let doneBody: unknown;
    let victim: ServerProcess | undefined;
    const counter = await listen(async (req, res) => {
      const body = await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      if (req.url === '/done') doneBody = JSON.parse(body);
      // The third notify never gets its answer: the server dies with it in flight.
      if (seen.length === 3 && victim) {
        victim.kill();
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const { first, token, wf } = await setUp(env, rows, every, counter.url);
      victim = first;
      const { runId } = await call<{ runId: string }>(
        first.url,
        'POST',
        `/api/workflows/${wf.id}/runs`,
        token,
        {},
      );
      expect(await first.exited).toBe('SIGKILL');
      const beforeCrash = [...seen];
      expect(beforeCrash).toEqual(
        [1999, 3999, 5999].map((id) => `${runId}:loop-1[${id}] > http-1`),
      );

      // What the dead server left: a small position, and the rows stored once beside it.
      const state = storedState(env.STEPWISE_DATA_DIR, runId);
      expect(state.status).toBe('running');
      expect(state.position).toBeDefined();
      const position = JSON.parse(state.position!) as {
        at: { kind: string; id: string; index?: number; resultsCount?: number }[];
        seq: number;
        outputs: string[];
      };
      expect(state.position!.length).toBeLessThan(2_000);
      // Everything before the request in flight was committed before it started: the last
      // committed step is item 5998's condition (item 5999's was still running its branch).
      expect(position.at).toEqual([
        expect.objectContaining({ kind: 'loop', id: 'loop-1', index: 5998, resultsCount: 5998 }),
        { kind: 'step', id: 'bool-1' },
      ]);
      // A checkpoint on disk never runs ahead of its records.
      expect(position.seq).toBeLessThanOrEqual(state.maxSeq);
      const fileChunks = state.outputs.filter((o) => o.key.startsWith('step:file-1:'));
      const rowsBytes = fileChunks.reduce((sum, o) => sum + o.bytes, 0);
      expect(rowsBytes).toBeGreaterThan(1_000_000);
      // Nothing else of that size: the rows are not in the position, nor stored twice.
      const others = state.outputs.filter((o) => !o.key.startsWith('step:file-1:'));
      expect(others.reduce((sum, o) => sum + o.bytes, 0)).toBeLessThan(rowsBytes / 10);

      const second = await startServerProcess(env);
      procs.push(second);
      const { notified } = await checkFinished(second.url, token, runId, rows, every);
      const keys = notified.map((id) => `${runId}:loop-1[${id}] > http-1`);
      // Only the request in flight at the kill went again (same key); none completed before it.
      expect(seen).toEqual([...beforeCrash, keys[2], keys[3], keys[4], `${runId}:done`]);
      // The collected results survived the crash whole and in order.
      expect(doneBody).toEqual({ count: rows, first: '0', last: ['9999'] });
      // A run that succeeded keeps no checkpoint and no stored outputs.
      second.kill();
      await second.exited;
      const after = storedState(env.STEPWISE_DATA_DIR, runId);
      expect(after).toMatchObject({ status: 'succeeded', position: undefined, outputs: [] });
    } finally {
      await counter.close();
    }
  }, 180_000);

  it('resumes from a consistent state when killed between two group commits of pure steps', async () => {
    const rows = 20_000;
    const every = 5_000;
    const env = {
      STEPWISE_DATA_DIR: join(dir.path, 'commits'),
      STEPWISE_SECRET_KEY: randomBytes(32).toString('hex'),
      STEPWISE_MAX_RECORDS: '100000',
    };
    const seen: string[] = [];
    const counter = await listen(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-key']));
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    try {
      const { first, token, wf } = await setUp(env, rows, every, counter.url);
      const { runId } = await call<{ runId: string }>(
        first.url,
        'POST',
        `/api/workflows/${wf.id}/runs`,
        token,
        {},
      );
      // Watch the file as the server commits, and kill it as soon as a commit past the first
      // notify is on disk: it is then somewhere in the thousands of pure steps that follow,
      // committing a group every turn of its event loop.
      const db = new Database(join(env.STEPWISE_DATA_DIR, 'stepwise.db'), { readonly: true });
      const read = db.prepare('SELECT checkpoint FROM run_checkpoints WHERE run_id = ?').pluck();
      try {
        for (let i = 0; ; i++) {
          const text = read.get(runId) as string | undefined;
          const index = text ? (JSON.parse(text).at[0]?.index as number | undefined) : undefined;
          if (index !== undefined && index > every) break;
          if (i > 60_000) throw new Error('the run never got past the first notify');
          await new Promise((r) => setTimeout(r, 1));
        }
      } finally {
        db.close();
      }
      first.kill();
      await first.exited;
      const beforeCrash = [...seen];
      const state = storedState(env.STEPWISE_DATA_DIR, runId);
      const position = JSON.parse(state.position!) as { seq: number };
      expect(position.seq).toBeLessThanOrEqual(state.maxSeq);

      const second = await startServerProcess(env);
      procs.push(second);
      const { notified } = await checkFinished(second.url, token, runId, rows, every);
      const keys = [...notified.map((id) => `${runId}:loop-1[${id}] > http-1`), `${runId}:done`];
      // Every notify applied; a key sent twice can only be the one in flight at the kill.
      expect(new Set(seen)).toEqual(new Set(keys));
      const twice = keys.filter((k) => seen.filter((s) => s === k).length > 1);
      expect(twice.length).toBeLessThanOrEqual(1);
      if (twice.length) expect(twice[0]).toBe(beforeCrash[beforeCrash.length - 1]);
      // The first notify (completed and committed before the kill) was never sent again.
      expect(seen.filter((s) => s === keys[0])).toHaveLength(1);
      second.kill();
    } finally {
      await counter.close();
    }
  }, 180_000);
});
