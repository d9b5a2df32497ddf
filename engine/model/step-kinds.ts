// The one table of step kinds: which kinds exist and which child step lists each has.
// Every walker (engine, server, editor, CLI) goes through `childLists`, so a new kind's
// nested steps are found everywhere once its entry is written here. The tables keyed by
// `StepKind` (here, the engine's handlers, validate's checks, the editor's nodes, forms and
// debug views) are `Record<StepKind, …>`: adding a kind to STEP_KINDS makes the compiler
// point at each of them. No Node-only imports: the editor bundles this file.
import type { Step } from './workflow.schema.js';

export const STEP_KINDS = [
  'connector',
  'loop',
  'boolean',
  'break',
  'branch',
  'delay',
  'terminate',
  'call',
  'respond',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** The step type of a kind (`connector` is the kind of a step without `type`). */
export type StepOfKind<K extends StepKind> = K extends 'connector'
  ? Extract<Step, { connector: string }>
  : Extract<Step, { type: K }>;

/**
 * How the steps of a child list see scope: a loop `body` runs once per item and its
 * outputs leave scope when the loop ends; a `path` (a branch of a condition) runs at most
 * once and its outputs stay in scope after it; `error` is a step's error branch.
 */
export type ChildRole = 'body' | 'path' | 'error';

export interface ChildList {
  /** Dotted path from the step to the list: `steps`, `true`, `cases.2.steps`, `default`, `error`. */
  key: string;
  /** What a person calls it: "Each item", "True", "Gold", "Default", "On error". */
  title: string;
  role: ChildRole;
  steps: Step[];
}

/** A list read defensively: walkers also run on documents that have not passed the schema. */
function list(value: unknown): Step[] {
  return Array.isArray(value) ? (value as Step[]) : [];
}

/** Each kind's own child lists, in drawing order (the error branch is added by `childLists`). */
export const CHILD_LISTS: { [K in StepKind]: (step: StepOfKind<K>) => ChildList[] } = {
  connector: () => [],
  loop: (step) => [{ key: 'steps', title: 'Each item', role: 'body', steps: list(step.steps) }],
  boolean: (step) => [
    { key: 'true', title: 'True', role: 'path', steps: list(step.true) },
    { key: 'false', title: 'False', role: 'path', steps: list(step.false) },
  ],
  break: () => [],
  branch: (step) => [
    ...(Array.isArray(step.cases) ? step.cases : []).map(
      (c, i): ChildList => ({
        key: `cases.${i}.steps`,
        title: caseTitle(c, i),
        role: 'path',
        steps: list(c?.steps),
      }),
    ),
    { key: 'default', title: 'Default', role: 'path', steps: list(step.default) },
  ],
  delay: () => [],
  terminate: () => [],
  call: () => [],
  respond: () => [],
};

/**
 * What a branch's case is called, in its lane and in its records' place (`branch-1[Gold]`):
 * its label, else its `equals` value as text, else its index.
 */
export function caseTitle(
  c: { label?: unknown; equals?: unknown } | undefined,
  index: number,
): string {
  if (typeof c?.label === 'string' && c.label) return c.label;
  if (c?.equals === undefined) return String(index);
  return typeof c.equals === 'string' ? c.equals : JSON.stringify(c.equals);
}

/** The kind of a step; an unknown `type` (a document that has not passed the schema) is null. */
export function kindOf(step: { type?: unknown }): StepKind | null {
  const type = step.type ?? 'connector';
  return (STEP_KINDS as readonly unknown[]).includes(type) ? (type as StepKind) : null;
}

/** The kind of a parsed step. */
export function stepKind(step: Step): StepKind {
  return (step.type ?? 'connector') as StepKind;
}

/**
 * Every child list of a step, the error branch last. Safe on raw documents: a step of an
 * unknown kind has only its error branch, and a missing list reads as empty.
 */
export function childLists(step: Step): ChildList[] {
  const kind = kindOf(step as { type?: unknown });
  const own = kind ? (CHILD_LISTS[kind] as (s: Step) => ChildList[])(step) : [];
  const error = (step as { error?: unknown }).error;
  return Array.isArray(error)
    ? [...own, { key: 'error', title: 'On error', role: 'error', steps: error as Step[] }]
    : own;
}

/** The child list at `key` (`cases.1.steps`), or an empty list. */
export function childListAt(step: Step, key: string): Step[] {
  let current: unknown = step;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object') return [];
    current = (current as Record<string, unknown>)[part];
  }
  return list(current);
}

/** A copy of `step` whose list at `key` is `steps` (the rest is shared, not copied). */
export function withChildList(step: Step, key: string, steps: Step[]): Step {
  const set = (target: unknown, parts: string[]): unknown => {
    const [head, ...rest] = parts;
    const value = rest.length === 0 ? steps : set(at(target, head), rest);
    if (Array.isArray(target)) {
      const copy = target.slice();
      copy[Number(head)] = value;
      return copy;
    }
    return { ...(target as Record<string, unknown>), [head]: value };
  };
  return set(step, key.split('.')) as Step;
}

function at(target: unknown, key: string): unknown {
  return target !== null && typeof target === 'object'
    ? (target as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The deepest step a dotted document path such as `steps.1.cases.0.steps.2.input.text`
 * is in, and the rest of the path (`input.text`); null when it names no step. Works on
 * raw documents (schema problems are placed on their step too); `chain` is every step on
 * the way, outermost first.
 */
export function stepAtPath(
  steps: unknown,
  path: string,
): { step: Step; stepPath: string; field: string; chain: Step[] } | null {
  const parts = path.split('.');
  if (parts[0] !== 'steps' || !/^\d+$/.test(parts[1] ?? '')) return null;
  let step: Step | undefined = list(steps)[Number(parts[1])];
  if (!step || typeof step !== 'object') return null;
  const chain = [step];
  let i = 2;
  for (;;) {
    const rest = parts.slice(i).join('.');
    const child: ChildList | undefined = childLists(step).find((c) => rest.startsWith(`${c.key}.`));
    if (!child) break;
    const after: number = i + child.key.split('.').length;
    const index: string | undefined = parts[after];
    const next: Step | undefined = /^\d+$/.test(index ?? '')
      ? child.steps[Number(index)]
      : undefined;
    if (!next || typeof next !== 'object') break;
    step = next;
    chain.push(next);
    i = after + 1;
  }
  return { step, stepPath: parts.slice(0, i).join('.'), field: parts.slice(i).join('.'), chain };
}
