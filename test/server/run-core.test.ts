// Issue 14, the run core in one process over a real SQLite file: retention with a clock the
// test controls, what a finished run keeps, cancel of a 100,000-item loop, a loop over a list
// past the limit, a stored output that cannot be read back at resume, and outputs stored once.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/store.js';
import { PRUNE_BATCH } from '../../server/runs/prune-runs.js';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { createServices, type Services } from '../../server/services/index.js';
import type { RunSettings } from '../../server/runs/run-settings.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';

const DAY = 24 * 60 * 60 * 1000;
const opened: { services: Services; remove(): void }[] = [];
afterEach(async () => {
  for (const { services, remove } of opened.splice(0)) {
    await services.queue.stop(2000);
    services.store.db.close();
    remove();
  }
});

function boot(options: { now?: () => number; settings?: Partial<RunSettings> } = {}) {
  const dir = tempDir('stepwise-run-core-');
  const test = createTestConnector();
  const services = createServices({
    store: openStore(join(dir.path, 'stepwise.db')),
    connectors: directoryFromCatalog(test.catalog),
    secretKey: randomBytes(32),
    now: options.now,
    runSettings: options.settings,
    log: () => {},
  });
  opened.push({ services, remove: dir.remove });
  return { services, dir: dir.path };
}

async function owner(services: Services) {
  return (await services.users.setup('owner@example.com', 'a long password 123 xyz')).user;
}

const count = (services: Services, sql: string, ...args: unknown[]) =>
  services.store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('retention', () => {
  it('deletes runs past the window with their records and outputs, failed runs on their own window, in small batches', async () => {
    let clock = Date.parse('2026-03-01T00:00:00.000Z');
    const { services } = boot({
      now: () => clock,
      settings: { retentionDays: 30, retentionFailedDays: 60 },
    });
    const user = await owner(services);
    const wf = services.workflows.create(
      {
        name: 'Many records',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: { $jsonpath: '$.trigger.items' } },
            steps: [{ id: 'echo-1', connector: 'test', operation: 'echo', input: { n: 1 } }],
          },
          { id: 'fail-1', connector: 'test', operation: 'fail', input: { code: 'INPUT_INVALID' } },
        ],
      },
      user,
    );
    const ok = services.workflows.create(
      {
        name: 'Fine',
        trigger: { type: 'manual' },
        steps: [{ id: 'echo-1', connector: 'test', operation: 'echo', input: { n: 1 } }],
      },
      user,
    );
    const start = async (workflowId: string, items: number[] = []) => {
      const run = await services.runs.start({
        workflowId,
        triggerType: 'manual',
        triggerOutput: { items },
        startedBy: user.id,
      });
      return (await services.runs.waitFor(run.id, 20_000))!;
    };
    // Day 0: a failed run with more records than one batch, and a run that succeeds.
    const failed = await start(
      wf.id,
      Array.from({ length: 1200 }, (_, i) => i),
    );
    expect(failed.status).toBe('failed');
    const old = await start(ok.id);
    expect(old.status).toBe('succeeded');
    // A failed run keeps its checkpoint (to be retried from the step that failed) ...
    expect(
      count(services, 'SELECT COUNT(*) FROM run_checkpoints WHERE run_id = ?', failed.id),
    ).toBe(1);
    // ... a run that succeeded keeps none, and no stored outputs.
    expect(count(services, 'SELECT COUNT(*) FROM run_checkpoints WHERE run_id = ?', old.id)).toBe(
      0,
    );
    expect(count(services, 'SELECT COUNT(*) FROM run_outputs WHERE run_id = ?', old.id)).toBe(0);

    clock += 20 * DAY;
    const recent = await start(ok.id);
    expect(services.runs.prune()).toBe(0);

    // Day 31: the old run that succeeded goes; the failed one (60 days) and the recent one stay.
    clock += 11 * DAY;
    expect(services.runs.prune()).toBeGreaterThan(0);
    const left = () =>
      services.store.db.prepare('SELECT id FROM runs ORDER BY rowid').pluck().all() as string[];
    expect(left()).toEqual([failed.id, recent.id]);
    expect(count(services, 'SELECT COUNT(*) FROM run_records WHERE run_id = ?', old.id)).toBe(0);

    // Day 61: the failed run goes too, a batch at a time (never one huge transaction), and the
    // run of day 20, now 41 days old.
    clock += 30 * DAY;
    const records = count(services, 'SELECT COUNT(*) FROM run_records WHERE run_id = ?', failed.id);
    expect(records).toBeGreaterThan(PRUNE_BATCH);
    expect(services.runs.prune()).toBeGreaterThan(records);
    expect(left()).toEqual([]);
    for (const table of ['run_records', 'run_outputs', 'run_checkpoints'])
      expect(count(services, `SELECT COUNT(*) FROM ${table} WHERE run_id = ?`, failed.id)).toBe(0);
  });
});

describe('runs at volume', () => {
  it('cancels a 100,000-item loop at its next item, leaving records and status consistent', async () => {
    const { services } = boot();
    const user = await owner(services);
    const wf = services.workflows.create(
      {
        name: 'Long loop',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: { $jsonpath: '$.trigger.items' } },
            steps: [
              {
                id: 'echo-1',
                connector: 'test',
                operation: 'echo',
                input: { n: { $jsonpath: '$.steps.loop-1.value' } },
              },
            ],
          },
          { id: 'after', connector: 'test', operation: 'echo', input: {} },
        ],
      },
      user,
    );
    const run = await services.runs.start({
      workflowId: wf.id,
      triggerType: 'manual',
      triggerOutput: { items: Array.from({ length: 100_000 }, (_, i) => i) },
      startedBy: user.id,
    });
    // Under way: some records are stored.
    for (let i = 0; i < 2000 && services.store.runs.maxSeq(run.id) < 100; i++)
      await new Promise((r) => setTimeout(r, 5));
    const cancelled = await services.runs.cancel(run.id);
    // The answer waits for the end (at most 5 s): the loop stopped at its next item.
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    const { records } = services.runs.records(run.id, 0, 1000);
    const all = [...records];
    for (let after = all[all.length - 1].seq; ; ) {
      const page = services.runs.records(run.id, after, 1000);
      all.push(...page.records);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
    expect(cancelled.stepCount).toBe(all.length);
    // The loop's own record ends the story; nothing after it ran.
    const last = all[all.length - 1];
    expect(last).toMatchObject({ stepId: 'loop-1', status: 'error' });
    expect(last.error?.code).toBe('CANCELLED');
    expect(all.some((r) => r.stepId === 'after')).toBe(false);
    expect(services.store.runs.unfinished()).toEqual([]);
  });

  it('refuses a loop over a list longer than the limit, naming the step and the size', async () => {
    const { services } = boot({ settings: { maxLoopItems: 1000 } });
    const user = await owner(services);
    const wf = services.workflows.create(
      {
        name: 'Too many',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'loop-big',
            type: 'loop',
            input: { list: { $jsonpath: '$.trigger.items' } },
            steps: [{ id: 'echo-1', connector: 'test', operation: 'echo', input: {} }],
          },
        ],
      },
      user,
    );
    const run = await services.runs.start({
      workflowId: wf.id,
      triggerType: 'manual',
      triggerOutput: { items: Array.from({ length: 1001 }, (_, i) => i) },
      startedBy: user.id,
    });
    const done = await services.runs.waitFor(run.id, 10_000);
    expect(done).toMatchObject({
      status: 'failed',
      error: { code: 'INPUT_INVALID', stepId: 'loop-big' },
    });
    expect(done!.error!.message).toContain(
      'Step "loop-big", input "list": the list has 1,001 items',
    );
    expect(done!.error!.message).toContain('(1,000)');
    // Not one item ran.
    expect(services.runs.records(run.id, 0, 10).records.map((r) => r.stepId)).toEqual(['loop-big']);
  });

  it('fails a run whose stored output cannot be read back at resume, saying so, and resumes the others', async () => {
    const first = boot();
    const user = await owner(first.services);
    const wf = first.services.workflows.create(
      {
        name: 'Two steps',
        trigger: { type: 'manual' },
        steps: [
          { id: 'a', connector: 'test', operation: 'echo', input: { n: 1 } },
          {
            id: 'b',
            connector: 'test',
            operation: 'echo',
            input: { m: { $jsonpath: '$.steps.a.n' } },
          },
        ],
      },
      user,
    );
    const db = first.services.store.db;
    const insert =
      db.prepare(`INSERT INTO runs (id, workflow_id, workflow_version, trigger_type, trigger_output, status, created_at, started_at)
      VALUES (?, ?, 1, 'manual', '{}', 'running', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    // Both stopped after step a: its output stored beside a small position.
    const position = JSON.stringify({
      version: 1,
      at: [{ kind: 'step', id: 'a' }],
      seq: 0,
      recordsOmitted: 0,
      outputs: ['a'],
    });
    const output = db.prepare('INSERT INTO run_outputs (run_id, key, value) VALUES (?, ?, ?)');
    const checkpoint = db.prepare('INSERT INTO run_checkpoints (run_id, checkpoint) VALUES (?, ?)');
    for (const id of ['run_damaged', 'run_fine']) {
      insert.run(id, wf.id);
      checkpoint.run(id, position);
    }
    output.run('run_fine', 'step:a:000000', JSON.stringify({ n: 41 }));
    output.run('run_damaged', 'step:a:000000', '{"n": 4');

    const resumed = first.services.runs.recover().sort();
    expect(resumed).toEqual(['run_damaged', 'run_fine']);
    const damaged = await first.services.runs.waitFor('run_damaged', 5000);
    expect(damaged).toMatchObject({
      status: 'failed',
      error: {
        code: 'INTERNAL',
        message:
          'The run was interrupted and the stored output of step "a" cannot be read (it is missing or damaged), so it cannot resume',
      },
    });
    const fine = await first.services.runs.waitFor('run_fine', 5000);
    expect(fine).toMatchObject({ status: 'succeeded' });
    // Step a was not run again: b used the stored output.
    const records = first.services.runs.records('run_fine', 0, 10).records;
    expect(records.map((r) => [r.stepId, r.output])).toEqual([['b', { m: 41 }]]);
  });

  it('stores a big output once, however many steps follow it', async () => {
    const { services } = boot();
    const user = await owner(services);
    const wf = services.workflows.create(
      {
        name: 'Big then many',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'big',
            connector: 'test',
            operation: 'echo',
            input: { rows: { $jsonpath: '$.trigger.rows' } },
          },
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: { $jsonpath: '$.steps.big.rows' } },
            steps: [
              // Not pure (sleep): every item waits for the commit of the steps before it.
              { id: 'wait-1', connector: 'test', operation: 'sleep', input: { ms: 0 } },
            ],
          },
          { id: 'fail-1', connector: 'test', operation: 'fail', input: { code: 'INPUT_INVALID' } },
        ],
      },
      user,
    );
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, text: 'x'.repeat(200) }));
    const writes: string[] = [];
    const put = services.store.runOutputs.put;
    services.store.runOutputs.put = (runId, key, value) => {
      writes.push(key);
      put(runId, key, value);
    };
    const run = await services.runs.start({
      workflowId: wf.id,
      triggerType: 'manual',
      triggerOutput: { rows },
      startedBy: user.id,
    });
    const done = await services.runs.waitFor(run.id, 20_000);
    expect(done?.status).toBe('failed');
    // 300 commits (one before each sleep), and the big output written in the first only.
    expect(writes.filter((k) => k.startsWith('step:big:'))).toEqual(['step:big:000000']);
    expect(writes.filter((k) => k.startsWith('step:loop-1:')).length).toBeGreaterThan(250);
  });
});
