import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../engine/index.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/workflows/${name}`, import.meta.url), 'utf8'));

describe('workflow document v1', () => {
  it('parses the example of WORKFLOW-FORMAT.md and applies defaults', () => {
    const parsed = parseWorkflow(fixture('accounts-to-slack.json'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const loop = parsed.workflow.steps[1];
    expect(loop).toMatchObject({ id: 'loop-1', type: 'loop', mode: 'list' });
    expect(parsed.workflow.steps[0]).toMatchObject({
      connector: 'totango',
      operation: 'search_data_raw',
      auth: 'auth_7f3a',
    });
  });

  it('refuses a step id used twice, nested steps included, listed with the other problems', () => {
    const parsed = parseWorkflow({
      name: 'Twins',
      trigger: { type: 'manual' },
      steps: [
        { id: 'a', connector: 'test', operation: 'echo' },
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [] },
          steps: [{ id: 'a', connector: 'test', operation: 'echo' }],
        },
        { id: 'b', connector: 'test' },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { path: 'steps.2.operation', message: 'Required' },
        {
          path: 'steps.1.steps.0.id',
          message: 'The step id "a" is used more than once; every step needs its own id',
        },
      ],
    });
  });

  it('accepts a draft with no steps and fills config and steps', () => {
    const parsed = parseWorkflow({ name: 'Draft', trigger: { type: 'webhook' } });
    expect(parsed).toEqual({
      ok: true,
      workflow: { name: 'Draft', trigger: { type: 'webhook' }, config: {}, steps: [] },
    });
  });

  it('lists every problem with its path in plain words, nested steps included', () => {
    const parsed = parseWorkflow({
      name: '',
      trigger: { type: 'schedule', schedule: { every: 'daily', at: '9am' } },
      steps: [
        {
          id: '1bad',
          connector: 'test',
          operation: 'echo',
          onError: { retries: 50, then: 'explode' },
        },
        {
          id: 'bool-1',
          type: 'boolean',
          input: { conditions: [{ left: 1, op: 'bigger' }] },
          true: [{ id: 'x', connector: 'test', operation: 7 }],
        },
        { id: 'loop-1', type: 'loop', input: {}, steps: [], extra: true },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      { path: 'name', message: 'Give the workflow a name' },
      { path: 'trigger.schedule.at', message: 'Use a 24-hour time such as "09:00"' },
      {
        path: 'steps.0.id',
        message: 'A step id starts with a letter and holds only letters, digits, "-" and "_"',
      },
      { path: 'steps.0.onError.retries', message: 'Must be at most 10' },
      { path: 'steps.0.onError.then', message: 'Must be one of "fail", "continue", "branch"' },
      {
        path: 'steps.1.input.conditions.0.op',
        message:
          'Must be one of "equals", "not_equals", "greater_than", "less_than", "contains", "not_contains", "starts_with", "is_empty", "is_not_empty", "is_true", "is_false"',
      },
      { path: 'steps.1.true.0.operation', message: 'Expected text, got a whole number' },
      { path: 'steps.2', message: 'Unknown field: extra' },
      {
        path: 'steps.2.input.list',
        message: 'A list loop needs input.list (the list to loop over)',
      },
    ]);
  });

  it('explains an unknown trigger type and a schedule of no known shape', () => {
    expect(parseWorkflow({ name: 'a', trigger: { type: 'cron' } })).toEqual({
      ok: false,
      problems: [
        {
          path: 'trigger.type',
          message: 'Use a trigger type: "manual", "schedule", "webhook" or "callable"',
        },
      ],
    });
    expect(
      parseWorkflow({ name: 'a', trigger: { type: 'schedule', schedule: { every: 'yearly' } } }),
    ).toEqual({
      ok: false,
      problems: [
        {
          path: 'trigger.schedule',
          message:
            'Use a schedule such as { "every": "daily", "at": "09:00" }, { "every": "minutes", "interval": 5 } or { "cron": "0 9 * * 1-5" }',
        },
      ],
    });
  });
});
