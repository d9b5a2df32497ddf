// Canvas → document: the inverse of fromWorkflow. Steps are grouped by the list they sit
// in (parent + branch), ordered by index, and each container gets back the lists its
// lanes show. toWorkflow(fromWorkflow(doc)) is doc.
import type { Edge } from '@xyflow/react';
import type { EditorNode, Step, StepData, Workflow } from './types.js';

export function toWorkflow(nodes: EditorNode[], _edges: Edge[] = []): Workflow {
  const trigger = nodes.find((n) => n.type === 'trigger');
  if (!trigger || trigger.type !== 'trigger') throw new Error('The canvas has no trigger node');
  const lists = new Map<string, StepData[]>();
  for (const node of nodes) {
    if (node.type !== 'step' && node.type !== 'container') continue;
    const key = `${node.data.slot.parent ?? ''}|${node.data.slot.branch}`;
    const list = lists.get(key) ?? [];
    list.push(node.data);
    lists.set(key, list);
  }
  const build = (parent: string | null, branch: string): Step[] =>
    (lists.get(`${parent ?? ''}|${branch}`) ?? [])
      .slice()
      .sort((a, b) => a.slot.index - b.slot.index)
      .map((data) => {
        if (data.lanes.length === 0) return data.step;
        const step = { ...data.step } as Record<string, unknown>;
        for (const lane of data.lanes) step[lane.branch] = build(data.stepId, lane.branch);
        return step as unknown as Step;
      });
  return { ...trigger.data.header, steps: build(null, 'steps') } as Workflow;
}
