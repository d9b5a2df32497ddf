// A secret is found in every form it takes: as typed, JSON-escaped, URL- and form-encoded,
// hex, base64, and inside a longer base64 value whatever bytes surround it.
import { describe, expect, it } from 'vitest';
import { secretForms } from '../../engine/index.js';
import { collectSecretStrings, redactSecrets } from '../../engine/records/redact.js';

const SECRET = 'pa$$ "w/rd"+1';

function redacted(text: string): string {
  const set = new Set<string>();
  collectSecretStrings(SECRET, set);
  return redactSecrets(text, [...set]) as string;
}

describe('secret forms', () => {
  it('finds the secret in each encoding', () => {
    const bytes = Buffer.from(SECRET);
    for (const form of [
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      encodeURIComponent(SECRET),
      new URLSearchParams({ s: SECRET }).toString().slice(2),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('base64'),
      bytes.toString('base64url'),
    ])
      expect(redacted(`before ${form} after`)).not.toContain(form);
  });

  it('finds it base64-encoded inside a longer value, at any byte offset', () => {
    for (const prefix of ['', 'u', 'us', 'user:', 'a-longer-user-name:']) {
      const header = `Basic ${Buffer.from(`${prefix}${SECRET}`).toString('base64')}`;
      const clean = redacted(header);
      expect(clean).toContain('[redacted]');
      // What is left decodes to at most a few bytes of the secret.
      const left = clean.replace('Basic ', '').split('[redacted]').join('');
      expect(Buffer.from(left, 'base64').toString('latin1')).not.toContain(SECRET.slice(0, 4));
    }
  });

  it('gives short secrets only as typed (their encodings would match ordinary text)', () => {
    expect(secretForms('abc')).toEqual(['abc']);
    expect(secretForms('abcdef')).toEqual(
      expect.arrayContaining(['abcdef', '616263646566', 'YWJjZGVm']),
    );
  });
});
