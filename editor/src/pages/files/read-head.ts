// The first bytes of a data file, without downloading the rest (a file may be gigabytes).
import { shellApi } from '../../api/shell-api.js';

export const HEAD_BYTES = 64 * 1024;

/** Up to `limit` bytes from the start of the file as text, and whether that is all of it. */
export async function readHead(
  path: string,
  limit = HEAD_BYTES,
): Promise<{ text: string; complete: boolean }> {
  const res = await fetch(shellApi.fileUrl(path), { credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new Error(`The server answered ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let complete = false;
  while (received < limit) {
    const { done, value } = await reader.read();
    if (done) {
      complete = true;
      break;
    }
    chunks.push(value);
    received += value.length;
  }
  if (!complete) await reader.cancel();
  const bytes = new Uint8Array(Math.min(received, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  // stream: true keeps a character cut in half at the limit from turning into garbage.
  return { text: new TextDecoder().decode(bytes, { stream: !complete }), complete };
}

/** Text cut at its last whole line (the cut one would show a broken last row). */
export function wholeLines(text: string, complete: boolean): string {
  if (complete) return text;
  const end = text.lastIndexOf('\n');
  return end > 0 ? text.slice(0, end) : text;
}
