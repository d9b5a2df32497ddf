// Copy, paste and duplicate of steps. A pasted step (with every step nested in it) gets new
// ids that no step of the workflow has; mappings inside the copy that point at a step of the
// copy (`$.steps.loop-1.value` in the loop's own body, a break's loop) follow it to its new
// id, and every other mapping is kept as it was (it still means the step it named).
import { eachStep } from '../../../engine/model/each-step.js';
import { childLists, withChildList } from '../../../engine/model/step-kinds.js';
import { insertStep } from './document.js';
import type { Slot, Step, Workflow } from './types.js';

/** What is on the clipboard: steps as the document has them. */
export interface Clip {
  stepwise: 'steps';
  steps: Step[];
}

export function isClip(value: unknown): value is Clip {
  return (
    !!value &&
    typeof value === 'object' &&
    (value as Clip).stepwise === 'steps' &&
    Array.isArray((value as Clip).steps) &&
    (value as Clip).steps.length > 0
  );
}

function idsIn(steps: Step[]): string[] {
  const ids: string[] = [];
  eachStep(steps, (step) => ids.push(step.id));
  return ids;
}

/** `slack-1` → `slack-<next free>`; `fetch` → `fetch-1`; never an id in `taken` (which it joins). */
function freshId(id: string, taken: Set<string>): string {
  const base = id.replace(/-\d+$/, '') || 'step';
  const pattern = new RegExp(`^${base.replace(/[-]/g, '\\-')}-(\\d+)$`);
  let max = 0;
  for (const used of taken) {
    const m = pattern.exec(used);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const next = `${base}-${max + 1}`;
  taken.add(next);
  return next;
}

const STEP_REF = /\$\.steps\.([A-Za-z][A-Za-z0-9_-]*)(?![A-Za-z0-9_-])/g;
const QUOTED_STEP_REF = /\$\.steps\[(['"])([A-Za-z][A-Za-z0-9_-]*)\1\]/g;

/** Every `$.steps.<id>` (or `$.steps['<id>']`) in a text, for an id in `renamed`, renamed. */
function renameRefs(text: string, renamed: Map<string, string>): string {
  if (!text.includes('$.steps')) return text;
  return text
    .replace(STEP_REF, (whole, id: string) => {
      const to = renamed.get(id);
      return to ? `$.steps.${to}` : whole;
    })
    .replace(QUOTED_STEP_REF, (whole, quote: string, id: string) => {
      const to = renamed.get(id);
      return to ? `$.steps[${quote}${to}${quote}]` : whole;
    });
}

function renameInValue(value: unknown, renamed: Map<string, string>): unknown {
  if (typeof value === 'string') return renameRefs(value, renamed);
  if (Array.isArray(value)) return value.map((v) => renameInValue(v, renamed));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renameInValue(v, renamed)]),
    );
  return value;
}

function renameStep(step: Step, renamed: Map<string, string>): Step {
  let copy = renameInValue(step, renamed) as Step;
  copy.id = renamed.get(step.id) ?? step.id;
  if (step.type === 'break' && copy.type === 'break')
    copy.loop = renamed.get(step.loop) ?? step.loop;
  // The nested steps again, from the original: their own ids are renamed too.
  for (const list of childLists(step))
    copy = withChildList(
      copy,
      list.key,
      list.steps.map((s) => renameStep(s, renamed)),
    );
  return copy;
}

/**
 * The clip's steps as they go into `doc`: new ids for every step (nested ones too), and the
 * mappings inside them that point into the clip renamed. `renamed` maps old ids to new.
 */
export function freshCopy(
  doc: Workflow,
  steps: Step[],
): { steps: Step[]; renamed: Map<string, string> } {
  const taken = new Set(idsIn(doc.steps ?? []));
  const renamed = new Map<string, string>();
  for (const id of idsIn(steps)) renamed.set(id, freshId(id, taken));
  return { steps: steps.map((s) => renameStep(s, renamed)), renamed };
}

/** Paste `clip` at `at` (its steps one after the other). Returns the document and the new top ids. */
export function pasteSteps(doc: Workflow, clip: Clip, at: Slot): { doc: Workflow; ids: string[] } {
  const { steps } = freshCopy(doc, clip.steps);
  let next = doc;
  steps.forEach((step, i) => {
    next = insertStep(next, { ...at, index: at.index + i }, step);
  });
  return { doc: next, ids: steps.map((s) => s.id) };
}

/** A clip of one step, with everything nested in it (a deep copy: later edits do not reach it). */
export function clipOf(step: Step): Clip {
  return { stepwise: 'steps', steps: [structuredClone(step)] };
}
