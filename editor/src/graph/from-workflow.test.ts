import { describe, expect, it } from 'vitest';
import { insertStep } from './document.js';
import { dropNodeId, fromWorkflow } from './from-workflow.js';
import { tutorialDoc } from './fixtures.test-data.js';
import { stabilise } from './stabilise.js';
import type { ContainerNode, EditorNode, Step, Workflow } from './types.js';

const byId = (nodes: EditorNode[], id: string) => nodes.find((n) => n.id === id) as EditorNode;

describe('fromWorkflow', () => {
  it('puts the trigger on top and the top-level steps below it in order, one column', () => {
    const { nodes } = fromWorkflow(tutorialDoc());
    const trigger = byId(nodes, '__trigger');
    const tops = ['totango-1', 'loop-1', 'slack-3'].map((id) => byId(nodes, id));
    expect(trigger.type).toBe('trigger');
    expect(tops[0].position.y).toBeGreaterThan(trigger.position.y);
    expect(tops[1].position.y).toBeGreaterThan(tops[0].position.y);
    expect(tops[2].position.y).toBeGreaterThan(tops[1].position.y + (tops[1].height ?? 0) - 1);
    expect(tops.map((n) => n.position.x + (n.width ?? 0) / 2)).toEqual([0, 0, 0]);
  });

  it('draws a loop as a container whose lane encloses its body steps, and a boolean with two lanes', () => {
    const { nodes } = fromWorkflow(tutorialDoc());
    const loop = byId(nodes, 'loop-1') as ContainerNode;
    expect(loop.type).toBe('container');
    expect(loop.data.lanes.map((l) => l.branch)).toEqual(['steps']);
    for (const inner of ['slack-1', 'boolean-1', 'slack-2']) {
      const n = byId(nodes, inner);
      expect(n.position.x).toBeGreaterThan(loop.position.x);
      expect(n.position.y).toBeGreaterThan(loop.position.y);
      expect(n.position.y + (n.height ?? 0)).toBeLessThan(loop.position.y + (loop.height ?? 0));
    }
    const bool = byId(nodes, 'boolean-1') as ContainerNode;
    expect(bool.data.lanes.map((l) => l.title)).toEqual(['True', 'False']);
    expect(byId(nodes, 'slack-2').position.x + 130).toBeLessThan(
      bool.position.x + bool.data.lanes[1].x,
    );
  });

  it('offers a drop zone before, between and after steps, inside the loop and in an empty branch', () => {
    const { nodes } = fromWorkflow(tutorialDoc());
    const drops = nodes.filter((n) => n.type === 'drop').map((n) => n.id);
    expect(drops).toEqual(
      expect.arrayContaining([
        dropNodeId({ parent: null, branch: 'steps', index: 0 }),
        dropNodeId({ parent: null, branch: 'steps', index: 1 }),
        dropNodeId({ parent: null, branch: 'steps', index: 3 }),
        dropNodeId({ parent: 'loop-1', branch: 'steps', index: 2 }),
        dropNodeId({ parent: 'boolean-1', branch: 'false', index: 0 }),
      ]),
    );
    expect(drops).toHaveLength(4 + 3 + 2 + 1);
  });

  it('links the trigger and each step to the next in its list', () => {
    const { edges } = fromWorkflow(tutorialDoc());
    expect(edges.map((e) => `${e.source}>${e.target}`)).toEqual([
      '__trigger>totango-1',
      'totango-1>loop-1',
      'slack-1>boolean-1',
      'loop-1>slack-3',
    ]);
  });

  it('lays out 500 steps in one column with 501 drop zones', () => {
    const doc: Workflow = {
      name: 'big',
      trigger: { type: 'manual' },
      config: {},
      steps: [],
    } as Workflow;
    doc.steps = Array.from(
      { length: 500 },
      (_, i) =>
        ({ id: `http-${i + 1}`, connector: 'http', operation: 'request', input: {} }) as Step,
    );
    const { nodes, edges } = fromWorkflow(doc);
    expect(nodes.filter((n) => n.type === 'step')).toHaveLength(500);
    expect(nodes.filter((n) => n.type === 'drop')).toHaveLength(501);
    expect(edges).toHaveLength(500);
  });
});

describe('stabilise', () => {
  it('keeps the node objects of steps that did not change and replaces the ones that moved', () => {
    const doc = tutorialDoc();
    const first = fromWorkflow(doc);
    const edited = insertStep(doc, { parent: null, branch: 'steps', index: 3 }, {
      id: 'slack-9',
      connector: 'slack',
      operation: 'x',
      input: {},
    } as Step);
    const second = stabilise(first, fromWorkflow(edited));
    expect(byId(second.nodes, 'totango-1')).toBe(byId(first.nodes, 'totango-1'));
    expect(byId(second.nodes, 'slack-1')).toBe(byId(first.nodes, 'slack-1'));
    expect(byId(second.nodes, 'slack-9')).toMatchObject({
      type: 'step',
      data: { stepId: 'slack-9', slot: { parent: null, branch: 'steps', index: 3 } },
    });
    const renamed = {
      ...edited,
      steps: edited.steps.map((s) => (s.id === 'totango-1' ? { ...s, name: 'Search' } : s)),
    };
    const third = stabilise(second, fromWorkflow(renamed));
    expect(byId(third.nodes, 'totango-1')).not.toBe(byId(second.nodes, 'totango-1'));
    expect(byId(third.nodes, 'slack-3')).toBe(byId(second.nodes, 'slack-3'));
  });
});
