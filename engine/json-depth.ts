// How deeply a JSON text nests objects and lists, read without parsing it. Parsing a
// 100,000-deep body is quick, but every recursive walk after it (the schema, the recorder,
// JSON.stringify) overflows the stack: a deep body is refused before it is parsed.
// Bytes or text: the characters that count ({ [ ] } " \) are ASCII, never inside a UTF-8 sequence.

const OPEN_OBJECT = 0x7b;
const OPEN_LIST = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_LIST = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when `json` nests objects and lists more than `max` levels deep. */
export function jsonDeeperThan(json: string | Uint8Array, max: number): boolean {
  const text = typeof json === 'string';
  const length = json.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = text ? (json as string).charCodeAt(i) : (json as Uint8Array)[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_LIST) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) depth--;
  }
  return false;
}

/** The default deepest nesting accepted (STEPWISE_MAX_JSON_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 64;
