// The call step in the engine, against an in-memory host that runs called workflows with the
// real engine (the server's parking host is tested in test/server/call-steps.test.ts).
import { describe, expect, it } from 'vitest';
import { validateWorkflow, type Trigger, type WorkflowInput } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { createMemoryHost } from './memory-host.js';
import { doc, run, step } from './run-helpers.js';

const { catalog } = createTestConnector();

const notify: WorkflowInput = doc(
  [
    step('echo-1', 'echo', { owner: { $jsonpath: '$.trigger.owner' } }),
    { id: 'respond-1', type: 'respond', input: { body: { notified: '{$.trigger.owner}' } } },
  ],
  { name: 'Notify owner', trigger: { type: 'callable' } },
);
const failing: WorkflowInput = doc(
  [step('fail-1', 'fail', { code: 'NOT_FOUND', message: 'No such owner' })],
  {
    trigger: { type: 'callable' },
  },
);

describe('call', () => {
  it('with wait: starts the called run with the payload as $.trigger and gets its response', async () => {
    const memory = createMemoryHost({ notify });
    const { result, records } = await run(
      doc([
        {
          id: 'call-1',
          type: 'call',
          workflow: 'notify',
          input: { payload: { owner: '{$.trigger.who}' } },
        },
        step('after-1', 'echo', { said: { $jsonpath: '$.steps.call-1.response.notified' } }),
      ]),
      {
        trigger: { who: 'ann@example.com' },
        host: memory.host(0),
        workflowId: 'wf_parent',
        runId: 'run_parent',
      },
    );
    expect(result.status).toBe('succeeded');
    expect(memory.runs).toHaveLength(1);
    const child = memory.runs[0];
    expect(child.request).toMatchObject({
      workflowId: 'notify',
      payload: { owner: 'ann@example.com' },
      caller: { runId: 'run_parent', workflowId: 'wf_parent', stepId: 'call-1' },
      key: 'run_parent:call-1#1',
      depth: 1,
    });
    expect(records[0]).toMatchObject({
      stepId: 'call-1',
      status: 'ok',
      input: { workflow: 'notify', wait: true, payload: { owner: 'ann@example.com' } },
      output: { runId: child.id, status: 'succeeded', response: { notified: 'ann@example.com' } },
    });
    expect(result.outputs['after-1']).toEqual({ said: 'ann@example.com' });
  });

  it('without wait: ends at once with the run id', async () => {
    const memory = createMemoryHost({ notify });
    const { result, records } = await run(
      doc([
        {
          id: 'call-1',
          type: 'call',
          workflow: 'notify',
          wait: false,
          input: { payload: { owner: 'x' } },
        },
      ]),
      { host: memory.host(0) },
    );
    expect(result.status).toBe('succeeded');
    expect(records[0].output).toEqual({ runId: memory.runs[0].id });
    await memory.runs[0].done;
  });

  it('a failed called run is CALLED_RUN_FAILED with its run id, step and error; the error policy applies', async () => {
    const memory = createMemoryHost({ failing });
    const { result, records } = await run(
      doc([
        {
          id: 'call-1',
          type: 'call',
          workflow: 'failing',
          onError: { retries: 1, then: 'continue' },
        },
        step('after-1', 'echo', { code: { $jsonpath: '$.steps.call-1.error.code' } }),
      ]),
      { host: memory.host(0) },
    );
    expect(result.status).toBe('succeeded');
    // The retry was a second run of the called workflow.
    expect(memory.runs.map((r) => r.request.key)).toEqual([
      'run_test:call-1#1',
      'run_test:call-1#2',
    ]);
    expect(records[0]).toMatchObject({ stepId: 'call-1', status: 'error', attempt: 2 });
    expect(records[0].error).toMatchObject({
      code: 'CALLED_RUN_FAILED',
      details: {
        stepId: 'call-1',
        runId: memory.runs[1].id,
        workflowId: 'failing',
        step: 'fail-1',
        error: { code: 'NOT_FOUND', stepId: 'fail-1' },
      },
    });
    expect(records[0].error?.message).toContain('No such owner');
    expect(result.outputs['after-1']).toEqual({ code: 'CALLED_RUN_FAILED' });
  });

  it('a chain deeper than 10 calls is CALL_DEPTH, and each level fails in turn', async () => {
    const memory = createMemoryHost({
      loop: doc([{ id: 'call-1', type: 'call', workflow: 'loop' }], {
        trigger: { type: 'callable' },
      }),
    });
    const { result, records } = await run(doc([{ id: 'call-1', type: 'call', workflow: 'loop' }]), {
      host: memory.host(0),
    });
    expect(result.status).toBe('failed');
    expect(memory.runs).toHaveLength(10);
    const deepestRun = memory.runs.find((r) => r.request.depth === 10);
    const deepest = await deepestRun?.done;
    expect(deepest?.error).toMatchObject({ code: 'CALL_DEPTH', stepId: 'call-1' });
    expect(records[0].error?.code).toBe('CALLED_RUN_FAILED');
  });

  it('a missing workflow is a step error; without a host it is CALL_UNAVAILABLE', async () => {
    const memory = createMemoryHost({});
    const missing = await run(doc([{ id: 'call-1', type: 'call', workflow: 'nope' }]), {
      host: memory.host(0),
    });
    expect(missing.records[0].error).toMatchObject({
      code: 'NOT_FOUND',
      details: { stepId: 'call-1' },
    });
    const cli = await run(doc([{ id: 'call-1', type: 'call', workflow: 'nope' }]));
    expect(cli.records[0].error).toMatchObject({
      code: 'CALL_UNAVAILABLE',
      details: { field: 'workflow' },
    });
  });

  it('parks the caller where the host can, and settles when woken', async () => {
    let outcome: 'going' | 'done' = 'going';
    const host = {
      park: true,
      startCall: async () => ({ runId: 'run_child' }),
      callOutcome: async () =>
        outcome === 'going'
          ? ({ status: 'going' } as const)
          : ({ status: 'succeeded', response: { n: 1 } } as const),
    };
    const workflow = doc([
      { id: 'call-1', type: 'call', workflow: 'wf_child' },
      step('after-1', 'echo'),
    ]);
    const parked = await run(workflow, { host });
    expect(parked.result).toMatchObject({
      status: 'waiting',
      wait: { forRunId: 'run_child', stepId: 'call-1' },
    });
    expect(parked.checkpoints.at(-1)?.at).toEqual([
      expect.objectContaining({ kind: 'call', id: 'call-1', runId: 'run_child', attempt: 1 }),
    ]);
    const stillGoing = await run(workflow, { host, resumeFrom: parked.checkpoints.at(-1) });
    expect(stillGoing.result.status).toBe('waiting');
    outcome = 'done';
    const done = await run(workflow, { host, resumeFrom: parked.checkpoints.at(-1) });
    expect(done.result.status).toBe('succeeded');
    expect(done.records.map((r) => r.stepId)).toEqual(['call-1', 'after-1']);
    expect(done.records[0].output).toEqual({
      runId: 'run_child',
      status: 'succeeded',
      response: { n: 1 },
    });
  });

  it('validate: a call to itself, to a missing workflow or to one that is not callable', () => {
    const triggers: Record<string, Trigger> = {
      wf_notify: { type: 'callable' },
      wf_manual: { type: 'manual' },
    };
    const problems = validateWorkflow(
      doc([
        { id: 'call-1', type: 'call', workflow: 'wf_self' },
        { id: 'call-2', type: 'call', workflow: 'wf_gone' },
        { id: 'call-3', type: 'call', workflow: 'wf_manual' },
        {
          id: 'call-4',
          type: 'call',
          workflow: 'wf_notify',
          input: { payload: { $jsonpath: '$.steps.later-1' } },
        },
        step('later-1', 'echo'),
      ]),
      catalog,
      undefined,
      { workflowId: 'wf_self', workflowTrigger: (id) => triggers[id] ?? null },
    );
    expect(problems.map((p) => [p.stepId, p.path])).toEqual([
      ['call-1', 'steps.0.workflow'],
      ['call-2', 'steps.1.workflow'],
      ['call-3', 'steps.2.workflow'],
      ['call-4', 'steps.3.input.payload'],
    ]);
    expect(problems[0].message).toContain('cannot call itself');
    expect(problems[2].message).toContain('"manual"');
    expect(validateWorkflow(doc([{ id: 'call-1', type: 'call', workflow: '' }]), catalog)).toEqual([
      expect.objectContaining({ path: 'steps.0.workflow', stepId: 'call-1' }),
    ]);
  });
});
