import { describe, expect, it } from 'vitest';
import { findStep, slotOf } from './document.js';
import { clipOf, pasteSteps } from './copy-steps.js';
import type { Step, Workflow } from './types.js';

const doc = (): Workflow => ({
  name: 'Accounts to Slack',
  trigger: { type: 'manual' },
  config: {},
  steps: [
    {
      id: 'totango-1',
      connector: 'totango',
      operation: 'search_accounts',
      input: { limit: 5 },
    },
    {
      id: 'loop-1',
      type: 'loop',
      mode: 'list',
      input: { list: { $jsonpath: '$.steps.totango-1.hits' } },
      collect: { $jsonpath: "$.steps['slack-1'].ts" },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: 'auth_1',
          input: {
            channel: '#cs',
            text: 'Account {$.steps.loop-1.value.name} (found by {$.steps.totango-1.total_hits})',
          },
        },
        {
          id: 'boolean-1',
          type: 'boolean',
          input: {
            conditions: [{ left: { $jsonpath: '$.steps.loop-1.index' }, op: 'equals', right: 3 }],
            match: 'all',
          },
          true: [{ id: 'break-1', type: 'break', loop: 'loop-1' }],
          false: [],
        },
      ],
    },
  ],
});

describe('copy and paste of steps', () => {
  it('pastes a loop with its body under new ids, its own mappings following the copy', () => {
    const original = doc();
    const loop = findStep(original, 'loop-1') as Step;
    const { doc: pasted, ids } = pasteSteps(original, clipOf(loop), {
      parent: null,
      branch: 'steps',
      index: 2,
    });
    expect(ids).toEqual(['loop-2']);
    const copy = findStep(pasted, 'loop-2') as Step & Record<string, unknown>;
    expect(slotOf(pasted, 'loop-2')).toEqual({ parent: null, branch: 'steps', index: 2 });
    // Mappings to a step outside the copy still name it; the loop's own body and its collect follow.
    expect(copy.input).toEqual({ list: { $jsonpath: '$.steps.totango-1.hits' } });
    expect(copy.collect).toEqual({ $jsonpath: "$.steps['slack-2'].ts" });
    const body = copy.steps as Step[];
    expect(body.map((s) => s.id)).toEqual(['slack-2', 'boolean-2']);
    const slack = body[0] as unknown as { input: { text: string }; auth: string };
    expect(slack.input.text).toBe(
      'Account {$.steps.loop-2.value.name} (found by {$.steps.totango-1.total_hits})',
    );
    expect(slack.auth).toBe('auth_1');
    const condition = body[1] as Step & {
      input: { conditions: { left: unknown }[] };
      true: Step[];
    };
    expect(condition.input.conditions[0].left).toEqual({ $jsonpath: '$.steps.loop-2.index' });
    expect(condition.true).toEqual([{ id: 'break-2', type: 'break', loop: 'loop-2' }]);
    // The original is untouched.
    expect(findStep(pasted, 'loop-1')).toEqual(findStep(original, 'loop-1'));
    expect(pasted.steps).toHaveLength(3);
  });

  it('gives every pasted step an id no step has, pasting the same clip twice', () => {
    const original = doc();
    const clip = clipOf(findStep(original, 'slack-1') as Step);
    const once = pasteSteps(original, clip, { parent: 'loop-1', branch: 'steps', index: 1 });
    const twice = pasteSteps(once.doc, clip, { parent: 'loop-1', branch: 'steps', index: 2 });
    expect([once.ids, twice.ids]).toEqual([['slack-2'], ['slack-3']]);
    // Inside the same loop, its reference to the loop still means that loop.
    const pasted = findStep(twice.doc, 'slack-3') as { input: { text: string } } & Step;
    expect(pasted.input.text).toContain('{$.steps.loop-1.value.name}');
  });

  it('keeps the clip apart from the document (editing the original later does not change it)', () => {
    const original = doc();
    const clip = clipOf(findStep(original, 'totango-1') as Step);
    (findStep(original, 'totango-1') as { input: Record<string, unknown> }).input.limit = 99;
    expect((clip.steps[0] as { input: Record<string, unknown> }).input.limit).toBe(5);
  });
});
