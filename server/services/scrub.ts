// Removes the secrets a run used from anything kept or shown about it: records, checkpoints,
// errors, live events and log lines. A secret is found in every form it takes on the way
// (as typed, JSON-escaped, URL-encoded, hex, base64 and inside longer base64 such as a Basic
// header: engine/records/secret-forms.ts), and values under a credential header's name
// (Authorization, Cookie, Set-Cookie, App-Token, X-API-Key, …) are redacted whatever they hold.
// Tokens a connector obtains during the run (an OAuth access token, a session id) are added
// the moment they are obtained (addValue).
import { secretForms, type DebugRecord, type ResolvedAuth } from '../../engine/index.js';
import { logSecrets } from '../log/log-secrets.js';

const REDACTED = '[redacted]';
// Very short values ("us", "1") would blank out ordinary text; they are not secrets anyway.
const MIN_SECRET_LENGTH = 6;

/** Object keys whose string values are credentials by name (HTTP header names, any case). */
const CREDENTIAL_KEYS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'app-token',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

export interface SecretScrubber {
  /** The secret fields of a resolved authentication. */
  add(auth: ResolvedAuth, secretFields: readonly string[]): void;
  /** One secret value (a token obtained at run time), with all its forms. */
  addValue(value: string): void;
  /** Also redact values under this header name (one an authentication sets, e.g. X-Secret). */
  addHeaderName(name: string): void;
  scrubValue<T>(value: T): T;
  scrubText(text: string): string;
  scrubRecord(record: DebugRecord): DebugRecord;
}

export function createSecretScrubber(): SecretScrubber {
  /** Each form as it appears inside JSON text (escaped), and as plain text. */
  const inJson = new Set<string>();
  const plain = new Set<string>();
  const keys = new Set(CREDENTIAL_KEYS);
  let longestKey = Math.max(...[...keys].map((k) => k.length));
  let sortedJson: string[] = [];
  let sortedPlain: string[] = [];

  const longestFirst = (set: Set<string>) => [...set].sort((a, b) => b.length - a.length);

  function addValue(value: string): void {
    if (value.length < MIN_SECRET_LENGTH || plain.has(value)) return;
    // Log lines are scrubbed too, wherever in the process they are written.
    logSecrets.add(value);
    for (const form of secretForms(value)) {
      plain.add(form);
      inJson.add(JSON.stringify(form).slice(1, -1));
    }
    sortedJson = longestFirst(inJson);
    sortedPlain = longestFirst(plain);
  }

  function replaceAll(text: string, forms: readonly string[]): string {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  }

  /** Values under credential names become "[redacted]", at any depth (copies only what changes). */
  function redactByName(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = redactByName(item);
        if (next !== item) (out ??= value.slice())[i] = next;
      }
      return out ?? value;
    }
    // Every record passes here: for-in and a length test keep the walk free of allocations.
    const obj = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key in obj) {
      const item = obj[key];
      const next =
        typeof item === 'string'
          ? key.length >= 6 &&
            key.length <= longestKey &&
            item !== REDACTED &&
            keys.has(key.toLowerCase())
            ? REDACTED
            : item
          : redactByName(item);
      if (next !== item) (out ??= { ...obj })[key] = next;
    }
    return out ?? value;
  }

  function scrubValue<T>(value: T): T {
    if (value === undefined || value === null) return value;
    const named = redactByName(value) as T;
    if (sortedJson.length === 0) return named;
    const text = JSON.stringify(named);
    if (text === undefined) return named;
    const clean = replaceAll(text, sortedJson);
    if (clean === text) return named;
    try {
      return JSON.parse(clean) as T;
    } catch {
      // A secret that spanned JSON syntax: drop the whole value rather than risk leaking it.
      return REDACTED as T;
    }
  }

  return {
    add(auth, secretFields) {
      for (const field of secretFields) {
        const value = auth.fields[field];
        if (typeof value === 'string') addValue(value);
      }
    },
    addValue,
    addHeaderName(name) {
      keys.add(name.toLowerCase());
      longestKey = Math.max(longestKey, name.length);
    },
    scrubValue,
    scrubText: (text) => replaceAll(text, sortedPlain),
    scrubRecord(record) {
      return {
        ...record,
        input: scrubValue(record.input),
        output: scrubValue(record.output),
        error: scrubValue(record.error),
      };
    },
  };
}
