import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretForms } from '../../engine/index.js';
import { createLogSecrets, MAX_LOG_SECRETS } from '../../server/log/log-secrets.js';
import { secretSearch } from '../../server/log/secret-search.js';

const R = '[redacted]';

/** What the search must answer, the slow way: mark every character some form covers. */
function reference(line: string, forms: string[]): string {
  const covered = new Array<boolean>(line.length).fill(false);
  for (const form of forms)
    for (let at = line.indexOf(form); at !== -1; at = line.indexOf(form, at + 1))
      for (let i = at; i < at + form.length; i++) covered[i] = true;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (!covered[i]) out += line[i];
    else if (i === 0 || !covered[i - 1]) out += R;
  }
  return out;
}

/** Deterministic randomness, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('secretSearch', () => {
  it('replaces a form wherever it is: the start, the end, twice, the whole line', () => {
    const redact = secretSearch(['s3cr3t-value'], R);
    expect(redact('s3cr3t-value and more')).toBe(`${R} and more`);
    expect(redact('a "s3cr3t-value"')).toBe(`a "${R}"`);
    expect(redact('s3cr3t-value')).toBe(R);
    expect(redact('x s3cr3t-value y s3cr3t-value z')).toBe(`x ${R} y ${R} z`);
    expect(redact('nothing here, nothing at all')).toBe('nothing here, nothing at all');
  });

  it('leaves no part of overlapping forms: what they cover together is one [redacted]', () => {
    const redact = secretSearch(['abcdefghij', 'ghijklmnop', 'cdefgh'], R);
    expect(redact('xxabcdefghijklmnopyy')).toBe(`xx${R}yy`);
    // Side by side, and one inside another.
    expect(redact('abcdefghijabcdefghij!')).toBe(`${R}!`);
    expect(redact('-cdefgh-')).toBe(`-${R}-`);
    // Repeated characters: every start counts, not only the first.
    expect(secretSearch(['aaaaaaaa'], R)('aaaaaaaaaaaa.')).toBe(`${R}.`);
  });

  it('reads wide characters and short lines', () => {
    const redact = secretSearch(['pässwörd€', '🔑🔑🔑🔑'], R);
    expect(redact('{"x":"pässwörd€","y":"🔑🔑🔑🔑 🔑"}')).toBe(`{"x":"${R}","y":"${R} 🔑"}`);
    expect(redact('short')).toBe('short');
    expect(redact('')).toBe('');
    expect(secretSearch([], R)('anything at all')).toBe('anything at all');
  });

  it('finds forms of any length, the short ones searched apart', () => {
    const redact = secretSearch(['abcdef', 'abcdefg', 'qwertyuiop'], R);
    expect(redact('1abcdefg2 abcdef3 qwertyuiop')).toBe(`1${R}2 ${R}3 ${R}`);
    expect(redact('abcdeqwertyuiopabcdef')).toBe(`abcde${R}`);
  });

  it('answers what marking every form the slow way answers, on lines full of near misses', () => {
    const next = random(7);
    const pick = (alphabet: string, length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 1000; round++) {
      // Two letters: forms overlap and nearly match all the time.
      const forms = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        pick('ab', 6 + Math.floor(next() * 8)),
      );
      const line = pick('ab"\\', Math.floor(next() * 80));
      expect(secretSearch(forms, R)(line), JSON.stringify({ forms, line })).toBe(
        reference(line, forms),
      );
    }
  });

  it('finds each of some 1,700 forms (the log list at its fullest) inside a log line', () => {
    const secrets = Array.from({ length: 256 }, () => randomBytes(18).toString('base64'));
    const forms = [...new Set(secrets.flatMap((s) => secretForms(s)))];
    expect(forms.length).toBeGreaterThan(1500);
    const redact = secretSearch(forms, R);
    for (const form of forms) {
      const line = `{"event":"step.failed","error":"answered ${form}."}`;
      expect(redact(line)).toBe(reference(line, forms));
      expect(redact(line)).not.toContain(form);
    }
  });
});

describe('hostile lines', () => {
  it('finds every form when secrets made alike share their windows, past the check budget', () => {
    // 300 secrets of one letter and a suffix: every window of a long run of that letter is a
    // candidate for all of them, so the search gives up on windows and looks form by form.
    const forms = Array.from({ length: 300 }, (_, i) => `${'a'.repeat(40)}${i.toString(36)}z`);
    const redact = secretSearch(forms, R);
    const line = `{"error":"${'a'.repeat(20_000)}${forms[299]}","more":"${forms[7]}b"}`;
    expect(redact(line)).toBe(reference(line, forms));
    expect(redact(line)).toBe(`{"error":"${'a'.repeat(20_000)}${R}","more":"${R}b"}`);
  });

  it('reads a line longer than the buffer it keeps (a huge error) and still finds the form', () => {
    const redact = secretSearch(['s3cr3t-value-1234'], R);
    const line = `{"error":"${'x'.repeat(3_000_000)}s3cr3t-value-1234"}`;
    expect(redact(line)).toBe(`{"error":"${'x'.repeat(3_000_000)}${R}"}`);
    expect(redact('short s3cr3t-value-1234 again')).toBe(`short ${R} again`);
  });
});

describe('the log list at its fullest', () => {
  it(`scrubs the first and the last of ${MAX_LOG_SECRETS} secrets in each form`, () => {
    const secrets = createLogSecrets();
    const values = Array.from({ length: MAX_LOG_SECRETS }, () => randomBytes(20).toString('hex'));
    for (const value of values) secrets.add(value);
    for (const value of [values[0], values[values.length - 1]])
      for (const form of secretForms(value)) {
        const line = secrets.scrub(`{"msg":"Bearer ${form}"}`);
        expect(line).toBe(`{"msg":"Bearer ${R}"}`);
      }
  });
});
