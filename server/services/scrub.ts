// Removes the decrypted secret values a run used from anything recorded about it.
import type { DebugRecord, ResolvedAuth } from '../../engine/index.js';

const REDACTED = '[redacted]';
// Very short values ("us", "1") would blank out ordinary text; they are not secrets anyway.
const MIN_SECRET_LENGTH = 6;

export function createSecretScrubber() {
  const secrets = new Set<string>();

  function scrubText(text: string): string {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  function scrubValue<T>(value: T): T {
    if (secrets.size === 0 || value === undefined || value === null) return value;
    const text = JSON.stringify(value);
    const clean = scrubText(text);
    if (clean === text) return value;
    try {
      return JSON.parse(clean) as T;
    } catch {
      // A secret that spanned JSON syntax: drop the whole value rather than risk leaking it.
      return REDACTED as T;
    }
  }

  return {
    add(auth: ResolvedAuth, secretFields: readonly string[]): void {
      for (const field of secretFields) {
        const value = auth.fields[field];
        if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) {
          // Search for the JSON-escaped form, as the value appears inside JSON text.
          secrets.add(JSON.stringify(value).slice(1, -1));
        }
      }
    },
    scrubValue,
    scrubRecord(record: DebugRecord): DebugRecord {
      if (secrets.size === 0) return record;
      return {
        ...record,
        input: scrubValue(record.input),
        output: scrubValue(record.output),
        error: scrubValue(record.error),
      };
    },
  };
}
