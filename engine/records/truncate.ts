// The size bound on a record's input and output: big values are cut with a visible marker.

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
  const preview = cutToBytes(json, maxBytes);
  return {
    $truncated: true,
    bytes,
    keptBytes: utf8Length(preview),
    preview,
  } satisfies TruncatedMarker;
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
