// Module scope on purpose: a nodeTypes object created during render makes React Flow
// re-mount every node (xyflow #1620).
import type { NodeTypes } from '@xyflow/react';
import { DropZoneNode } from './nodes/DropZoneNode.js';
import { ContainerStepNode, StepNode } from './nodes/StepNode.js';
import { TriggerNode } from './nodes/TriggerNode.js';

export const nodeTypes: NodeTypes = {
  trigger: TriggerNode,
  step: StepNode,
  container: ContainerStepNode,
  drop: DropZoneNode,
};
