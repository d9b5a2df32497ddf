// Redact before recording: records are stored, streamed to the browser and printed by the CLI.
import { secretForms } from './secret-forms.js';

export const REDACTED = '[redacted]';

/**
 * A copy of `value` in which every occurrence of a secret (as a whole string or inside a
 * longer one, e.g. "Bearer xoxb-…") is replaced. Values without secrets are returned as is.
 */
export function redactSecrets(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  return walk(value, secrets);
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], secrets);
      if (next !== value[i]) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | null = null;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const next = walk(obj[key], secrets);
    const cleanKey = scrub(key, secrets);
    if (next !== obj[key] || cleanKey !== key) {
      out ??= { ...obj };
      if (cleanKey !== key) delete out[key];
      out[cleanKey] = next;
    }
  }
  return out ?? value;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** The input with the operation's secret fields (e.g. a webhook URL) replaced. */
export function redactSecretInputs(input: unknown, secretInputs: readonly string[]): unknown {
  if (
    secretInputs.length === 0 ||
    input === null ||
    typeof input !== 'object' ||
    Array.isArray(input)
  )
    return input;
  const obj = input as Record<string, unknown>;
  if (!secretInputs.some((name) => name in obj)) return input;
  const out = { ...obj };
  for (const name of secretInputs) if (name in out && out[name] !== undefined) out[name] = REDACTED;
  return out;
}

/**
 * String values (at any depth) worth scrubbing everywhere, each with its encoded forms (base64,
 * URL-encoded, hex, JSON-escaped: secret-forms.ts). A secret of 1–2 characters would garble
 * records and is left out.
 */
export function collectSecretStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= 3) for (const form of secretForms(value)) into.add(form);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSecretStrings(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectSecretStrings(item, into);
  }
}
