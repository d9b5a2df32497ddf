import { describe, expect, it } from 'vitest';
import { tutorialDoc } from '../graph/fixtures.test-data.js';
import { makeStep } from './drag.js';

describe('makeStep', () => {
  it('names a new connector step after its connector and starts it with empty input', () => {
    expect(
      makeStep(
        tutorialDoc(),
        { kind: 'connector', connector: 'slack', operation: 'send_message' },
        { parent: null, branch: 'steps', index: 0 },
      ),
    ).toEqual({ id: 'slack-4', connector: 'slack', operation: 'send_message', input: {} });
  });

  it('makes a list loop and a boolean that the workflow schema accepts as drafts', () => {
    const at = { parent: null, branch: 'steps' as const, index: 0 };
    expect(makeStep(tutorialDoc(), { kind: 'loop' }, at)).toEqual({
      id: 'loop-2',
      type: 'loop',
      mode: 'list',
      input: { list: [] },
      steps: [],
    });
    expect(makeStep(tutorialDoc(), { kind: 'boolean' }, at)).toMatchObject({
      id: 'boolean-2',
      type: 'boolean',
      true: [],
      false: [],
    });
  });

  it('points a break at the loop it is dropped into, even from inside a branch in that loop', () => {
    expect(
      makeStep(tutorialDoc(), { kind: 'break' }, { parent: 'boolean-1', branch: 'true', index: 1 }),
    ).toEqual({ id: 'break-1', type: 'break', loop: 'loop-1' });
  });
});
