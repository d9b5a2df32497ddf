// Document → canvas. The trigger sits on top, the steps below it in order; a loop, a
// boolean and an error branch are containers whose lanes hold their nested steps. Drop
// zones sit in every gap (before the first step, between steps, after the last, and in
// every lane, even an empty one). Two linear passes: measure bottom-up (memoised by step
// object), then place top-down, so 500 steps lay out in O(n).
import type { Edge } from '@xyflow/react';
import { childLists, stepKind } from './document.js';
import {
  CONTAINER_HEADER,
  DROP_H,
  GAP,
  LANE_GAP,
  LANE_PAD,
  LANE_TITLE,
  NODE_H,
  NODE_W,
  TRIGGER_H,
} from './layout.js';
import type { Branch, EditorNode, Graph, LaneRect, Slot, Step, Workflow } from './types.js';
import { TRIGGER_NODE_ID } from './types.js';

interface Size {
  width: number;
  height: number;
}

function stripChildren(step: Step): Step {
  const lists = childLists(step);
  if (lists.length === 0) return step;
  const copy = { ...step } as Record<string, unknown>;
  for (const list of lists) delete copy[list.branch];
  return copy as unknown as Step;
}

export function dropNodeId(slot: Slot): string {
  return `drop:${slot.parent ?? ''}:${slot.branch}:${slot.index}`;
}

export function fromWorkflow(doc: Workflow): Graph {
  const sizes = new Map<Step, Size>();

  const listSize = (steps: Step[]): Size => {
    let width = NODE_W;
    let height = GAP;
    for (const step of steps) {
      const size = stepSize(step);
      width = Math.max(width, size.width);
      height += size.height + GAP;
    }
    return { width, height };
  };

  const laneSizes = (step: Step): Size[] =>
    childLists(step).map((lane) => {
      const inner = listSize(lane.steps);
      return { width: inner.width + 2 * LANE_PAD, height: LANE_TITLE + inner.height };
    });

  function stepSize(step: Step): Size {
    const known = sizes.get(step);
    if (known) return known;
    const lanes = laneSizes(step);
    let size: Size = { width: NODE_W, height: NODE_H };
    if (lanes.length > 0) {
      const lanesWidth = lanes.reduce((sum, l) => sum + l.width, 0) + LANE_GAP * (lanes.length - 1);
      const lanesHeight = Math.max(...lanes.map((l) => l.height));
      size = {
        width: Math.max(NODE_W, lanesWidth + 2 * LANE_PAD),
        height: CONTAINER_HEADER + lanesHeight + LANE_PAD,
      };
    }
    sizes.set(step, size);
    return size;
  }

  const nodes: EditorNode[] = [];
  const edges: Edge[] = [];
  const { steps = [], ...header } = doc;

  nodes.push({
    id: TRIGGER_NODE_ID,
    type: 'trigger',
    position: { x: -NODE_W / 2, y: 0 },
    width: NODE_W,
    height: TRIGGER_H,
    data: { header },
    draggable: false,
  });

  const edge = (source: string, target: string) => {
    edges.push({
      id: `e:${source}>${target}`,
      source,
      target,
      type: 'straight',
      selectable: false,
      focusable: false,
    });
  };

  function placeList(
    list: Step[],
    centerX: number,
    top: number,
    parent: string | null,
    branch: Branch,
    depth: number,
    before: string | null,
  ) {
    let y = top;
    let previous = before;
    const drop = (index: number) => {
      const slot: Slot = { parent, branch, index };
      nodes.push({
        id: dropNodeId(slot),
        type: 'drop',
        position: { x: centerX - NODE_W / 2, y: y + (GAP - DROP_H) / 2 },
        width: NODE_W,
        height: DROP_H,
        data: { slot },
        draggable: false,
        selectable: false,
        zIndex: depth + 1,
      });
    };
    list.forEach((step, index) => {
      drop(index);
      y += GAP;
      const size = stepSize(step);
      const x = centerX - size.width / 2;
      const lanes = childLists(step);
      const rects: LaneRect[] = [];
      nodes.push({
        id: step.id,
        type: lanes.length > 0 ? 'container' : 'step',
        position: { x, y },
        width: size.width,
        height: size.height,
        data: {
          stepId: step.id,
          kind: stepKind(step),
          step: stripChildren(step),
          slot: { parent, branch, index },
          depth,
          lanes: rects,
        },
        draggable: false,
        zIndex: depth,
      });
      if (previous) edge(previous, step.id);
      previous = step.id;
      if (lanes.length > 0) {
        const widths = laneSizes(step);
        const laneHeight = Math.max(...widths.map((l) => l.height));
        const total = widths.reduce((sum, l) => sum + l.width, 0) + LANE_GAP * (lanes.length - 1);
        let laneX = centerX - total / 2;
        lanes.forEach((lane, i) => {
          const laneY = y + CONTAINER_HEADER;
          rects.push({
            branch: lane.branch,
            title: lane.title,
            x: laneX - x,
            y: CONTAINER_HEADER,
            width: widths[i].width,
            height: laneHeight,
          });
          placeList(
            lane.steps,
            laneX + widths[i].width / 2,
            laneY + LANE_TITLE,
            step.id,
            lane.branch,
            depth + 1,
            null,
          );
          laneX += widths[i].width + LANE_GAP;
        });
      }
      y += size.height;
    });
    drop(list.length);
  }

  placeList(steps, 0, TRIGGER_H, null, 'steps', 0, TRIGGER_NODE_ID);
  return { nodes, edges };
}
