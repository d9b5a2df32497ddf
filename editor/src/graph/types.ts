// Shapes shared by the pure graph code and the canvas. No React here: the canvas imports
// these types, and the unit tests run them in Node.
import type { Edge, Node } from '@xyflow/react';
import type { StepKind } from '../../../engine/model/step-kinds.js';
import type { Step, Workflow } from '../../../engine/model/workflow.schema.js';

export type { Step, Workflow };

/**
 * Which child list of a step, by its key in engine/model/step-kinds.ts: a loop's body
 * (`steps`), a boolean's `true` / `false`, a branch's `cases.0.steps` / `default`, `error`.
 */
export type Branch = string;

/** A place in the document: the list `branch` of step `parent` (null: the top level), before `index`. */
export interface Slot {
  parent: string | null;
  branch: Branch;
  index: number;
}

export type { StepKind } from '../../../engine/model/step-kinds.js';

/** A lane drawn inside a container node, relative to the container's top-left corner. */
export type LaneRect = {
  branch: Branch;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
};

export type TriggerData = {
  /** Everything in the document except its steps (the trigger node shows its trigger). */
  header: Omit<Workflow, 'steps'>;
};

export type StepData = {
  stepId: string;
  kind: StepKind;
  /** The step without its child lists (those are rebuilt from the nodes inside its lanes). */
  step: Step;
  slot: Slot;
  depth: number;
  lanes: LaneRect[];
};

export type DropData = { slot: Slot };

export type TriggerNode = Node<TriggerData, 'trigger'>;
export type StepNode = Node<StepData, 'step'>;
export type ContainerNode = Node<StepData, 'container'>;
export type DropNode = Node<DropData, 'drop'>;
export type EditorNode = TriggerNode | StepNode | ContainerNode | DropNode;

export interface Graph {
  nodes: EditorNode[];
  edges: Edge[];
}

export const TRIGGER_NODE_ID = '__trigger';
