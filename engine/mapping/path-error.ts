// Why a JSONPath cannot be used. `forbidden` marks what mappings refuse on purpose (a method
// call, a regular expression, a script expression, a path past the length limit): those are
// refused when a workflow is saved, not only reported by validate and at run time.
export class PathError extends Error {
  constructor(
    message: string,
    readonly forbidden = false,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

/** An evaluation that looked at more values than `maxWork` allows. */
export class MappingWorkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingWorkError';
  }
}

/** The work left to one evaluation; every value looked at spends from it. */
export interface Work {
  left: number;
  readonly limit: number;
  readonly path: string;
}

export function spend(work: Work, units: number): void {
  work.left -= units;
  if (work.left < 0) {
    throw new MappingWorkError(
      `the path ${work.path} has to look at more than ${work.limit.toLocaleString('en-US')} values, the limit for one mapping; name the fields you need instead of using ".." or "*", or filter a smaller list (the limit is the setting STEPWISE_MAPPING_MAX_WORK)`,
    );
  }
}

/** What a path-reading helper needs: the text and where it is. */
export interface Cursor {
  readonly text: string;
  i: number;
}

export function skipSpaces(c: Cursor): void {
  while (c.i < c.text.length && (c.text[c.i] === ' ' || c.text[c.i] === '\t')) c.i++;
}

/** A quoted name or text ('…' or "…", with \-escapes); the cursor is on the opening quote. */
export function readQuoted(c: Cursor, path: string): string {
  const quote = c.text[c.i];
  const start = c.i;
  let out = '';
  c.i++;
  while (c.i < c.text.length) {
    const ch = c.text[c.i];
    if (ch === quote) {
      c.i++;
      return out;
    }
    if (ch === '\\') {
      const next = c.text[c.i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = c.text.slice(c.i + 2, c.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
          throw new PathError(
            `${path}: "\\u" must be followed by 4 hex digits (character ${c.i + 1})`,
          );
        out += String.fromCharCode(Number.parseInt(hex, 16));
        c.i += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      c.i += 2;
      continue;
    }
    out += ch;
    c.i++;
  }
  throw new PathError(
    `${path}: the text starting at character ${start + 1} has no closing ${quote}`,
  );
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
