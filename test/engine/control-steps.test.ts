// The control steps of HELPERS.md in the engine: branch, delay, terminate, respond and loop
// mode "object", each with its normal case and its bad inputs (error code and field named).
import { describe, expect, it } from 'vitest';
import { validateWorkflow, type Checkpoint } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { doc, run, step } from './run-helpers.js';

const { catalog } = createTestConnector();

const tiers = (value: unknown) =>
  doc([
    {
      id: 'branch-1',
      type: 'branch',
      input: { value },
      cases: [
        { label: 'Gold', equals: 'gold', steps: [step('gold-1', 'echo', { tier: 'gold' })] },
        {
          equals: { plan: 'silver', seats: 5 },
          steps: [step('silver-1', 'echo', { tier: 'silver' })],
        },
        { equals: 3, steps: [step('three-1', 'echo', { n: 3 })] },
      ],
      default: [step('other-1', 'echo', { tier: 'other' })],
    },
    step('after-1', 'echo', { took: { $jsonpath: '$.steps.branch-1.case' } }),
  ]);

describe('branch', () => {
  it('takes the first case whose equals is the value, by JSON equality, and places its records under it', async () => {
    const gold = await run(tiers('gold'));
    expect(gold.result.status).toBe('succeeded');
    expect(gold.records.map((r) => r.place)).toEqual([
      'branch-1[Gold] > gold-1',
      'branch-1',
      'after-1',
    ]);
    expect(gold.records[1].output).toEqual({ case: 'Gold', index: 0 });
    expect(gold.result.outputs['after-1']).toEqual({ took: 'Gold' });

    // Keys in another order are the same JSON value; a case without label is named by its value.
    const more = await run(tiers({ $jsonpath: '$.trigger.account' }), {
      trigger: { account: { x: 1, plan: 'silver', seats: 5 } },
    });
    expect(more.records.map((r) => r.stepId)).toEqual(['other-1', 'branch-1', 'after-1']);
    const silver = await run(tiers({ $jsonpath: '$.trigger.account' }), {
      trigger: { account: { seats: 5, plan: 'silver' } },
    });
    expect(silver.records[0].place).toBe('branch-1[1] > silver-1');
    expect(silver.records[1].output).toEqual({ case: '{"plan":"silver","seats":5}', index: 1 });
  });

  it('takes default when no case matches, and does not coerce "3" to 3', async () => {
    const other = await run(tiers('3'));
    expect(other.records.map((r) => r.place)).toEqual([
      'branch-1[default] > other-1',
      'branch-1',
      'after-1',
    ]);
    expect(other.records[1].output).toEqual({ case: 'default', index: null });
    const three = await run(tiers(3));
    expect(three.records[0].place).toBe('branch-1[2] > three-1');
    expect(three.records[1].output).toEqual({ case: '3', index: 2 });
  });

  it('fails with MAPPING_FAILED naming the field when the value cannot be resolved', async () => {
    const { result, records } = await run(tiers({ $jsonpath: '$.trigger.missing' }));
    expect(result.status).toBe('failed');
    expect(records[0].error?.code).toBe('MAPPING_FAILED');
    expect(records[0].error?.details.field).toBe('value');
    expect(records[0].error?.message).toContain('branch-1');
  });

  it('resumes inside the path it took, from a checkpoint', async () => {
    const first = await run(
      doc([
        {
          id: 'branch-1',
          type: 'branch',
          input: { value: 'a' },
          cases: [
            { equals: 'a', steps: [step('a-1', 'echo', { n: 1 }), step('a-2', 'echo', { n: 2 })] },
          ],
          default: [],
        },
      ]),
    );
    const afterFirst = first.checkpoints[0];
    expect(afterFirst).toMatchObject({
      at: [
        { kind: 'case', id: 'branch-1', index: 0 },
        { kind: 'step', id: 'a-1' },
      ],
    });
    const resumed = await run(
      doc([
        {
          id: 'branch-1',
          type: 'branch',
          // The value changed since: the path was decided before the interruption.
          input: { value: 'b' },
          cases: [
            { equals: 'a', steps: [step('a-1', 'echo', { n: 1 }), step('a-2', 'echo', { n: 2 })] },
          ],
          default: [],
        },
      ]),
      { resumeFrom: afterFirst },
    );
    expect(resumed.records.map((r) => r.place)).toEqual(['branch-1[0] > a-2', 'branch-1']);
    expect(resumed.connector.calls.get('echo')).toBe(1);
  });

  it('is checked before a run: duplicate equals and labels, a missing value, no cases', () => {
    const problems = validateWorkflow(
      doc([
        {
          id: 'branch-1',
          type: 'branch',
          input: { value: 1 },
          cases: [
            { label: 'One', equals: { a: 1, b: 2 }, steps: [] },
            { label: 'One', equals: { b: 2, a: 1 }, steps: [] },
          ],
          default: [],
        },
        { id: 'branch-2', type: 'branch', input: {}, cases: [] },
        { id: 'branch-3', type: 'branch', input: { value: 1 }, cases: [{ steps: [] }] },
      ]),
      catalog,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'steps.1.input.value', stepId: 'branch-2' }),
        expect.objectContaining({ path: 'steps.1.cases', stepId: 'branch-2' }),
        expect.objectContaining({ path: 'steps.2.cases.0.equals', stepId: 'branch-3' }),
      ]),
    );
    const valid = validateWorkflow(
      doc([
        {
          id: 'branch-1',
          type: 'branch',
          input: { value: 1 },
          cases: [
            { label: 'One', equals: { a: 1, b: 2 }, steps: [] },
            { label: 'One', equals: { b: 2, a: 1 }, steps: [] },
          ],
          default: [],
        },
      ]),
      catalog,
    );
    expect(valid).toEqual([
      expect.objectContaining({ path: 'steps.0.cases.1.equals', stepId: 'branch-1' }),
      expect.objectContaining({ path: 'steps.0.cases.1.label', stepId: 'branch-1' }),
    ]);
    expect(valid[0].message).toContain('can never be taken');
  });

  it('keeps a path step in scope after the branch, and another path out of a path', () => {
    const problems = validateWorkflow(
      doc([
        {
          id: 'branch-1',
          type: 'branch',
          input: { value: 1 },
          cases: [{ equals: 1, steps: [step('one-1', 'echo')] }],
          default: [step('d-1', 'echo', { x: { $jsonpath: '$.steps.one-1.a' } })],
        },
        step('after-1', 'echo', {
          x: { $jsonpath: '$.steps.one-1' },
          y: { $jsonpath: '$.steps.branch-1.case' },
        }),
      ]),
      catalog,
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'steps.0.default.0.input.x', stepId: 'd-1' }),
    ]);
    expect(problems[0].message).toContain('another branch');
  });
});

describe('delay', () => {
  it('sleeps in process when the host cannot park, then outputs waitedMs', async () => {
    const slept: number[] = [];
    let clock = 1_000_000;
    const { result, records } = await run(
      doc([{ id: 'delay-1', type: 'delay', input: { seconds: 90 } }, step('after-1', 'echo')]),
      {
        now: () => clock,
        sleep: async (ms) => {
          slept.push(ms);
          clock += ms;
        },
      },
    );
    expect(result.status).toBe('succeeded');
    expect(slept).toEqual([90_000]);
    expect(records[0]).toMatchObject({
      stepId: 'delay-1',
      status: 'ok',
      output: { waitedMs: 90_000 },
    });
    expect(records[0].input).toMatchObject({
      seconds: 90,
      resumeAt: new Date(1_090_000).toISOString(),
    });
  });

  it('parks the run where the host can: status waiting with resumeAt, a checkpoint, and no step after it', async () => {
    let clock = Date.parse('2026-03-01T09:00:00Z');
    const workflow = doc([
      step('before-1', 'echo', { n: 1 }),
      { id: 'delay-1', type: 'delay', input: { until: '2026-03-02T09:00:00+00:00' } },
      step('after-1', 'echo', { waited: { $jsonpath: '$.steps.delay-1.waitedMs' } }),
    ]);
    const parked = await run(workflow, { now: () => clock, host: { park: true } });
    expect(parked.result.status).toBe('waiting');
    expect(parked.result.wait).toEqual({ resumeAt: '2026-03-02T09:00:00.000Z', stepId: 'delay-1' });
    expect(parked.records.map((r) => r.stepId)).toEqual(['before-1']);
    const checkpoint = parked.checkpoints.at(-1) as Checkpoint;
    expect(checkpoint.at).toEqual([
      expect.objectContaining({
        kind: 'delay',
        id: 'delay-1',
        resumeAt: Date.parse('2026-03-02T09:00:00Z'),
      }),
    ]);

    // Woken too early (a restart): parked again, nothing recorded.
    clock += 3600_000;
    const early = await run(workflow, {
      now: () => clock,
      host: { park: true },
      resumeFrom: checkpoint,
    });
    expect(early.result.status).toBe('waiting');
    expect(early.records).toEqual([]);

    clock = Date.parse('2026-03-02T09:00:01Z');
    const due = await run(workflow, {
      now: () => clock,
      host: { park: true },
      resumeFrom: checkpoint,
    });
    expect(due.result.status).toBe('succeeded');
    expect(due.records.map((r) => [r.stepId, r.seq])).toEqual([
      ['delay-1', 2],
      ['after-1', 3],
    ]);
    expect(due.result.outputs['after-1']).toEqual({ waited: 86_401_000 });
  });

  it('parks inside a loop and a boolean, and resumes in the same iteration', async () => {
    let clock = 0;
    const workflow = doc([
      {
        id: 'loop-1',
        type: 'loop',
        input: { list: ['a', 'b'] },
        collect: { $jsonpath: '$.steps.loop-1.value' },
        steps: [
          {
            id: 'bool-1',
            type: 'boolean',
            input: {
              conditions: [
                { left: { $jsonpath: '$.steps.loop-1.value' }, op: 'equals', right: 'b' },
              ],
            },
            true: [{ id: 'delay-1', type: 'delay', input: { seconds: 10 } }],
            false: [],
          },
          step('body-1', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } }),
        ],
      },
    ]);
    const parked = await run(workflow, { now: () => clock, host: { park: true } });
    expect(parked.result.status).toBe('waiting');
    expect(parked.records.map((r) => r.place)).toEqual([
      'loop-1[0] > bool-1',
      'loop-1[0] > body-1',
    ]);
    clock = 10_000;
    const resumed = await run(workflow, {
      now: () => clock,
      host: { park: true },
      resumeFrom: parked.checkpoints.at(-1),
    });
    expect(resumed.result.status).toBe('succeeded');
    expect(resumed.records.map((r) => r.place)).toEqual([
      'loop-1[1] > delay-1',
      'loop-1[1] > bool-1',
      'loop-1[1] > body-1',
      'loop-1',
    ]);
    expect(resumed.result.outputs['loop-1']).toEqual({ count: 2, results: ['a', 'b'] });
  });

  it('refuses more than 30 days, a bad time and a wrong type, with INPUT_INVALID naming the field', async () => {
    for (const [input, field] of [
      [{ seconds: 31 * 24 * 3600 }, 'seconds'],
      [{ seconds: 'soon' }, 'seconds'],
      [{ seconds: -1 }, 'seconds'],
      [{ until: 'next tuesday' }, 'until'],
      [{ until: '2099-01-01T00:00:00Z' }, 'until'],
    ] as const) {
      const { result, records } = await run(doc([{ id: 'delay-1', type: 'delay', input }]));
      expect(result.status).toBe('failed');
      expect(records[0].error).toMatchObject({
        code: 'INPUT_INVALID',
        details: { stepId: 'delay-1', field },
      });
    }
    const problems = validateWorkflow(
      doc([
        { id: 'delay-1', type: 'delay', input: { seconds: 3_000_000 } },
        { id: 'delay-2', type: 'delay', input: {} },
        { id: 'delay-3', type: 'delay', input: { seconds: 1, until: '2026-01-01T00:00:00Z' } },
        { id: 'delay-4', type: 'delay', input: { until: 'tomorrow' } },
      ]),
      catalog,
    );
    expect(problems.map((p) => [p.stepId, p.path])).toEqual([
      ['delay-2', 'steps.1.input.seconds'],
      ['delay-3', 'steps.2.input.until'],
    ]);
    const literal = validateWorkflow(
      doc([
        { id: 'delay-1', type: 'delay', input: { seconds: 3_000_000 } },
        { id: 'delay-4', type: 'delay', input: { until: 'tomorrow' } },
      ]),
      catalog,
    );
    expect(literal.map((p) => [p.stepId, p.path])).toEqual([
      ['delay-1', 'steps.0.input.seconds'],
      ['delay-4', 'steps.1.input.until'],
    ]);
    expect(literal[0].message).toContain('30 days');
  });

  it('stops with CANCELLED when the run is cancelled while it sleeps in process', async () => {
    const controller = new AbortController();
    const { result, records } = await run(
      doc([{ id: 'delay-1', type: 'delay', input: { seconds: 60 } }]),
      {
        signal: controller.signal,
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(new Error('aborted')));
            controller.abort();
          }),
      },
    );
    expect(result.status).toBe('cancelled');
    expect(records[0].error?.code).toBe('CANCELLED');
  });
});

describe('terminate', () => {
  it('ends the run succeeded where it stands, also from inside a loop', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2, 3] },
          steps: [
            step('body-1', 'echo'),
            {
              id: 'bool-1',
              type: 'boolean',
              input: {
                conditions: [
                  { left: { $jsonpath: '$.steps.loop-1.value' }, op: 'equals', right: 2 },
                ],
              },
              true: [
                {
                  id: 'end-1',
                  type: 'terminate',
                  input: { status: 'succeeded', message: 'Found it' },
                },
              ],
              false: [],
            },
          ],
        },
        step('never-1', 'echo'),
      ]),
    );
    expect(result).toMatchObject({ status: 'succeeded', error: null });
    const places = records.map((r) => r.place);
    expect(places).toContain('loop-1[1] > end-1');
    expect(places).not.toContain('never-1');
    expect(places.at(-1)).toBe('loop-1');
    expect(records.find((r) => r.stepId === 'end-1')?.output).toEqual({
      status: 'succeeded',
      message: 'Found it',
    });
  });

  it('ends the run failed with TERMINATED and its message, skipping the error policy', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'end-1',
          type: 'terminate',
          input: { status: 'failed', message: 'No account {$.trigger.name}' },
          onError: { then: 'continue' },
        },
        step('never-1', 'echo'),
      ]),
      { trigger: { name: 'Initech' } },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({
      code: 'TERMINATED',
      message: 'No account Initech',
      stepId: 'end-1',
    });
    expect(records.map((r) => r.stepId)).toEqual(['end-1']);
    expect(records[0].status).toBe('error');
  });

  it('refuses a bad status or message with INPUT_INVALID naming the field', async () => {
    const bad = await run(
      doc([{ id: 'end-1', type: 'terminate', input: { status: { $jsonpath: '$.trigger.s' } } }]),
      {
        trigger: { s: 'done' },
      },
    );
    expect(bad.records[0].error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'status' },
    });
    const message = await run(
      doc([
        {
          id: 'end-1',
          type: 'terminate',
          input: { status: 'failed', message: { $jsonpath: '$.trigger' } },
        },
      ]),
    );
    expect(message.records[0].error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'message' },
    });
    const problems = validateWorkflow(
      doc([
        { id: 'end-1', type: 'terminate', input: { status: 'done' } },
        { id: 'end-2', type: 'terminate', input: {} },
      ]),
      catalog,
    );
    expect(problems.map((p) => [p.stepId, p.path])).toEqual([['end-2', 'steps.1.input.status']]);
    expect(
      validateWorkflow(
        doc([{ id: 'end-1', type: 'terminate', input: { status: 'done' } }]),
        catalog,
      ),
    ).toEqual([expect.objectContaining({ path: 'steps.0.input.status', stepId: 'end-1' })]);
  });
});

describe('respond', () => {
  const callable = (steps: unknown[]) => doc(steps, { trigger: { type: 'callable' } });

  it('sets the run response (the first one wins) and the run goes on', async () => {
    const told: unknown[] = [];
    const { result, records } = await run(
      callable([
        {
          id: 'respond-1',
          type: 'respond',
          input: { body: { ok: '{$.trigger.name}' }, status: 201, headers: { 'X-Id': 7 } },
        },
        step('after-1', 'echo'),
        {
          id: 'respond-2',
          type: 'respond',
          input: { body: 'again' },
          onError: { then: 'continue' },
        },
      ]),
      { trigger: { name: 'Initech' }, host: { respond: (r) => void told.push(r) } },
    );
    expect(result.status).toBe('succeeded');
    const first = {
      status: 201,
      headers: { 'X-Id': '7' },
      body: { ok: 'Initech' },
      stepId: 'respond-1',
    };
    expect(result.response).toEqual(first);
    expect(told).toEqual([first]);
    expect(records.map((r) => [r.stepId, r.status])).toEqual([
      ['respond-1', 'ok'],
      ['after-1', 'ok'],
      ['respond-2', 'error'],
    ]);
    expect(records[0].output).toEqual({ sent: true });
    expect(records[2].error).toMatchObject({
      code: 'ALREADY_RESPONDED',
      details: { respondedBy: 'respond-1' },
    });
  });

  it('remembers the response across a resume, so a second respond still fails', async () => {
    let clock = 0;
    const workflow = callable([
      { id: 'respond-1', type: 'respond', input: { body: 1 } },
      { id: 'delay-1', type: 'delay', input: { seconds: 5 } },
      { id: 'respond-2', type: 'respond', input: { body: 2 } },
    ]);
    const parked = await run(workflow, { now: () => clock, host: { park: true } });
    expect(parked.result).toMatchObject({ status: 'waiting', response: { body: 1 } });
    clock = 5000;
    const resumed = await run(workflow, {
      now: () => clock,
      host: { park: true },
      resumeFrom: parked.checkpoints.at(-1),
    });
    expect(resumed.result.status).toBe('failed');
    expect(resumed.result.error?.code).toBe('ALREADY_RESPONDED');
    expect(resumed.result.response?.body).toBe(1);
  });

  it('is a problem in a workflow nobody waits on, and bad inputs name their field', async () => {
    const manual = doc([{ id: 'respond-1', type: 'respond', input: { body: 1 } }]);
    expect(validateWorkflow(manual, catalog)).toEqual([
      expect.objectContaining({ path: 'steps.0.type', stepId: 'respond-1' }),
    ]);
    const ran = await run(manual);
    expect(ran.records[0].error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'type' },
    });
    const hook = doc([{ id: 'respond-1', type: 'respond', input: { status: 99 } }], {
      trigger: { type: 'webhook', reply: 'respond-step' },
    });
    expect(validateWorkflow(hook, catalog)).toEqual([
      expect.objectContaining({ path: 'steps.0.input.status', stepId: 'respond-1' }),
    ]);
    const badStatus = await run(hook);
    expect(badStatus.records[0].error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'status' },
    });
    const badHeader = await run(
      callable([
        { id: 'respond-1', type: 'respond', input: { headers: { 'X-A': 'a\r\nSet-Cookie: x' } } },
      ]),
    );
    expect(badHeader.records[0].error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'headers.X-A' },
    });
    expect(
      validateWorkflow(doc([], { trigger: { type: 'webhook', reply: 'later' } } as never), catalog),
    ).toEqual([expect.objectContaining({ path: 'trigger.reply' })]);
  });
});

describe('loop mode object', () => {
  it('goes through the keys with { key, value, index }, and collects', async () => {
    const { result, records } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          mode: 'object',
          input: { object: { $jsonpath: '$.trigger.attributes' } },
          collect: '{$.steps.loop-1.key}={$.steps.loop-1.value}',
          steps: [step('body-1', 'echo', { at: { $jsonpath: '$.steps.loop-1.index' } })],
        },
      ]),
      { trigger: { attributes: { tier: 'gold', seats: 12 } } },
    );
    expect(result.outputs['loop-1']).toEqual({ count: 2, results: ['tier=gold', 'seats=12'] });
    expect(records.map((r) => r.place)).toEqual([
      'loop-1[0] > body-1',
      'loop-1[1] > body-1',
      'loop-1',
    ]);
    expect(records[2].input).toEqual({ object: { tier: 'gold', seats: 12 } });
  });

  it('fails with MAPPING_FAILED naming "object" for a list or text, and needs input.object', async () => {
    const { records } = await run(
      doc([{ id: 'loop-1', type: 'loop', mode: 'object', input: { object: [1, 2] }, steps: [] }]),
    );
    expect(records[0].error).toMatchObject({
      code: 'MAPPING_FAILED',
      details: { field: 'object' },
    });
    expect(records[0].error?.message).toContain('a list');
    expect(
      validateWorkflow(
        doc([{ id: 'loop-1', type: 'loop', mode: 'object', input: {}, steps: [] }]),
        catalog,
      ),
    ).toEqual([expect.objectContaining({ path: 'steps.0.input.object', stepId: 'loop-1' })]);
  });
});
