// HTML5 drag and drop between the connectors panel, the steps on the canvas and the drop
// zones. What is dragged travels in dataTransfer under our own MIME types.
import { findStep, insertStep, moveStep, newStepId, slotOf } from '../graph/document.js';
import type { StepKind, StepOfKind } from '../../../engine/model/step-kinds.js';
import type { Slot, Step, Workflow } from '../graph/types.js';

export const NEW_STEP_TYPE = 'application/x-stepwise-new';
export const MOVE_STEP_TYPE = 'application/x-stepwise-move';

type ControlKind = Exclude<StepKind, 'connector'>;

/** A new step to create: a connector (with its first operation) or a control step. */
export type NewStepItem =
  | { kind: 'connector'; connector: string; operation: string }
  | { kind: ControlKind };

/** A fresh step of each control kind, as the panel drops it (a Record: a new kind must have one). */
const NEW_STEPS: { [K in ControlKind]: (doc: Workflow, at: Slot) => StepOfKind<K> } = {
  loop: (doc) => ({
    id: newStepId(doc, 'loop'),
    type: 'loop',
    mode: 'list',
    input: { list: [] },
    steps: [],
  }),
  boolean: (doc) => ({
    id: newStepId(doc, 'boolean'),
    type: 'boolean',
    input: { conditions: [{ left: '', op: 'equals', right: '' }], match: 'all' },
    true: [],
    false: [],
  }),
  break: (doc, at) => ({
    id: newStepId(doc, 'break'),
    type: 'break',
    loop: enclosingLoop(doc, at) ?? 'loop-1',
  }),
  branch: (doc) => ({
    id: newStepId(doc, 'branch'),
    type: 'branch',
    input: { value: '' },
    cases: [
      { label: 'Case 1', equals: 'value 1', steps: [] },
      { label: 'Case 2', equals: 'value 2', steps: [] },
    ],
    default: [],
  }),
  delay: (doc) => ({ id: newStepId(doc, 'delay'), type: 'delay', input: { seconds: 60 } }),
  terminate: (doc) => ({
    id: newStepId(doc, 'terminate'),
    type: 'terminate',
    input: { status: 'succeeded' },
  }),
  call: (doc) => ({
    id: newStepId(doc, 'call'),
    type: 'call',
    workflow: '',
    wait: true,
    input: {},
  }),
  respond: (doc) => ({
    id: newStepId(doc, 'respond'),
    type: 'respond',
    input: { body: {} },
  }),
};

export function makeStep(doc: Workflow, item: NewStepItem, at: Slot): Step {
  if (item.kind === 'connector') {
    return {
      id: newStepId(doc, item.connector),
      connector: item.connector,
      operation: item.operation,
      input: {},
    } as Step;
  }
  return (NEW_STEPS[item.kind] as (doc: Workflow, at: Slot) => Step)(doc, at);
}

/** The loop a new break step most likely means: the nearest loop around the drop place. */
function enclosingLoop(doc: Workflow, at: Slot): string | null {
  let parent = at.parent;
  while (parent) {
    const step = findStep(doc, parent);
    if (step?.type === 'loop') return step.id;
    parent = slotOf(doc, parent)?.parent ?? null;
  }
  return null;
}

/** Apply a drop on `slot`: insert a new step or move an existing one. Returns the step id to select. */
export function applyDrop(
  doc: Workflow,
  data: DataTransfer,
  slot: Slot,
): { doc: Workflow; stepId: string } | null {
  const moving = data.getData(MOVE_STEP_TYPE);
  if (moving) return { doc: moveStep(doc, moving, slot), stepId: moving };
  const raw = data.getData(NEW_STEP_TYPE);
  if (!raw) return null;
  const item = JSON.parse(raw) as NewStepItem;
  const step = makeStep(doc, item, slot);
  return { doc: insertStep(doc, slot, step), stepId: step.id };
}

export function isOurDrag(data: DataTransfer): boolean {
  return data.types.includes(NEW_STEP_TYPE) || data.types.includes(MOVE_STEP_TYPE);
}
