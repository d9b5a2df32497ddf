// JSONPath evaluation, our own: parsed once (path-syntax.ts, filter.ts), evaluated over the
// run document with a budget of work (limits.ts), so no path can stall or crash the server.
// Paths of plain names and indexes (nearly every mapping) take a short walk with no budget.
import { childOf, indexOf } from './filter.js';
import { engineLimits } from '../limits.js';
import { PathError, spend, type Work } from './path-error.js';
import { readPath, type Selector } from './path-syntax.js';

export { PathError, MappingWorkError } from './path-error.js';

export interface ParsedPath {
  path: string;
  /**
   * Segments after `$` as text, e.g. ['steps', 'loop-1', 'value']; a selector that is not a
   * name or an index appears as written (`*`, `..`, `[?(…)]`). Shared: never mutate.
   */
  segments: readonly string[];
  /** No wildcard, filter, slice, union or `..`: the path names at most one value. */
  definite: boolean;
  /** Only plain names and indexes (`$.steps.loop-1.value.name`, `$.a[0]`). */
  simple: boolean;
  selectors: readonly Selector[];
}

const cache = new Map<string, ParsedPath>();

/**
 * Parse (and cache) a path. Throws a PathError with a readable message when it is not a
 * JSONPath, or uses what mappings do not allow (`forbidden`: a method call, a regular
 * expression, a script expression, more characters than the limit).
 */
export function parsePath(path: string): ParsedPath {
  if (typeof path !== 'string' || !path.startsWith('$')) {
    throw new PathError(
      `"${String(path).slice(0, 200)}" is not a JSONPath: it must start with "$", e.g. $.steps.totango-1.hits`,
    );
  }
  const { maxPathLength } = engineLimits();
  if (path.length > maxPathLength) {
    throw new PathError(
      `the path "${path.slice(0, 60)}…" has ${path.length.toLocaleString('en-US')} characters; a mapping path can have at most ${maxPathLength.toLocaleString('en-US')} (the setting STEPWISE_MAPPING_MAX_PATH_LENGTH)`,
      true,
    );
  }
  const hit = cache.get(path);
  if (hit) return hit;
  const selectors = readPath(path);
  const definite = selectors.every((s) => s.kind === 'name' || s.kind === 'index');
  const segments = selectors.flatMap(segmentText);
  const simple =
    definite &&
    selectors.every((s) =>
      s.kind === 'index' ? s.index >= 0 : /^[A-Za-z0-9_-]+$/.test((s as { name: string }).name),
    );
  const parsed: ParsedPath = { path, segments, definite, simple, selectors };
  if (cache.size > 10_000) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

function segmentText(s: Selector): string[] {
  switch (s.kind) {
    case 'name':
      return [s.name];
    case 'index':
      return [String(s.index)];
    case 'wildcard':
      return ['*'];
    case 'descendant':
      return ['..', ...segmentText(s.then)];
    case 'filter':
      return [s.source];
    case 'slice':
      return [`${s.start ?? ''}:${s.end ?? ''}${s.step === null ? '' : `:${s.step}`}`];
    case 'union':
      return [s.items.flatMap(segmentText).join(',')];
  }
}

/**
 * Every match of the path in `doc`, in document order. Throws MappingWorkError when the
 * evaluation would look at more values than the limit allows.
 */
export function evaluatePath(parsed: ParsedPath, doc: unknown): unknown[] {
  const limit = engineLimits().maxWork;
  const work: Work = { left: limit, limit, path: parsed.path };
  let nodes: unknown[] = [doc];
  for (const selector of parsed.selectors) {
    const next: unknown[] = [];
    for (const node of nodes) apply(selector, node, doc, next, work);
    nodes = next;
    if (nodes.length === 0) break;
  }
  return nodes;
}

function apply(s: Selector, node: unknown, root: unknown, out: unknown[], work: Work): void {
  switch (s.kind) {
    case 'name': {
      const value = childOf(node, s.name);
      if (value !== undefined) out.push(value);
      return;
    }
    case 'index': {
      const value = indexOf(node, s.index);
      if (value !== undefined) out.push(value);
      return;
    }
    case 'wildcard':
      return eachChild(node, work, (value) => out.push(value));
    case 'slice':
      return slice(s, node, out, work);
    case 'union':
      for (const item of s.items) apply(item, node, root, out, work);
      return;
    case 'filter': {
      const { test, cost } = s.filter;
      return eachChild(node, work, (value) => {
        spend(work, cost);
        if (test(value, root, work)) out.push(value);
      });
    }
    case 'descendant':
      return descend(s.then, node, root, out, work);
  }
}

/** The items of a list or the values of an object. */
function eachChild(node: unknown, work: Work, each: (value: unknown) => void): void {
  if (Array.isArray(node)) {
    spend(work, node.length);
    for (let i = 0; i < node.length; i++) if (node[i] !== undefined) each(node[i]);
  } else if (node !== null && typeof node === 'object') {
    const values = Object.values(node);
    spend(work, values.length);
    for (const value of values) if (value !== undefined) each(value);
  }
}

/**
 * `..`: `then` on the value and on every list and object inside it, parents before children
 * (as jsonpath-plus). An explicit stack, not recursion: deep data cannot overflow it.
 * Below 16 levels a value costs more, (d/16)² at depth d: `..*` answers every subtree, and
 * writing them all out (records, checkpoints) grows with the cube of the depth, so deep data
 * must not turn a small budget into an enormous answer (2,000 levels took 11 s to record).
 */
function descend(then: Selector, node: unknown, root: unknown, out: unknown[], work: Work): void {
  const stack: unknown[] = [node];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const current = stack.pop();
    const depth = depths.pop() as number;
    apply(then, current, root, out, work);
    if (current === null || typeof current !== 'object') continue;
    const children = Array.isArray(current) ? current : Object.values(current);
    spend(work, (children.length + 1) * depthCost(depth + 1));
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== null && typeof child === 'object') {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
}

function depthCost(depth: number): number {
  return depth <= 16 ? 1 : Math.ceil((depth / 16) ** 2);
}

/** Python-style [start:end:step] (RFC 9535), negative numbers counting from the end. */
function slice(
  s: Extract<Selector, { kind: 'slice' }>,
  node: unknown,
  out: unknown[],
  work: Work,
): void {
  if (!Array.isArray(node)) return;
  const len = node.length;
  const step = s.step ?? 1;
  if (step === 0) return;
  const bound = (n: number) => (n >= 0 ? Math.min(n, len) : Math.max(len + n, 0));
  if (step > 0) {
    const lower = s.start === null ? 0 : bound(s.start);
    const upper = s.end === null ? len : bound(s.end);
    spend(work, Math.max(0, Math.ceil((upper - lower) / step)));
    for (let i = lower; i < upper; i += step) if (node[i] !== undefined) out.push(node[i]);
  } else {
    const upper = s.start === null ? len - 1 : Math.min(bound(s.start), len - 1);
    const lower = s.end === null ? -1 : Math.max(bound(s.end), -1);
    spend(work, Math.max(0, Math.ceil((upper - lower) / -step)));
    for (let i = upper; i > lower; i += step) if (node[i] !== undefined) out.push(node[i]);
  }
}

/**
 * The value a definite path names, or undefined when it names nothing. A walk over names
 * and indexes: no list is built, nothing to budget (its length is the path's).
 */
export function evaluateDefinite(parsed: ParsedPath, doc: unknown): unknown {
  let current: unknown = doc;
  const selectors = parsed.selectors;
  for (let i = 0; i < selectors.length && current !== undefined; i++) {
    const s = selectors[i];
    current =
      s.kind === 'name'
        ? childOf(current, s.name)
        : indexOf(current, (s as { index: number }).index);
  }
  return current;
}

/**
 * Walk a definite path by hand and say where it stops, for messages such as
 * "(loop-1.value has: display_name, name)". Returns null when the path does lead somewhere.
 */
export function explainMiss(parsed: ParsedPath, doc: unknown): string | null {
  let current: unknown = doc;
  const walked: string[] = [];
  for (const segment of parsed.segments) {
    if (
      current !== null &&
      typeof current === 'object' &&
      Object.prototype.hasOwnProperty.call(current, segment) &&
      (current as Record<string, unknown>)[segment] !== undefined
    ) {
      current = (current as Record<string, unknown>)[segment];
      walked.push(segment);
      continue;
    }
    return describeStop(walked, segment, current);
  }
  return null;
}

function describeStop(walked: string[], missing: string, at: unknown): string {
  if (walked.length === 1 && walked[0] === 'steps') {
    return `no output of step "${missing}" is available here: it has not run yet, or it is out of scope`;
  }
  const label = (walked[0] === 'steps' ? walked.slice(1) : walked).join('.') || '$';
  if (Array.isArray(at)) {
    return /^\d+$/.test(missing)
      ? `${label} is a list of ${at.length} item${at.length === 1 ? '' : 's'}`
      : `${label} is a list, not an object; use an index such as [0]`;
  }
  if (at !== null && typeof at === 'object') {
    const keys = Object.keys(at);
    if (keys.length === 0) return `${label} is an empty object`;
    return `${label} has: ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', ...' : ''}`;
  }
  return `${label} is ${describeValue(at)}`;
}

/** "a number (42)", "text ("abc")", "null": words a non-developer understands. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      return `text (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `${value} (a true/false value)`;
    case 'object': {
      const keys = Object.keys(value as object);
      return keys.length
        ? `an object (with ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''})`
        : 'an empty object';
    }
    default:
      return typeof value;
  }
}
