import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { doc, step } from './run-helpers.js';

const { catalog } = createTestConnector();

describe('validateWorkflow', () => {
  it('lists every schema problem with its path and step, in plain words', () => {
    const problems = validateWorkflow(
      {
        trigger: { type: 'manual' },
        steps: [
          { id: 'echo-1', connector: 'test' },
          {
            id: 'loop-1',
            type: 'loop',
            mode: 'forever',
            steps: [{ connector: 'test', operation: 'echo' }],
          },
          { id: 'x', type: 'sideways' },
        ],
      },
      catalog,
    );
    expect(problems).toEqual([
      { path: 'name', message: 'Required' },
      { path: 'steps.0.operation', message: 'Required', stepId: 'echo-1' },
      { path: 'steps.1.steps.0.id', message: 'Required', stepId: 'loop-1' },
      {
        path: 'steps.1.maxIterations',
        message: 'A "forever" loop needs maxIterations as a safety bound',
        stepId: 'loop-1',
      },
      {
        path: 'steps.2.type',
        message:
          'Unknown step type: use "loop", "boolean", "break", "branch", "delay", "terminate", "call", "respond", or leave it out for a connector step',
        stepId: 'x',
      },
    ]);
  });

  it('accepts a good document', () => {
    expect(
      validateWorkflow(
        doc(
          [
            step('echo-1', 'echo', { a: 1 }),
            {
              id: 'loop-1',
              type: 'loop',
              input: { list: { $jsonpath: '$.steps.echo-1.items' } },
              collect: { $jsonpath: '$.steps.echo-2.b' },
              steps: [
                step('echo-2', 'echo', { b: '{$.steps.loop-1.value} {$.steps.echo-1.a}' }),
                { id: 'break-1', type: 'break', loop: 'loop-1' },
              ],
            },
            step('echo-3', 'echo', {
              r: { $jsonpath: '$.steps.loop-1.results' },
              c: { $jsonpath: '$.config.channel' },
            }),
          ],
          { config: { channel: '#a' } },
        ),
        catalog,
      ),
    ).toEqual([]);
  });

  it('finds unknown connectors and operations, missing and unknown authentications', () => {
    const problems = validateWorkflow(
      doc([
        { id: 'a', connector: 'nope', operation: 'x', input: {} },
        step('b', 'nope'),
        step('c', 'whoami'),
        step('d', 'whoami', {}, { auth: 'auth_gone' }),
        step('e', 'pair', {}, { auth: { alpha: 'auth_ok' } }),
      ]),
      catalog,
      undefined,
      { authExists: (id) => id === 'auth_ok' },
    );
    expect(problems).toEqual([
      { path: 'steps.0.connector', stepId: 'a', message: 'Step "a": there is no connector "nope"' },
      {
        path: 'steps.1.operation',
        stepId: 'b',
        message: 'Step "b": the connector "test" has no operation "nope"',
      },
      { path: 'steps.2.auth', stepId: 'c', message: 'Step "c" needs an authentication for "test"' },
      {
        path: 'steps.3.auth',
        stepId: 'd',
        message: 'Step "d": the authentication "auth_gone" does not exist',
      },
      {
        path: 'steps.4.auth.beta',
        stepId: 'e',
        message: 'Step "e" needs an authentication for beta',
      },
    ]);
  });

  it('finds references to later steps, to loop-body steps after their loop, and to unknown steps', () => {
    const problems = validateWorkflow(
      doc([
        step('early', 'echo', { v: { $jsonpath: '$.steps.late.v' } }),
        { id: 'loop-1', type: 'loop', input: { list: [1] }, steps: [step('inner', 'echo')] },
        step('late', 'echo', {
          v: 'x {$.steps.inner.v}',
          w: { $jsonpath: '$.steps.ghost' },
          c: { $jsonpath: '$.config.nope' },
        }),
        { id: 'break-1', type: 'break', loop: 'loop-1' },
      ]),
      catalog,
    );
    expect(problems).toEqual([
      {
        path: 'steps.0.input.v',
        stepId: 'early',
        message:
          'Step "early", input "v": $.steps.late.v refers to step "late", which runs later; a step can only use the output of steps before it',
      },
      {
        path: 'steps.2.input.v',
        stepId: 'late',
        message:
          'Step "late", input "v": $.steps.inner.v refers to step "inner", which is inside loop "loop-1" and out of scope after it; gather what you need with the loop\'s "collect" and use $.steps.loop-1.results',
      },
      {
        path: 'steps.2.input.w',
        stepId: 'late',
        message:
          'Step "late", input "w": $.steps.ghost refers to step "ghost", but there is no step with that id',
      },
      {
        path: 'steps.2.input.c',
        stepId: 'late',
        message:
          'Step "late", input "c": $.config.nope names config "nope", which the workflow\'s config does not have (it is empty)',
      },
      {
        path: 'steps.3.loop',
        stepId: 'break-1',
        message:
          'Break "break-1" names loop "loop-1", which is not a loop around it; put the break inside that loop',
      },
    ]);
  });

  it('flags an object with "$jsonpath" that is not a reference (a typo in "default"), which a run would send as plain data', () => {
    const problems = validateWorkflow(
      doc([
        step('echo-1', 'echo', {
          owner: { $jsonpath: '$.trigger.owner', defualt: 'unassigned' },
          n: { $jsonpath: 5 },
          ok: { $jsonpath: '$.trigger.x', default: 0 },
        }),
      ]),
      catalog,
    );
    expect(problems).toEqual([
      {
        path: 'steps.0.input.owner',
        stepId: 'echo-1',
        message:
          'Step "echo-1", input "owner": a JSONPath reference has only "$jsonpath" and, optionally, "default"; remove "defualt" (as written, the whole object would be sent as plain data)',
      },
      {
        path: 'steps.0.input.n',
        stepId: 'echo-1',
        message:
          'Step "echo-1", input "n": "$jsonpath" must be a path written as text, such as "$.steps.totango-1.hits"',
      },
    ]);
  });

  it('finds duplicate step ids', () => {
    const problems = validateWorkflow(
      doc([
        step('a', 'echo'),
        {
          id: 'b',
          type: 'boolean',
          input: { conditions: [{ left: 1, op: 'is_true' }] },
          true: [step('a', 'echo')],
        },
      ]),
      catalog,
    );
    expect(problems).toEqual([
      {
        path: 'steps.1.true.0.id',
        stepId: 'a',
        message: 'The step id "a" is used more than once; every step needs its own id',
      },
    ]);
  });

  it("checks fields against recorded outputs, through a loop's items too", () => {
    const recorded = {
      'totango-1': { total_hits: 2, hits: [{ display_name: 'Initech', name: 'initech' }] },
    };
    const problems = validateWorkflow(
      doc([
        step('totango-1', 'echo'),
        step('count', 'echo', {
          n: { $jsonpath: '$.steps.totango-1.total_hist' },
          ok: { $jsonpath: '$.steps.totango-1.total_hits' },
          d: { $jsonpath: '$.steps.totango-1.nope', default: 0 },
        }),
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.steps.totango-1.hits' } },
          steps: [
            step('slack-1', 'echo', {
              text: 'Account {$.steps.loop-1.value.dispaly_name}',
              ok: '{$.steps.loop-1.value.name} {$.steps.loop-1.index}',
            }),
          ],
        },
        step('after', 'echo', {
          n: { $jsonpath: '$.steps.loop-1.count' },
          bad: { $jsonpath: '$.steps.totango-1.hits.name' },
        }),
      ]),
      catalog,
      recorded,
    );
    expect(problems).toEqual([
      {
        path: 'steps.1.input.n',
        stepId: 'count',
        message:
          'Step "count", input "n": the path $.steps.totango-1.total_hist names "total_hist", which the last recorded output does not have (totango-1 has: total_hits, hits)',
      },
      {
        path: 'steps.2.steps.0.input.text',
        stepId: 'slack-1',
        message:
          'Step "slack-1", input "text": the path $.steps.loop-1.value.dispaly_name names "dispaly_name", which the last recorded output does not have (loop-1.value has: display_name, name)',
      },
      {
        path: 'steps.3.input.bad',
        stepId: 'after',
        message:
          'Step "after", input "bad": $.steps.totango-1.hits.name asks for "name" of totango-1.hits, which is a list in the last recorded output; pick an item first, e.g. totango-1.hits[0].name',
      },
    ]);
  });

  it('does not judge fields of a recorded output that was cut by the size bound', () => {
    const recorded = {
      'big-1': { $truncated: true, bytes: 900000, keptBytes: 65536, preview: '{"hits":[' },
    };
    expect(
      validateWorkflow(
        doc([
          step('big-1', 'echo'),
          step('use', 'echo', { v: { $jsonpath: '$.steps.big-1.hits' } }),
        ]),
        catalog,
        recorded,
      ),
    ).toEqual([]);
  });
});

describe('validateWorkflow, step inputs', () => {
  it('finds required inputs left out and literal inputs of the wrong kind, leaving mapped ones to the run', () => {
    const problems = validateWorkflow(
      doc([
        step('a', 'strict', { channel: 5 }),
        step('b', 'strict', { channel: { $jsonpath: '$.trigger.c' }, count: '{$.trigger.n}' }),
        step('c', 'fail', { code: 'X', retryable: 'yes' }),
      ]),
      catalog,
    );
    expect(problems).toEqual([
      {
        path: 'steps.0.input.channel',
        stepId: 'a',
        message: 'Step "a", input "channel": Expected text, got a whole number',
      },
      { path: 'steps.0.input.count', stepId: 'a', message: 'Step "a", input "count": Required' },
      {
        path: 'steps.2.input.retryable',
        stepId: 'c',
        message: 'Step "c", input "retryable": Expected true or false, got text',
      },
    ]);
  });
});
