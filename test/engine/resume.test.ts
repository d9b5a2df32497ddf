import { describe, expect, it } from 'vitest';
import { parseWorkflow, runWorkflow, type Checkpoint } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { doc, run, step } from './run-helpers.js';

const workflow = doc([
  step('echo-1', 'echo', { start: true }),
  {
    id: 'loop-1',
    type: 'loop',
    input: { list: { $jsonpath: '$.trigger.items' } },
    collect: { $jsonpath: '$.steps.loop-body.item' },
    steps: [
      step('loop-body', 'echo', { item: '{$.steps.loop-1.value}-{$.steps.loop-1.index}' }),
      {
        id: 'bool-1',
        type: 'boolean',
        input: {
          conditions: [{ left: { $jsonpath: '$.steps.loop-1.index' }, op: 'equals', right: 1 }],
        },
        true: [step('only-on-1', 'echo', { seen: { $jsonpath: '$.steps.loop-body.item' } })],
      },
    ],
  },
  step(
    'fail-1',
    'fail',
    { code: 'NOT_FOUND', message: 'soft', times: 0 },
    { onError: { then: 'branch' }, error: [step('err-1', 'echo')] },
  ),
  step('echo-3', 'echo', { results: { $jsonpath: '$.steps.loop-1.results' } }),
]);
const trigger = { items: ['a', 'b', 'c'] };

describe('checkpoints and resume', () => {
  it('resumes from every checkpoint at the next step, without running completed steps again', async () => {
    const full = await run(workflow, { trigger });
    expect(full.result.status).toBe('succeeded');
    const totalCalls = full.connector.log.length;
    expect(full.checkpoints.length).toBeGreaterThan(8);
    for (const [k, checkpoint] of full.checkpoints.entries()) {
      const resumed = await run(workflow, { trigger, resumeFrom: checkpoint });
      expect(resumed.result.status).toBe('succeeded');
      expect(resumed.result.outputs).toEqual(full.result.outputs);
      // The calls of the resumed run are exactly the ones the full run made after checkpoint k.
      const keysAfter = full.connector.log
        .slice(totalCalls - resumed.connector.log.length)
        .map((l) => l.call.idempotencyKey);
      expect(resumed.connector.log.map((l) => l.call.idempotencyKey)).toEqual(keysAfter);
      // Records carry on numbering after the checkpoint's seq.
      expect(resumed.records[0]?.seq ?? full.records.length + 1).toBe(
        (checkpoint as unknown as { seq: number }).seq + 1,
      );
      expect(k).toBeLessThan(full.checkpoints.length);
    }
  });

  it('holds the position by step ids, the outputs in scope and the loop progress', async () => {
    const full = await run(workflow, { trigger });
    const inLoop = full.checkpoints.find((c) => JSON.stringify(c.at).includes('"only-on-1"'));
    expect(inLoop).toEqual({
      version: 1,
      at: [
        {
          kind: 'loop',
          id: 'loop-1',
          index: 1,
          results: ['a-0'],
          resultsCount: 1,
          startedAt: expect.any(Number),
        },
        { kind: 'branch', id: 'bool-1', result: true, startedAt: expect.any(Number) },
        { kind: 'step', id: 'only-on-1' },
      ],
      steps: {
        'echo-1': { start: true },
        'loop-1': { value: 'b', index: 1 },
        'loop-body': { item: 'b-1' },
        'bool-1': { result: true },
        'only-on-1': { seen: 'b-1' },
      },
      seq: 5,
      recordsOmitted: 0,
    });
  });

  it('continues a crashed run at the step after the last checkpoint (same idempotency keys)', async () => {
    const connector = createTestConnector();
    const stored: Checkpoint[] = [];
    const parsed = parseWorkflow(workflow);
    if (!parsed.ok) throw new Error('bad fixture');
    const crash = runWorkflow({
      workflow: parsed.workflow,
      runId: 'run_c',
      trigger,
      catalog: connector.catalog,
      onCheckpoint: (c) => {
        stored.push(JSON.parse(JSON.stringify(c)) as Checkpoint);
        if (stored.length === 3) throw new Error('process died');
      },
    });
    await expect(crash).rejects.toThrow('process died');
    const before = connector.log.map((l) => l.call.idempotencyKey);
    expect(before).toEqual(['run_c:echo-1', 'run_c:loop-1[0] > loop-body']);
    const resumed = await runWorkflow({
      workflow: parsed.workflow,
      runId: 'run_c',
      trigger,
      catalog: connector.catalog,
      resumeFrom: stored.at(-1),
    });
    expect(resumed.status).toBe('succeeded');
    const keys = connector.log.map((l) => l.call.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(2, 4)).toEqual([
      'run_c:loop-1[1] > loop-body',
      'run_c:loop-1[1] > only-on-1',
    ]);
    expect(resumed.outputs['echo-3']).toEqual({ results: ['a-0', 'b-1', 'c-2'] });
  });

  it('retries a failed run from the failed step with the last checkpoint', async () => {
    const connector = createTestConnector();
    const flaky = doc([
      step('echo-1', 'echo', { v: 1 }),
      step('fail-1', 'fail', { code: 'CONNECTOR_HTTP_500', times: 1 }),
      step('echo-2', 'echo', { prev: { $jsonpath: '$.steps.echo-1.v' } }),
    ]);
    const first = await run(flaky, { connector });
    expect(first.result.status).toBe('failed');
    expect(first.result.error?.stepId).toBe('fail-1');
    const retried = await run(flaky, { connector, resumeFrom: first.checkpoints.at(-1) });
    expect(retried.result.status).toBe('succeeded');
    expect(retried.records.map((r) => r.stepId)).toEqual(['fail-1', 'echo-2']);
    expect(retried.result.outputs['echo-2']).toEqual({ prev: 1 });
    expect(connector.calls.get('echo')).toBe(2);
  });

  it('resumes on a newer version when the step ids still exist, and refuses clearly when not', async () => {
    const v1 = doc([step('echo-1', 'echo', { v: 1 }), step('echo-2', 'echo')]);
    const first = await run(v1);
    const v2 = doc([
      step('echo-1', 'echo', { v: 1 }),
      step('new-step', 'echo', { v: 2 }),
      step('echo-2', 'echo'),
    ]);
    const resumed = await run(v2, { resumeFrom: first.checkpoints[0] });
    expect(resumed.records.map((r) => r.stepId)).toEqual(['new-step', 'echo-2']);
    const v3 = doc([step('renamed', 'echo'), step('echo-2', 'echo')]);
    await expect(run(v3, { resumeFrom: first.checkpoints[0] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message:
        'Cannot resume the run at step "echo-1": this version of the workflow has no step with that id. Start the run again from the beginning instead.',
    });
  });

  it('refuses something that is not a checkpoint', async () => {
    await expect(run(doc([]), { resumeFrom: { version: 1 } })).rejects.toThrow(
      'resumeFrom is not a checkpoint written by this engine',
    );
  });

  it('runs the error branch on resume when the crash came right after the failed step', async () => {
    const wf = doc([
      step(
        'fail-1',
        'fail',
        { code: 'NOT_FOUND', message: 'gone' },
        {
          onError: { then: 'branch' },
          error: [step('notify', 'echo', { why: { $jsonpath: '$.steps.fail-1.error.code' } })],
        },
      ),
      step('after', 'echo'),
    ]);
    const full = await run(wf);
    expect(full.checkpoints[0]).toMatchObject({ at: [{ kind: 'error', id: 'fail-1' }] });
    const resumed = await run(wf, { resumeFrom: full.checkpoints[0] });
    expect(resumed.records.map((r) => r.stepId)).toEqual(['notify', 'after']);
    expect(resumed.result.outputs.notify).toEqual({ why: 'NOT_FOUND' });
    expect(resumed.connector.calls.get('fail')).toBeUndefined();
  });
});
