// The size bound on a record's input and output: big values are cut with a visible marker.
import { holdsLongList, jsonByteSize, writeJsonPieces } from './json-pieces.js';

export interface TruncatedMarker {
  $truncated: true;
  /** Size of the whole value as JSON, in bytes (UTF-8). */
  bytes: number;
  /** Bytes of JSON text kept in `preview`. */
  keptBytes: number;
  preview: string;
}

/** `value` itself when its JSON fits in `maxBytes`, otherwise the marker. */
export function boundValue(value: unknown, maxBytes: number): unknown {
  if (
    value === undefined ||
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  )
    return value ?? null;
  // A long list (a CSV's rows, a loop's items) is measured without building its whole JSON
  // text: a record's cost must not grow with the data it shows.
  if (holdsLongList(value)) return boundLarge(value, maxBytes);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    return { $unserializable: true, reason: (err as Error).message };
  }
  if (json === undefined) return null;
  // UTF-8 never has fewer bytes than UTF-16 code units, so short text needs no byte count.
  if (json.length * 3 <= maxBytes) return value;
  const bytes = utf8Length(json);
  if (bytes <= maxBytes) return value;
  return marker(bytes, cutToBytes(json, maxBytes));
}

function marker(bytes: number, preview: string): TruncatedMarker {
  return { $truncated: true, bytes, keptBytes: utf8Length(preview), preview };
}

/** The bound for a big value: its size (measured once per list) and its JSON's first bytes. */
function boundLarge(value: unknown, maxBytes: number): unknown {
  let bytes: number;
  const head: string[] = [];
  try {
    bytes = jsonByteSize(value);
    if (bytes <= maxBytes) return value;
    // Characters never outnumber bytes: past maxBytes characters the preview is complete.
    let chars = 0;
    writeJsonPieces(value, (piece) => {
      head.push(piece);
      chars += piece.length;
      return chars <= maxBytes;
    });
  } catch (err) {
    return { $unserializable: true, reason: (err as Error).message };
  }
  return marker(bytes, cutToBytes(head.join(''), maxBytes));
}

function utf8Length(text: string): number {
  // Node's native count when there is one (the engine also runs its model in browsers).
  const buffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;
  if (buffer) return buffer.byteLength(text);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    if (size === 4) i++;
  }
  return text.slice(0, i);
}
