import { describe, expect, it } from 'vitest';
import {
  deleteStep,
  findStep,
  insertStep,
  moveStep,
  newStepId,
  slotOf,
  stepForPath,
  stepsInScope,
} from './document.js';
import { tutorialDoc } from './fixtures.test-data.js';
import type { Step, Workflow } from './types.js';

const ids = (list: Step[]) => list.map((s) => s.id);
const slack = (id: string): Step =>
  ({ id, connector: 'slack', operation: 'send_message', input: {} }) as Step;
const bodyOf = (doc: Workflow) =>
  (findStep(doc, 'loop-1') as Extract<Step, { type: 'loop' }>).steps;

describe('insertStep', () => {
  it('puts a step between two top-level steps without changing the original document', () => {
    const doc = tutorialDoc();
    const next = insertStep(doc, { parent: null, branch: 'steps', index: 1 }, slack('slack-9'));
    expect(ids(next.steps)).toEqual(['totango-1', 'slack-9', 'loop-1', 'slack-3']);
    expect(ids(doc.steps)).toEqual(['totango-1', 'loop-1', 'slack-3']);
    expect(next.steps[0]).toBe(doc.steps[0]);
  });

  it('puts a step into a loop body and into a boolean branch', () => {
    let doc = insertStep(
      tutorialDoc(),
      { parent: 'loop-1', branch: 'steps', index: 0 },
      slack('slack-9'),
    );
    expect(ids(bodyOf(doc))).toEqual(['slack-9', 'slack-1', 'boolean-1']);
    doc = insertStep(doc, { parent: 'boolean-1', branch: 'false', index: 0 }, slack('slack-8'));
    expect(slotOf(doc, 'slack-8')).toEqual({ parent: 'boolean-1', branch: 'false', index: 0 });
  });

  it('refuses a step whose id is taken', () => {
    expect(() =>
      insertStep(tutorialDoc(), { parent: null, branch: 'steps', index: 0 }, slack('slack-2')),
    ).toThrow('A step with the id "slack-2" is already in this workflow');
  });

  it('refuses a container holding, at any depth, a step whose id is taken', () => {
    const nested = {
      id: 'loop-9',
      type: 'loop',
      mode: 'list',
      input: { list: [] },
      steps: [
        {
          id: 'boolean-9',
          type: 'boolean',
          input: { conditions: [], match: 'all' },
          true: [slack('slack-3')],
          false: [],
        },
      ],
    } as unknown as Step;
    expect(() =>
      insertStep(tutorialDoc(), { parent: null, branch: 'steps', index: 0 }, nested),
    ).toThrow('A step with the id "slack-3" is already in this workflow');
  });
});

describe('moveStep', () => {
  it('moves a step down in the same list using the drop zone index as shown before the move', () => {
    const doc = moveStep(tutorialDoc(), 'totango-1', { parent: null, branch: 'steps', index: 2 });
    expect(ids(doc.steps)).toEqual(['loop-1', 'totango-1', 'slack-3']);
  });

  it('moves a top-level step into a loop and a body step out of it', () => {
    let doc = moveStep(tutorialDoc(), 'slack-3', { parent: 'loop-1', branch: 'steps', index: 1 });
    expect(ids(bodyOf(doc))).toEqual(['slack-1', 'slack-3', 'boolean-1']);
    doc = moveStep(doc, 'slack-1', { parent: null, branch: 'steps', index: 0 });
    expect(ids(doc.steps)).toEqual(['slack-1', 'totango-1', 'loop-1']);
  });

  it('refuses to move a loop into its own body', () => {
    expect(() =>
      moveStep(tutorialDoc(), 'loop-1', { parent: 'boolean-1', branch: 'true', index: 0 }),
    ).toThrow('A step cannot be moved inside itself ("loop-1")');
  });
});

describe('deleteStep', () => {
  it('removes a nested step and keeps its siblings', () => {
    const doc = deleteStep(tutorialDoc(), 'slack-1');
    expect(ids(bodyOf(doc))).toEqual(['boolean-1']);
    expect(findStep(doc, 'slack-1')).toBeNull();
  });
});

describe('newStepId', () => {
  it('numbers steps per connector after the highest number in use, at any depth', () => {
    const doc = tutorialDoc();
    expect(newStepId(doc, 'slack')).toBe('slack-4');
    expect(newStepId(doc, 'loop')).toBe('loop-2');
    expect(newStepId(doc, 'salesforce')).toBe('salesforce-1');
  });
});

describe('stepsInScope', () => {
  it('gives a body step the earlier top-level steps, its loop, and earlier body steps, but not later ones', () => {
    const scope = stepsInScope(tutorialDoc(), 'slack-2');
    expect(scope.map((e) => `${e.stepId}:${e.role}`)).toEqual([
      'totango-1:earlier',
      'loop-1:loop',
      'slack-1:earlier',
    ]);
  });

  it("adds the step itself for what runs after it, such as a loop's collect", () => {
    const scope = stepsInScope(tutorialDoc(), 'boolean-1', true);
    expect(scope.map((e) => `${e.stepId}:${e.role}`)).toEqual([
      'totango-1:earlier',
      'loop-1:loop',
      'slack-1:earlier',
      'boolean-1:earlier',
    ]);
  });

  it('leaves the loop body out of scope after the loop', () => {
    const scope = stepsInScope(tutorialDoc(), 'slack-3');
    expect(scope.map((e) => e.stepId)).toEqual(['totango-1', 'loop-1']);
  });

  it("offers the failed step's error inside its error branch", () => {
    const doc = tutorialDoc();
    (doc.steps[0] as unknown as Record<string, unknown>).error = [slack('slack-7')];
    expect(stepsInScope(doc, 'slack-7').map((e) => `${e.stepId}:${e.role}`)).toEqual([
      'totango-1:error',
    ]);
  });
});

describe('stepForPath', () => {
  it('finds the step a validation problem concerns and the field inside it', () => {
    const doc = tutorialDoc();
    expect(stepForPath(doc, 'steps.1.steps.0.input.text')).toEqual({
      stepId: 'slack-1',
      field: 'input.text',
    });
    expect(stepForPath(doc, 'steps.1.steps.1.true.0.auth')).toEqual({
      stepId: 'slack-2',
      field: 'auth',
    });
    expect(stepForPath(doc, 'steps.1.input.list')).toEqual({
      stepId: 'loop-1',
      field: 'input.list',
    });
    expect(stepForPath(doc, 'trigger.schedule')).toBeNull();
  });
});
