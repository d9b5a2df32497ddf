// Finds every known secret form in a log line in one pass over the line, however many forms
// there are. The log's list grows to hundreds of secrets (MAX_LOG_SECRETS, each in a dozen
// forms: every OAuth token a busy server refreshes joins it), and searching the line once per
// form cost a line about 70 µs at the full list, more than the rest of a run's logging
// (docs/operations.md, "Logs and metrics"). This is Rabin-Karp: a hash of each form's first
// WINDOW characters; a rolling hash over the line's windows; a table of the hashes there are,
// to pass over almost every window at the cost of a multiplication and a look-up.
// Where forms overlap (one secret inside another's encoding, two secrets side by side), the
// union of what they cover is redacted as one: no tail of a longer form is left behind.

/** Every form is at least this long (log-secrets.ts keeps no shorter secret). */
export const WINDOW = 6;
/**
 * The hash of the last WINDOW characters: each character shifted in by SHIFT bits, so that a
 * character WINDOW places back has left the kept bits (MASK) with no subtraction.
 */
const SHIFT = 5;
const MASK = 2 ** (SHIFT * WINDOW) - 1;
/** Windows whose hash some form starts with: 2^18 bits (32 KB, a processor's nearest cache). */
const TABLE_BITS = 18;
const GOLDEN = 0x9e3779b1;

export function secretSearch(forms: readonly string[], replacement: string) {
  /** Forms by the hash of their first WINDOW characters, longest first. */
  const byStart = new Map<number, string[]>();
  const table = new Int32Array((1 << TABLE_BITS) >>> 5);
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length < WINDOW) throw new Error(`a secret form is shorter than ${WINDOW}`);
    const h = windowHash(form, 0);
    const at = slot(h);
    table[at >>> 5] |= 1 << (at & 31);
    const list = byStart.get(h);
    if (list) list.push(form);
    else byStart.set(h, [form]);
  }

  return function redact(line: string): string {
    const n = line.length;
    if (byStart.size === 0 || n < WINDOW) return line;
    let out = '';
    /** Up to where the line is in `out`, and the covered stretch not yet written. */
    let copied = 0;
    let coverStart = -1;
    let coverEnd = -1;
    let h = windowHash(line, 0);
    for (let start = 0; ; start++) {
      const at = slot(h);
      if ((table[at >>> 5] & (1 << (at & 31))) !== 0) {
        const end = matchAt(byStart.get(h), line, start);
        if (end > 0) {
          if (start <= coverEnd) coverEnd = Math.max(coverEnd, end);
          else {
            if (coverStart >= 0) {
              out += line.slice(copied, coverStart) + replacement;
              copied = coverEnd;
            }
            coverStart = start;
            coverEnd = end;
          }
        }
      }
      const entering = start + WINDOW;
      if (entering >= n) break;
      h = ((h << SHIFT) ^ line.charCodeAt(entering)) & MASK;
    }
    if (coverStart < 0) return line;
    return out + line.slice(copied, coverStart) + replacement + line.slice(coverEnd);
  };
}

/** The end of the longest form found at `start`, or 0. */
function matchAt(candidates: string[] | undefined, line: string, start: number): number {
  if (candidates === undefined) return 0;
  for (const form of candidates) if (line.startsWith(form, start)) return start + form.length;
  return 0;
}

function windowHash(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + WINDOW; i++) h = ((h << SHIFT) ^ text.charCodeAt(i)) & MASK;
  return h;
}

/** The table's entry for a hash: its top bits after a multiplicative mix. */
function slot(h: number): number {
  return Math.imul(h, GOLDEN) >>> (32 - TABLE_BITS);
}
