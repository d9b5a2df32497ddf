// The only file that imports the JSONPath library, so the dialect can be swapped in one place.
import { JSONPath } from 'jsonpath-plus';

export interface ParsedPath {
  path: string;
  /** Segments after `$`, e.g. ['steps', 'loop-1', 'value']. Shared: never mutate. */
  segments: readonly string[];
  /** No wildcard, filter, slice, union, script or `..`: the path names at most one value. */
  definite: boolean;
  /** Only plain names and indexes (`$.steps.loop-1.value.name`, `$.a[0]`): walkable by hand. */
  simple: boolean;
}

const cache = new Map<string, ParsedPath>();

/** Parse (and cache) a path. Throws a plain Error with a readable message when it is not a JSONPath. */
export function parsePath(path: string): ParsedPath {
  const hit = cache.get(path);
  if (hit) return hit;
  if (typeof path !== 'string' || !path.startsWith('$')) {
    throw new Error(
      `"${String(path)}" is not a JSONPath: it must start with "$", e.g. $.steps.totango-1.hits`,
    );
  }
  const all = JSONPath.toPathArray(path) as string[];
  const segments = all[0] === '$' ? all.slice(1) : all.slice();
  const definite = !path.includes('..') && segments.every(isPlainSegment);
  const simple = definite && segments.every((segment) => /^[A-Za-z0-9_-]+$/.test(segment));
  const parsed: ParsedPath = { path, segments, definite, simple };
  if (cache.size > 10_000) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

function isPlainSegment(segment: string): boolean {
  return (
    segment !== '*' &&
    segment !== '..' &&
    segment !== '' &&
    !/^[?(@]/.test(segment) &&
    !/[:,*]/.test(segment) &&
    segment !== '~'
  );
}

/**
 * Every match of `path` in `doc`, in document order. jsonpath-plus's default wrapped result
 * is used on purpose: `wrap: false` is several times slower.
 */
export function evaluatePath(path: string, doc: unknown): unknown[] {
  const result = JSONPath({ path, json: doc as object }) as unknown[] | undefined;
  return Array.isArray(result) ? result : [];
}

/**
 * The value a definite path names, or undefined when it names nothing.
 * PERFORMANCE: a path of plain names and indexes (nearly every mapping) is walked by hand,
 * several times faster than the library in a 100,000-item loop. Only a value found that way
 * is returned: a miss goes to jsonpath-plus, which stays the judge of its dialect's extras
 * (such as `.length` of a text).
 */
export function evaluateDefinite(parsed: ParsedPath, doc: unknown): unknown {
  if (parsed.simple) {
    let current: unknown = doc;
    const segments = parsed.segments;
    for (let i = 0; i < segments.length && current !== undefined; i++) {
      current =
        current !== null &&
        typeof current === 'object' &&
        Object.prototype.hasOwnProperty.call(current, segments[i])
          ? (current as Record<string, unknown>)[segments[i]]
          : undefined;
    }
    if (current !== undefined) return current;
  }
  return evaluatePath(parsed.path, doc)[0];
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
