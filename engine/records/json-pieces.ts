// JSON.stringify's text handed out in pieces, so that a big value (a CSV's 100,000 rows) can be
// measured or previewed without ever holding its whole text. Small subtrees go through the
// native JSON.stringify; only long lists (and objects holding one) are walked.

const LONG = 256;
const SLICE = 512;

/** A list of more than 256 items, or an object with one among its own values. */
export function holdsLongList(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > LONG;
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (Array.isArray(v) && v.length > LONG) return true;
  }
  return false;
}

/** Stops a walk early: `out` answered false. */
const STOP = Symbol('stop');

/**
 * Hand `value`'s JSON text to `out` in pieces; joined, they are JSON.stringify(value) ('null'
 * for undefined). `out` may answer false to stop early. Throws as JSON.stringify does (a
 * cycle, a BigInt).
 */
export function writeJsonPieces(value: unknown, out: (piece: string) => boolean | void): void {
  try {
    walk(value, out, new Set());
  } catch (err) {
    if (err !== STOP) throw err;
  }
}

function walk(value: unknown, out: (piece: string) => boolean | void, seen: Set<object>): void {
  const v = toJsonValue(value);
  if (!holdsLongList(v)) {
    if (out(JSON.stringify(v) ?? 'null') === false) throw STOP;
    return;
  }
  const emit = (piece: string) => {
    if (out(piece) === false) throw STOP;
  };
  const obj = v as object;
  if (seen.has(obj)) throw new TypeError('Converting circular structure to JSON');
  seen.add(obj);
  if (Array.isArray(obj)) {
    emit('[');
    for (let i = 0; i < obj.length; i++) {
      const item = toJsonValue(obj[i]);
      if (i > 0) emit(',');
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
        emit('null');
      else walk(item, out, seen);
    }
    emit(']');
  } else {
    emit('{');
    let first = true;
    for (const key of Object.keys(obj)) {
      const item = toJsonValue((obj as Record<string, unknown>)[key]);
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      walk(item, out, seen);
    }
    emit('}');
  }
  seen.delete(obj);
}

// Sizes of long lists already measured, by identity (and length: a list that grew is measured
// again). A loop's record shows the list a step's output holds: it is measured once.
const sizes = new WeakMap<object, { length: number; bytes: number }>();

/** The UTF-8 size of JSON.stringify(value), without building its text. */
export function jsonByteSize(value: unknown): number {
  const v = toJsonValue(value);
  if (!holdsLongList(v)) return utf8Bytes(JSON.stringify(v) ?? 'null');
  if (Array.isArray(v)) {
    const known = sizes.get(v);
    if (known && known.length === v.length) return known.bytes;
    // The native JSON.stringify, a slice at a time: fast, and never the whole text at once.
    let bytes = 2;
    for (let i = 0; i < v.length; i += SLICE) {
      if (i > 0) bytes += 1;
      bytes += utf8Bytes(JSON.stringify(v.slice(i, i + SLICE))) - 2;
    }
    sizes.set(v, { length: v.length, bytes });
    return bytes;
  }
  let bytes = 2;
  let first = true;
  for (const key of Object.keys(v as object)) {
    const item = toJsonValue((v as Record<string, unknown>)[key]);
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    bytes += (first ? 0 : 1) + utf8Bytes(JSON.stringify(key)) + 1 + jsonByteSize(item);
    first = false;
  }
  return bytes;
}

function utf8Bytes(text: string): number {
  const buffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;
  if (buffer) return buffer.byteLength(text);
  return new TextEncoder().encode(text).length;
}

function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJSON.call(value);
  }
  return value;
}
