// Document operations: every edit the canvas makes is one of these, each returning a NEW
// document that shares the untouched parts with the old one (so undo is a stack of
// documents and unchanged steps keep their identity for memoised nodes).
import { eachStep } from '../../../engine/model/each-step.js';
import {
  childListAt,
  childLists as kindChildLists,
  stepAtPath,
  stepKind as kindOfStep,
  withChildList,
} from '../../../engine/model/step-kinds.js';
import type { Branch, Slot, Step, StepKind, Workflow } from './types.js';

export function stepKind(step: Step): StepKind {
  return kindOfStep(step);
}

/** The child lists a step shows as lanes, in drawing order (engine/model/step-kinds.ts). */
export function childLists(step: Step): { branch: Branch; title: string; steps: Step[] }[] {
  return kindChildLists(step).map((c) => ({ branch: c.key, title: c.title, steps: c.steps }));
}

function listOf(step: Step, branch: Branch): Step[] {
  return childListAt(step, branch);
}

/** One level of a step's address: `index` in the list `branch` of the previous level's step. */
interface ChainLink {
  branch: Branch;
  index: number;
}

/** The address of a step from the top level down, or null when no step has that id. */
function locate(doc: Workflow, stepId: string): ChainLink[] | null {
  const walk = (list: Step[], branch: Branch, chain: ChainLink[]): ChainLink[] | null => {
    for (let index = 0; index < list.length; index++) {
      const step = list[index];
      const here = [...chain, { branch, index }];
      if (step.id === stepId) return here;
      for (const child of childLists(step)) {
        const found = walk(child.steps, child.branch, here);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(doc.steps ?? [], 'steps', []);
}

export function findStep(doc: Workflow, stepId: string): Step | null {
  const chain = locate(doc, stepId);
  if (!chain) return null;
  let list = doc.steps;
  let step: Step | null = null;
  for (const link of chain) {
    step = (step ? listOf(step, link.branch) : list)[link.index];
    list = [];
  }
  return step;
}

/** Where a step is: its parent, branch and index. */
export function slotOf(doc: Workflow, stepId: string): Slot | null {
  const chain = locate(doc, stepId);
  if (!chain) return null;
  let parent: string | null = null;
  let step: Step | null = null;
  for (let i = 0; i < chain.length - 1; i++) {
    step = (step ? listOf(step, chain[i].branch) : doc.steps)[chain[i].index];
    parent = step.id;
  }
  const last = chain[chain.length - 1];
  return { parent, branch: last.branch, index: last.index };
}

function rebuild(list: Step[], chain: ChainLink[], change: (step: Step) => Step): Step[] {
  const [head, ...rest] = chain;
  const copy = list.slice();
  const step = list[head.index];
  copy[head.index] =
    rest.length === 0
      ? change(step)
      : withChildList(step, rest[0].branch, rebuild(listOf(step, rest[0].branch), rest, change));
  return copy;
}

/** Replace one step (found by id) with `change(step)`. */
export function updateStep(doc: Workflow, stepId: string, change: (step: Step) => Step): Workflow {
  const chain = locate(doc, stepId);
  if (!chain) throw new Error(`There is no step "${stepId}" in this workflow`);
  return { ...doc, steps: rebuild(doc.steps, chain, change) };
}

function updateList(
  doc: Workflow,
  parent: string | null,
  branch: Branch,
  change: (list: Step[]) => Step[],
): Workflow {
  if (parent === null) return { ...doc, steps: change(doc.steps ?? []) };
  return updateStep(doc, parent, (step) =>
    withChildList(step, branch, change(listOf(step, branch))),
  );
}

function idsIn(steps: Step[]): string[] {
  const ids: string[] = [];
  eachStep(steps, (step) => ids.push(step.id));
  return ids;
}

/** Put `step` at `at` (its index is clamped to the list). */
export function insertStep(doc: Workflow, at: Slot, step: Step): Workflow {
  const ids = new Set(idsIn(doc.steps ?? []));
  // The new step and every step nested in it, at any depth.
  for (const id of idsIn([step])) {
    if (ids.has(id)) throw new Error(`A step with the id "${id}" is already in this workflow`);
  }
  return updateList(doc, at.parent, at.branch, (list) => {
    const index = Math.max(0, Math.min(at.index, list.length));
    return [...list.slice(0, index), step, ...list.slice(index)];
  });
}

export function deleteStep(doc: Workflow, stepId: string): Workflow {
  const slot = slotOf(doc, stepId);
  if (!slot) throw new Error(`There is no step "${stepId}" in this workflow`);
  return updateList(doc, slot.parent, slot.branch, (list) =>
    list.filter((_, i) => i !== slot.index),
  );
}

/** True when `stepId` is `ancestorId` or inside it. */
function isInside(doc: Workflow, stepId: string, ancestorId: string): boolean {
  if (stepId === ancestorId) return true;
  const ancestor = findStep(doc, ancestorId);
  if (!ancestor) return false;
  const walk = (list: Step[]): boolean =>
    list.some((s) => s.id === stepId || childLists(s).some((c) => walk(c.steps)));
  return childLists(ancestor).some((c) => walk(c.steps));
}

/**
 * Move a step to `to` (an index in the list as it is BEFORE the move, like a drop zone
 * shows it). Moving a container into itself is refused with an error.
 */
export function moveStep(doc: Workflow, stepId: string, to: Slot): Workflow {
  const from = slotOf(doc, stepId);
  if (!from) throw new Error(`There is no step "${stepId}" in this workflow`);
  if (to.parent !== null && isInside(doc, to.parent, stepId)) {
    throw new Error(`A step cannot be moved inside itself ("${stepId}")`);
  }
  const step = findStep(doc, stepId) as Step;
  const sameList = from.parent === to.parent && from.branch === to.branch;
  const index = sameList && from.index < to.index ? to.index - 1 : to.index;
  if (sameList && index === from.index) return doc;
  const without = deleteStep(doc, stepId);
  return updateList(without, to.parent, to.branch, (list) => {
    const i = Math.max(0, Math.min(index, list.length));
    return [...list.slice(0, i), step, ...list.slice(i)];
  });
}

/** The next free id for a new step: `totango-1`, `totango-2`, `loop-1`… (never reuses a number in use). */
export function newStepId(doc: Workflow, connector: string): string {
  const base = connector.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'step';
  const pattern = new RegExp(`^${base.replace(/[-]/g, '\\-')}-(\\d+)$`);
  let max = 0;
  for (const id of idsIn(doc.steps ?? [])) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${base}-${max + 1}`;
}

/** How a step appears in a mapping picker: an earlier step, an enclosing loop, or the step whose error branch we are in. */
export interface ScopeEntry {
  stepId: string;
  step: Step;
  role: 'earlier' | 'loop' | 'error';
}

/**
 * The steps whose outputs a step may map from, outermost first: earlier steps in its own
 * list and in every enclosing list, its enclosing loops (`value`, `index`), and a step
 * whose error branch it is in (`error`). A loop's body steps are not in scope after the
 * loop (WORKFLOW-FORMAT.md); neither is a boolean whose branch we are in (it has no
 * output until it ends). `includeSelf` adds the step itself (what a loop's `collect`,
 * evaluated after its last body step, can see).
 */
export function stepsInScope(doc: Workflow, stepId: string, includeSelf = false): ScopeEntry[] {
  const chain = locate(doc, stepId);
  if (!chain) return [];
  const scope: ScopeEntry[] = [];
  if (includeSelf)
    chain[chain.length - 1] = {
      ...chain[chain.length - 1],
      index: chain[chain.length - 1].index + 1,
    };
  let list = doc.steps;
  for (let level = 0; level < chain.length; level++) {
    const { index } = chain[level];
    for (let i = 0; i < index; i++)
      scope.push({ stepId: list[i].id, step: list[i], role: 'earlier' });
    const here = list[index];
    const next = chain[level + 1];
    if (!next) break;
    const role = kindChildLists(here).find((c) => c.key === next.branch)?.role;
    if (role === 'body') scope.push({ stepId: here.id, step: here, role: 'loop' });
    if (role === 'error') scope.push({ stepId: here.id, step: here, role: 'error' });
    list = listOf(here, next.branch);
  }
  return scope;
}

/** Every step, depth first, in document order. */
export function allSteps(doc: Workflow): Step[] {
  const out: Step[] = [];
  eachStep(doc.steps ?? [], (step) => out.push(step));
  return out;
}

/**
 * The step a problem path such as `steps.1.steps.0.input.text` concerns, and the rest of
 * the path (`input.text`); null for problems of the workflow itself (`name`, `trigger`).
 */
export function stepForPath(doc: Workflow, path: string): { stepId: string; field: string } | null {
  const found = stepAtPath(doc.steps ?? [], path);
  return found ? { stepId: found.step.id, field: found.field } : null;
}
