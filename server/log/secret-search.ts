// Finds every known secret form in a log line in one pass over the line, however many forms
// there are. The log's list grows to hundreds of secrets (MAX_LOG_SECRETS, each in half a
// dozen forms: every OAuth token a busy server refreshes joins it), and searching the line once
// per form cost a line about 70 µs at the full list, more than the rest of a run's logging
// (docs/operations.md, "Logs and metrics").
// The line is read a few characters at a time, not one: every STEP-th position, the WINDOW
// characters there are looked up in a table of the windows forms hold at their first STEP
// offsets. A form of MIN_INDEXED characters or more, wherever it sits in the line, holds such a
// position at one of those offsets. Shorter forms (a secret of 6 or 7 characters) are few and
// searched for one by one. Where forms overlap (one secret inside another's encoding, two side
// by side), what they cover together is redacted as one: no tail of a longer form is left.

const WINDOW = 4;
const STEP = 5;
/** A form this long holds a window starting STEP - 1 places in, whatever it is. */
const MIN_INDEXED = WINDOW + STEP - 1;
/** Window hashes some form holds: 2^18 bits (32 KB, a processor's nearest cache). */
const TABLE_BITS = 18;
/** 0x9e3779b1 (2^32 divided by the golden ratio) as a signed 32-bit number. */
const GOLDEN = -1640531535;
/** The most bytes kept between lines for reading them. */
const KEPT_BYTES = 1 << 20;

interface Candidate {
  form: string;
  /** Where in the form the window is. */
  offset: number;
}

export function secretSearch(forms: readonly string[], replacement: string) {
  const byWindow = new Map<number, Candidate[]>();
  const table = new Int32Array((1 << TABLE_BITS) >>> 5);
  const short: string[] = [];
  for (const form of new Set(forms)) {
    if (form.length < MIN_INDEXED) {
      if (form.length > 0) short.push(form);
      continue;
    }
    for (let offset = 0; offset < STEP; offset++) {
      const h = windowHash(form, offset);
      const at = slot(h);
      table[at >>> 5] |= 1 << (at & 31);
      const list = byWindow.get(h);
      if (list) list.push({ form, offset });
      else byWindow.set(h, [{ form, offset }]);
    }
  }

  const every = [...new Set(forms)].filter((form) => form.length > 0);
  /**
   * Candidates checked in one line before the search gives up on windows and looks for each
   * form on its own: secrets made alike (`aaaa…1`, `aaaa…2`, a builder's own) share their
   * windows, and a long line of the same characters then checked thousands of candidates at
   * every window (1.2 s for a 20,000-character line at 256 such secrets).
   */
  const budget = 8 * every.length + 1000;

  /** The line's characters, a byte each (latin1 keeps a character's low byte). */
  let bytes = Buffer.allocUnsafe(4096);
  let view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

  return function redact(line: string): string {
    let found: number[] | undefined;
    const last = line.length - WINDOW;
    if (byWindow.size > 0 && last >= 0) {
      // Kept for the next lines up to 1 MB; a longer line (a huge error) gets its own.
      const huge = line.length > KEPT_BYTES;
      if (!huge && bytes.length < line.length) {
        bytes = Buffer.allocUnsafe(Math.min(line.length * 2, KEPT_BYTES));
        view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      }
      const buffer = huge ? Buffer.allocUnsafe(line.length) : bytes;
      // Read as bytes: V8's charCodeAt checks what kind of string it has at every call, which
      // made it most of the search's cost.
      buffer.write(line, 0, 'latin1');
      const b = huge ? new DataView(buffer.buffer, buffer.byteOffset, buffer.length) : view;
      const bits = table;
      // The constants written out: the compiled loop read module constants (STEP, GOLDEN,
      // TABLE_BITS) from memory at every turn, a large number as a double.
      let checked = 0;
      for (let at = 0; at <= last; at += 5) {
        // The window's 4 bytes as one little-endian number: one read, one bounds check.
        const h = b.getInt32(at, true);
        const bit = Math.imul(h, -1640531535) >>> 14;
        if ((bits[bit >>> 5] & (1 << (bit & 31))) === 0) continue;
        const candidates = byWindow.get(h);
        if (candidates === undefined) continue;
        checked += candidates.length;
        if (checked > budget) {
          const all = eachForm(line, every);
          return all.length ? replaceCovered(line, all, replacement) : line;
        }
        found = formsAt(candidates, line, at, found);
      }
    }
    for (const at of eachForm(line, short)) (found ??= []).push(at);
    return found ? replaceCovered(line, found, replacement) : line;
  };
}

/** Where each form is in the line, as (start, end) pairs, one form at a time. */
function eachForm(line: string, forms: readonly string[]): number[] {
  const found: number[] = [];
  for (const form of forms) {
    for (let at = line.indexOf(form); at !== -1; at = line.indexOf(form, at + 1))
      found.push(at, at + form.length);
  }
  return found;
}

/** Adds to `found` where the forms whose window is at `at` are in the line. */
function formsAt(
  candidates: Candidate[],
  line: string,
  at: number,
  found: number[] | undefined,
): number[] | undefined {
  let out = found;
  for (const { form, offset } of candidates) {
    const start = at - offset;
    if (start >= 0 && line.startsWith(form, start)) (out ??= []).push(start, start + form.length);
  }
  return out;
}

/** The line with each stretch the (start, end) pairs cover together replaced once. */
function replaceCovered(line: string, pairs: number[], replacement: string): string {
  const stretches: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) stretches.push([pairs[i], pairs[i + 1]]);
  stretches.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  let [start, end] = stretches[0];
  for (const [s, e] of stretches) {
    if (s <= end) end = Math.max(end, e);
    else {
      out += line.slice(copied, start) + replacement;
      copied = end;
      start = s;
      end = e;
    }
  }
  return out + line.slice(copied, start) + replacement + line.slice(end);
}

/** The WINDOW characters at `at` of a form: their low bytes, as latin1 and getInt32 read them. */
function windowHash(text: string, at: number): number {
  let h = 0;
  for (let i = WINDOW - 1; i >= 0; i--) h = (h << 8) | (text.charCodeAt(at + i) & 0xff);
  return h;
}

/** The table's bit for a hash: its top bits after a multiplicative mix. */
function slot(h: number): number {
  return Math.imul(h, GOLDEN) >>> (32 - TABLE_BITS);
}
