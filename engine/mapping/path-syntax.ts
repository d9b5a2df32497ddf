// Reading a JSONPath into selectors, in one pass (the time is linear in the path's length).
// The dialect is the common one jsonpath-plus accepted, minus what runs code:
//   $.steps.totango-1.hits   $['display name']   $.list[0]   $.list[-1]   $.list[*].email
//   $.list[0:10:2]   $.list[0,2]   $['a','b']   $..email   $.list[?(@.status == 'paying')]
// `[(…)]` script expressions are refused (use [-1] for the last item); the filter language
// is in filter.ts.
import { readFilter, type Filter } from './filter.js';
import { PathError, readQuoted, skipSpaces, type Cursor } from './path-error.js';

export type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null }
  | { kind: 'union'; items: Selector[] }
  | { kind: 'filter'; filter: Filter; source: string }
  /** `..` then `then`: `then` applied to the value and every value inside it. */
  | { kind: 'descendant'; then: Selector };

/** The selectors after `$`. Throws PathError with a message that says what and where. */
export function readPath(path: string): Selector[] {
  const c: Cursor = { text: path, i: 1 };
  const selectors: Selector[] = [];
  while (c.i < path.length) {
    const ch = path[c.i];
    if (ch === '.' && path[c.i + 1] === '.') {
      c.i += 2;
      if (c.i >= path.length)
        throw new PathError(`${path} ends with "..": name what to look for, e.g. $..email`);
      selectors.push({
        kind: 'descendant',
        then: path[c.i] === '[' ? bracket(c, path) : dotMember(c, path),
      });
    } else if (ch === '.') {
      c.i++;
      selectors.push(dotMember(c, path));
    } else if (ch === '[') {
      selectors.push(bracket(c, path));
    } else {
      throw new PathError(
        c.i === 1
          ? `${path}: after "$" comes "." or "[", e.g. $.steps.totango-1.hits`
          : `${path}: unexpected "${ch}" at character ${c.i + 1}`,
      );
    }
  }
  return selectors;
}

/** After a dot: `*` or a name running to the next `.` or `[` (ids such as loop-1 included). */
function dotMember(c: Cursor, path: string): Selector {
  const start = c.i;
  while (c.i < path.length && path[c.i] !== '.' && path[c.i] !== '[') c.i++;
  const name = path.slice(start, c.i);
  if (name === '')
    throw new PathError(`${path}: a "." at character ${start} is not followed by a name`);
  if (name === '*') return { kind: 'wildcard' };
  return { kind: 'name', name };
}

const SLICE = /\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?(?=[,\]])/y;
const INDEX = /\s*(-?\d+)\s*(?=[,\]])/y;

function bracket(c: Cursor, path: string): Selector {
  const open = c.i;
  c.i++;
  skipSpaces(c);
  if (path[c.i] === '?') {
    c.i++;
    const filter = readFilter(c, path);
    if (path[c.i] !== ']')
      throw new PathError(
        c.i >= path.length
          ? `${path}: the filter starting at character ${open + 1} has no closing "]"`
          : `the filter in ${path} has "${path[c.i]}" at character ${c.i + 1}, which a filter does not understand; a filter compares values with ==, !=, <, <=, >, >=, in, &&, || and !`,
      );
    c.i++;
    return { kind: 'filter', filter, source: path.slice(open, c.i) };
  }
  if (path[c.i] === '(')
    throw new PathError(
      `${path} uses a script expression [(…)] at character ${c.i + 1}, which mappings do not allow; for the last item of a list use [-1]`,
      true,
    );
  const items: Selector[] = [];
  for (;;) {
    items.push(bracketItem(c, path, open));
    skipSpaces(c);
    if (path[c.i] === ',') {
      c.i++;
      continue;
    }
    if (path[c.i] === ']') {
      c.i++;
      break;
    }
    throw new PathError(`${path}: the "[" at character ${open + 1} has no closing "]"`);
  }
  return items.length === 1 ? items[0] : { kind: 'union', items };
}

function bracketItem(c: Cursor, path: string, open: number): Selector {
  skipSpaces(c);
  const ch = path[c.i];
  if (ch === "'" || ch === '"') return { kind: 'name', name: readQuoted(c, path) };
  if (ch === '*') {
    c.i++;
    return { kind: 'wildcard' };
  }
  INDEX.lastIndex = c.i;
  const index = INDEX.exec(path);
  if (index) {
    c.i = INDEX.lastIndex;
    return { kind: 'index', index: wholeNumber(index[1], path) };
  }
  SLICE.lastIndex = c.i;
  const slice = SLICE.exec(path);
  if (slice) {
    c.i = SLICE.lastIndex;
    const [, start, end, step] = slice;
    const n = (text: string | undefined) => (text === undefined ? null : wholeNumber(text, path));
    return { kind: 'slice', start: n(start), end: n(end), step: n(step) };
  }
  // A bare name, as jsonpath-plus read [name]: up to the next , or ].
  const start = c.i;
  while (c.i < path.length && path[c.i] !== ',' && path[c.i] !== ']') c.i++;
  const name = path.slice(start, c.i).trim();
  if (c.i >= path.length)
    throw new PathError(`${path}: the "[" at character ${open + 1} has no closing "]"`);
  if (name === '') throw new PathError(`${path}: empty brackets at character ${open + 1}`);
  return { kind: 'name', name };
}

function wholeNumber(text: string, path: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new PathError(`${path}: the index ${text} is too large`);
  return n;
}
