// A branch's cases are lanes like a boolean's True and False: the document operations, the
// layout and problem paths find steps in `cases.<i>.steps` and `default` through the one
// table of step kinds (engine/model/step-kinds.ts).
import { describe, expect, it } from 'vitest';
import {
  childLists,
  deleteStep,
  findStep,
  insertStep,
  moveStep,
  slotOf,
  stepForPath,
  stepsInScope,
} from './document.js';
import { fromWorkflow } from './from-workflow.js';
import type { Step, Workflow } from './types.js';

const echo = (id: string): Step =>
  ({ id, connector: 'test', operation: 'echo', input: {} }) as Step;
const doc = (): Workflow =>
  ({
    name: 'Tiers',
    trigger: { type: 'manual' },
    config: {},
    steps: [
      echo('first-1'),
      {
        id: 'branch-1',
        type: 'branch',
        input: { value: 'gold' },
        cases: [
          { label: 'Gold', equals: 'gold', steps: [echo('gold-1')] },
          { equals: { plan: 'silver' }, steps: [] },
        ],
        default: [echo('other-1')],
      },
    ],
  }) as Workflow;
const branchOf = (d: Workflow) => findStep(d, 'branch-1') as Extract<Step, { type: 'branch' }>;

describe('a branch in the editor', () => {
  it('has one lane per case, titled by label or value, and a Default lane', () => {
    expect(childLists(branchOf(doc())).map((l) => [l.branch, l.title])).toEqual([
      ['cases.0.steps', 'Gold'],
      ['cases.1.steps', '{"plan":"silver"}'],
      ['default', 'Default'],
    ]);
    const graph = fromWorkflow(doc());
    const node = graph.nodes.find((n) => n.id === 'branch-1');
    expect(node?.type).toBe('container');
    expect(graph.nodes.some((n) => n.id === 'drop:branch-1:cases.1.steps:0')).toBe(true);
    const gold = graph.nodes.find((n) => n.id === 'gold-1');
    expect(gold?.data).toMatchObject({
      slot: { parent: 'branch-1', branch: 'cases.0.steps', index: 0 },
    });
  });

  it('inserts into, moves between and deletes from case lanes without touching the other cases', () => {
    const before = doc();
    let next = insertStep(
      before,
      { parent: 'branch-1', branch: 'cases.1.steps', index: 0 },
      echo('silver-1'),
    );
    expect(branchOf(next).cases[1].steps.map((s) => s.id)).toEqual(['silver-1']);
    expect(branchOf(next).cases[0]).toBe(branchOf(before).cases[0]);
    expect(branchOf(before).cases[1].steps).toEqual([]);
    expect(slotOf(next, 'silver-1')).toEqual({
      parent: 'branch-1',
      branch: 'cases.1.steps',
      index: 0,
    });
    next = moveStep(next, 'gold-1', { parent: 'branch-1', branch: 'default', index: 1 });
    expect(branchOf(next).cases[0].steps).toEqual([]);
    expect(branchOf(next).default.map((s) => s.id)).toEqual(['other-1', 'gold-1']);
    next = deleteStep(next, 'other-1');
    expect(branchOf(next).default.map((s) => s.id)).toEqual(['gold-1']);
    expect(() =>
      moveStep(next, 'branch-1', { parent: 'branch-1', branch: 'default', index: 0 }),
    ).toThrow(/inside itself/);
  });

  it('places a problem on the step inside a case, and scopes a case step like a boolean path', () => {
    expect(stepForPath(doc(), 'steps.1.cases.0.steps.0.input.text')).toEqual({
      stepId: 'gold-1',
      field: 'input.text',
    });
    expect(stepForPath(doc(), 'steps.1.cases.1.equals')).toEqual({
      stepId: 'branch-1',
      field: 'cases.1.equals',
    });
    expect(stepsInScope(doc(), 'gold-1').map((e) => [e.stepId, e.role])).toEqual([
      ['first-1', 'earlier'],
    ]);
  });
});
