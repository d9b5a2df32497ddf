import { describe, expect, it } from 'vitest';
import { doc, run, step } from './run-helpers.js';

const trigger = {
  account: { name: 'Initech', display_name: 'Initech Corp', tags: ['a', 'b'] },
  users: [
    { email: 'x@a.io', active: true },
    { email: 'y@a.io', active: false },
  ],
};

describe('values', () => {
  it('keeps literals as they are and resolves objects and arrays member by member', async () => {
    const { result } = await run(
      doc(
        [
          step('echo-1', 'echo', {
            literal: { n: 1, flag: true, none: null, list: [1, 'two'] },
            mixed: [
              { $jsonpath: '$.trigger.account.name' },
              'fixed',
              { nested: { $jsonpath: '$.config.channel' } },
            ],
          }),
        ],
        { config: { channel: '#cs' } },
      ),
      { trigger },
    );
    expect(result.outputs['echo-1']).toEqual({
      literal: { n: 1, flag: true, none: null, list: [1, 'two'] },
      mixed: ['Initech', 'fixed', { nested: '#cs' }],
    });
  });

  it('gives one value for a definite path and the array of matches for an indefinite one', async () => {
    const { result } = await run(
      doc([
        step('echo-1', 'echo', {
          one: { $jsonpath: '$.trigger.users[0].email' },
          all: { $jsonpath: '$.trigger.users[*].email' },
          filtered: { $jsonpath: '$.trigger.users[?(@.active)].email' },
          none: { $jsonpath: '$.trigger.users[?(@.email == "nobody")]' },
          tags: { $jsonpath: '$.trigger.account.tags' },
        }),
      ]),
      { trigger },
    );
    expect(result.outputs['echo-1']).toEqual({
      one: 'x@a.io',
      all: ['x@a.io', 'y@a.io'],
      filtered: ['x@a.io'],
      none: [],
      tags: ['a', 'b'],
    });
  });

  it('uses the default when a definite path finds nothing', async () => {
    const { result } = await run(
      doc([
        step('echo-1', 'echo', {
          owner: { $jsonpath: '$.trigger.account.owner', default: 'unassigned' },
          nullish: { $jsonpath: '$.trigger.missing', default: null },
        }),
      ]),
      { trigger },
    );
    expect(result.outputs['echo-1']).toEqual({ owner: 'unassigned', nullish: null });
  });

  it('interpolates {$.path} pieces in strings, writes objects as JSON, and honours \\{ escapes', async () => {
    const { result } = await run(
      doc([
        step('echo-1', 'echo', {
          text: 'Account {$.trigger.account.display_name} has tags {$.trigger.account.tags} at {$.env.runId}',
          escaped: 'literal \\{$.trigger.account.name} and {$.trigger.account.name}',
          plain: 'no {braces} here',
        }),
      ]),
      { trigger, runId: 'run_42' },
    );
    expect(result.outputs['echo-1']).toEqual({
      text: 'Account Initech Corp has tags ["a","b"] at run_42',
      escaped: 'literal {$.trigger.account.name} and Initech',
      plain: 'no {braces} here',
    });
  });

  it('evaluates against { trigger, steps, config, env }', async () => {
    const { result } = await run(
      doc([
        step('echo-1', 'echo', { v: 1 }),
        step('echo-2', 'echo', {
          prev: { $jsonpath: '$.steps.echo-1.v' },
          wf: { $jsonpath: '$.env.workflowId' },
          version: { $jsonpath: '$.env.workflowVersion' },
        }),
      ]),
      { workflowId: 'wf_1', workflowVersion: 3 },
    );
    expect(result.outputs['echo-2']).toEqual({ prev: 1, wf: 'wf_1', version: 3 });
  });

  it('fails with MAPPING_FAILED naming the step, the field, the path and what is there instead', async () => {
    const { result, records, connector } = await run(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: { $jsonpath: '$.trigger.users' } },
          steps: [step('slack-1', 'echo', { text: 'Hi {$.steps.loop-1.value.emial}' })],
        },
      ]),
      { trigger },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({
      code: 'MAPPING_FAILED',
      stepId: 'slack-1',
      message:
        'Step "slack-1", input "text": the path $.steps.loop-1.value.emial found nothing (loop-1.value has: email, active)',
    });
    expect(connector.calls.get('echo')).toBeUndefined();
    const failed = records.find((r) => r.stepId === 'slack-1');
    expect(failed?.error?.details).toMatchObject({
      stepId: 'slack-1',
      field: 'text',
      path: '$.steps.loop-1.value.emial',
    });
  });

  it('names a nested input field and says when a step output is not in scope', async () => {
    const { result } = await run(
      doc([
        step('echo-1', 'echo', {
          query: { terms: [{ value: { $jsonpath: '$.steps.totango-9.hits' } }] },
        }),
      ]),
    );
    expect(result.error?.code).toBe('MAPPING_FAILED');
    expect(result.error?.message).toBe(
      'Step "echo-1", input "query.terms.0.value": the path $.steps.totango-9.hits found nothing (no output of step "totango-9" is available here: it has not run yet, or it is out of scope)',
    );
  });

  it('refuses a path that does not start with $', async () => {
    const { result } = await run(doc([step('echo-1', 'echo', { v: { $jsonpath: 'steps.x' } })]));
    expect(result.error?.code).toBe('MAPPING_FAILED');
    expect(result.error?.message).toContain(
      'Step "echo-1", input "v": "steps.x" is not a JSONPath',
    );
  });
});
