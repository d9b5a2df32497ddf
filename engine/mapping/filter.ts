// The filter in `[?(…)]`: our own small language, not JavaScript. It compares values of the
// item (`@.status`, `@['display name']`, `@.users[0].email`, `@.tags.length`) and of the run
// document (`$.config.plan`) with text, numbers, true/false/null and lists, joined by
// `&&`, `||`, `!` and parentheses:
//
//   [?(@.status == 'paying')]   [?(@.score >= 50 && @.active)]   [?(@.plan in ['gold', 'silver'])]
//
// Nothing else runs: a method call (`@.name.repeat(9)`), a regular expression, arithmetic or
// any JavaScript name is refused when the path is read, so a filter can neither allocate
// without bound nor backtrack for seconds. Each test costs its size in work units.
import { PathError, readQuoted, skipSpaces, spend, type Cursor, type Work } from './path-error.js';

/** The value of an expression for one item. */
type Eval = (item: unknown, root: unknown, work: Work) => unknown;

export interface Filter {
  test: Eval;
  /** Work units one test spends (the number of parts of the expression). */
  cost: number;
}

const MAX_NESTING = 32;
const WORD = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_$-]/;

interface FilterCursor extends Cursor {
  readonly path: string;
  nodes: number;
}

/** Read a filter from just after `[?` up to (not including) its closing `]`. */
export function readFilter(c: Cursor, path: string): Filter {
  const fc: FilterCursor = Object.assign(c, { path, nodes: 0 });
  const test = orExpr(fc, 0);
  skipSpaces(fc);
  return { test, cost: Math.max(1, fc.nodes) };
}

function fail(c: FilterCursor, message: string, forbidden = false): never {
  throw new PathError(`the filter in ${c.path} ${message}`, forbidden);
}

const at = (c: FilterCursor) => `at character ${c.i + 1}`;

function orExpr(c: FilterCursor, depth: number): Eval {
  if (depth > MAX_NESTING) fail(c, `is nested more than ${MAX_NESTING} levels deep`);
  let left = andExpr(c, depth);
  for (;;) {
    skipSpaces(c);
    if (!c.text.startsWith('||', c.i)) return left;
    c.i += 2;
    c.nodes++;
    const a = left;
    const b = andExpr(c, depth);
    left = (item, root, work) => truthy(a(item, root, work)) || truthy(b(item, root, work));
  }
}

function andExpr(c: FilterCursor, depth: number): Eval {
  let left = unary(c, depth);
  for (;;) {
    skipSpaces(c);
    if (!c.text.startsWith('&&', c.i)) return left;
    c.i += 2;
    c.nodes++;
    const a = left;
    const b = unary(c, depth);
    left = (item, root, work) => truthy(a(item, root, work)) && truthy(b(item, root, work));
  }
}

function unary(c: FilterCursor, depth: number): Eval {
  skipSpaces(c);
  if (c.text[c.i] === '!' && c.text[c.i + 1] !== '=') {
    if (depth > MAX_NESTING) fail(c, `is nested more than ${MAX_NESTING} levels deep`);
    c.i++;
    c.nodes++;
    const inner = unary(c, depth + 1);
    return (item, root, work) => !truthy(inner(item, root, work));
  }
  return comparison(c, depth);
}

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number] | 'in';

function comparison(c: FilterCursor, depth: number): Eval {
  const left = operand(c, depth);
  skipSpaces(c);
  const op = readOperator(c);
  if (!op) return left;
  c.nodes++;
  const right = operand(c, depth);
  return compare(op, left, right);
}

function readOperator(c: FilterCursor): Operator | null {
  const rest = c.text.slice(c.i, c.i + 3);
  if (rest.startsWith('=~'))
    fail(
      c,
      `uses a regular expression (=~ ${at(c)}), which mappings do not allow: ${USE_HELPERS}`,
      true,
    );
  for (const op of OPERATORS) {
    if (rest.startsWith(op)) {
      c.i += op.length;
      return op;
    }
  }
  if (/^in(?![A-Za-z0-9_$])/.test(rest)) {
    c.i += 2;
    return 'in';
  }
  const ch = c.text[c.i];
  if (ch === '=') fail(c, `has a single "=" ${at(c)}: compare with ==`);
  if (ch !== undefined && '+-*/%'.includes(ch))
    fail(c, `does arithmetic ("${ch}" ${at(c)}), which filters cannot do: ${COMPARE_ONLY}`);
  return null;
}

const COMPARE_ONLY =
  'a filter compares values with ==, !=, <, <=, >, >=, in, &&, || and !, e.g. [?(@.status == "paying")]';
const USE_HELPERS = `${COMPARE_ONLY}. To work on text or lists, use a text or list helper step (or a script step) before this one`;

function operand(c: FilterCursor, depth: number): Eval {
  skipSpaces(c);
  c.nodes++;
  const ch = c.text[c.i];
  if (ch === undefined || ch === ']') fail(c, `is missing a value ${at(c)}`);
  if (ch === '(') {
    if (depth >= MAX_NESTING) fail(c, `is nested more than ${MAX_NESTING} levels deep`);
    c.i++;
    const inner = orExpr(c, depth + 1);
    skipSpaces(c);
    if (c.text[c.i] !== ')') fail(c, `has a "(" without its ")" (${at(c)})`);
    c.i++;
    return inner;
  }
  if (ch === "'" || ch === '"') {
    const value = readQuoted(c, c.path);
    return () => value;
  }
  if (/[0-9-]/.test(ch)) {
    const value = readNumber(c);
    return () => value;
  }
  if (ch === '[') {
    const list = readList(c);
    return () => list;
  }
  if (ch === '@' || ch === '$') return readQuery(c);
  if (ch === '/')
    fail(
      c,
      `uses a regular expression (${at(c)}), which mappings do not allow: ${USE_HELPERS}`,
      true,
    );
  if (WORD.test(ch)) {
    const start = c.i;
    while (c.i < c.text.length && /[A-Za-z0-9_$]/.test(c.text[c.i])) c.i++;
    const word = c.text.slice(start, c.i);
    if (word === 'true') return () => true;
    if (word === 'false') return () => false;
    if (word === 'null') return () => null;
    skipSpaces(c);
    if (c.text[c.i] === '(')
      fail(c, `calls the function ${word}(), which mappings do not allow: ${USE_HELPERS}`, true);
    fail(
      c,
      `uses "${word}" (character ${start + 1}), which a filter does not know: use @ for the item (@.status), text in quotes, numbers, true, false or null`,
    );
  }
  fail(c, `has "${ch}" ${at(c)}, which a filter does not understand: ${COMPARE_ONLY}`);
}

function readNumber(c: FilterCursor): number {
  const match = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
  match.lastIndex = c.i;
  const found = match.exec(c.text);
  if (!found) fail(c, `has a "-" that is not part of a number ${at(c)}: ${COMPARE_ONLY}`);
  c.i = match.lastIndex;
  return Number(found[0]);
}

/** A list of plain values, for `in`: ['gold', 'silver'], [1, 2, 3]. */
function readList(c: FilterCursor): unknown[] {
  c.i++;
  const list: unknown[] = [];
  skipSpaces(c);
  if (c.text[c.i] === ']') {
    c.i++;
    return list;
  }
  for (;;) {
    skipSpaces(c);
    const ch = c.text[c.i];
    c.nodes++;
    if (ch === "'" || ch === '"') list.push(readQuoted(c, c.path));
    else if (ch !== undefined && /[0-9-]/.test(ch)) list.push(readNumber(c));
    else if (c.text.startsWith('true', c.i)) list.push(true), (c.i += 4);
    else if (c.text.startsWith('false', c.i)) list.push(false), (c.i += 5);
    else if (c.text.startsWith('null', c.i)) list.push(null), (c.i += 4);
    else
      fail(c, `has a list with something other than text, numbers, true, false or null ${at(c)}`);
    skipSpaces(c);
    if (c.text[c.i] === ',') {
      c.i++;
      continue;
    }
    if (c.text[c.i] === ']') {
      c.i++;
      return list;
    }
    fail(c, `has a list without its closing "]" (${at(c)})`);
  }
}

type Step = { name: string } | { index: number };

/** `@…` or `$…` followed by names and indexes only: one value, or undefined. */
function readQuery(c: FilterCursor): Eval {
  const fromRoot = c.text[c.i] === '$';
  c.i++;
  if (!fromRoot && WORD.test(c.text[c.i] ?? '')) {
    const start = c.i;
    while (c.i < c.text.length && /[A-Za-z]/.test(c.text[c.i])) c.i++;
    fail(
      c,
      `uses @${c.text.slice(start, c.i)}, which a filter does not know: use @ for the item itself, e.g. @.status`,
    );
  }
  const steps: Step[] = [];
  for (;;) {
    const ch = c.text[c.i];
    if (ch === '.' && NAME_CHAR.test(c.text[c.i + 1] ?? '')) {
      const start = ++c.i;
      while (c.i < c.text.length && NAME_CHAR.test(c.text[c.i])) c.i++;
      const name = c.text.slice(start, c.i);
      const after = c.i;
      skipSpaces(c);
      if (c.text[c.i] === '(')
        fail(
          c,
          `calls the method ${name}() (character ${start + 1}), which mappings do not allow: ${USE_HELPERS}`,
          true,
        );
      c.i = after;
      steps.push({ name });
      c.nodes++;
    } else if (ch === '[') {
      c.i++;
      skipSpaces(c);
      const inner = c.text[c.i];
      if (inner === "'" || inner === '"') steps.push({ name: readQuoted(c, c.path) });
      else if (inner !== undefined && /[0-9-]/.test(inner)) {
        const n = readNumber(c);
        if (!Number.isSafeInteger(n)) fail(c, `has an index that is not a whole number ${at(c)}`);
        steps.push({ index: n });
      } else if (inner === '(')
        fail(c, `uses a script expression ${at(c)}, which mappings do not allow`, true);
      else
        fail(
          c,
          `can only use single values inside the filter (a name in quotes or an index, ${at(c)}); use the item's fields, e.g. @.users[0].email`,
        );
      skipSpaces(c);
      if (c.text[c.i] !== ']') fail(c, `has a "[" without its "]" (${at(c)})`);
      c.i++;
      c.nodes++;
    } else if (ch === '.') {
      fail(c, `has a "." that is not followed by a name ${at(c)}`);
    } else break;
  }
  return (item, root) => {
    let value: unknown = fromRoot ? root : item;
    for (let i = 0; i < steps.length && value !== undefined; i++) {
      const step = steps[i];
      value = 'name' in step ? childOf(value, step.name) : indexOf(value, step.index);
    }
    return value;
  };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A field of an object, an item of a list by its number, `length` of a list or a text. */
export function childOf(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return undefined;
  return hasOwn.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** Item `index` of a list (negative counts from the end), or field "<index>" of an object. */
export function indexOf(value: unknown, index: number): unknown {
  if (Array.isArray(value)) return value[index < 0 ? value.length + index : index];
  return childOf(value, String(index));
}

function isPrimitive(v: unknown): v is string | number | boolean | null | undefined {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

function truthy(v: unknown): boolean {
  return Boolean(v);
}

function looseEqual(a: unknown, b: unknown): boolean {
  // Between plain values as JavaScript's == (a number in a text equals the number, null
  // equals a missing field); an object or list equals only itself.
  // biome-ignore lint/suspicious/noDoubleEquals: loose equality between plain values is the filter's ==
  return isPrimitive(a) && isPrimitive(b) ? a == b : a === b;
}

function ordered(a: unknown, b: unknown): boolean {
  return (
    (typeof a === 'number' || typeof a === 'string') &&
    (typeof b === 'number' || typeof b === 'string')
  );
}

function compare(op: Operator, left: Eval, right: Eval): Eval {
  switch (op) {
    case '==':
      return (i, r, w) => looseEqual(left(i, r, w), right(i, r, w));
    case '!=':
      return (i, r, w) => !looseEqual(left(i, r, w), right(i, r, w));
    case '===':
      return (i, r, w) => left(i, r, w) === right(i, r, w);
    case '!==':
      return (i, r, w) => left(i, r, w) !== right(i, r, w);
    case '<':
      return (i, r, w) => {
        const a = left(i, r, w);
        const b = right(i, r, w);
        return ordered(a, b) && (a as number) < (b as number);
      };
    case '<=':
      return (i, r, w) => {
        const a = left(i, r, w);
        const b = right(i, r, w);
        return ordered(a, b) && (a as number) <= (b as number);
      };
    case '>':
      return (i, r, w) => {
        const a = left(i, r, w);
        const b = right(i, r, w);
        return ordered(a, b) && (a as number) > (b as number);
      };
    case '>=':
      return (i, r, w) => {
        const a = left(i, r, w);
        const b = right(i, r, w);
        return ordered(a, b) && (a as number) >= (b as number);
      };
    case 'in':
      return (i, r, w) => isIn(left(i, r, w), right(i, r, w), w);
  }
}

/** `a in b`: an item of a list, a field name of an object, or a piece of a text. */
function isIn(a: unknown, b: unknown, work: Work): boolean {
  if (Array.isArray(b)) {
    spend(work, b.length);
    for (const item of b) if (looseEqual(a, item)) return true;
    return false;
  }
  if (typeof b === 'string') {
    if (typeof a !== 'string' && typeof a !== 'number') return false;
    spend(work, Math.ceil(b.length / 64));
    return b.includes(String(a));
  }
  if (b !== null && typeof b === 'object') {
    return (typeof a === 'string' || typeof a === 'number') && hasOwn.call(b, String(a));
  }
  return false;
}
