// The secrets every log line is scrubbed of, for the whole process. Each run's scrubber
// (services/scrub.ts) reports the secret values it learns (an authentication's secret fields,
// a token obtained during the run) here too, so a log line written anywhere (a 500's stack, a
// notification that failed, a step's error) loses them in every form they take: as typed,
// JSON-escaped, URL-encoded, hex and base64 (engine/records/secret-forms.ts).
// Bounded: the most recently seen secrets are kept (a long-running server sees new OAuth
// tokens every hour), so memory and the cost of a line stay flat.
import { secretForms } from '../../engine/index.js';
import { secretSearch } from './secret-search.js';

const REDACTED = '[redacted]';
// As in services/scrub.ts: shorter values would blank out ordinary words.
const MIN_SECRET_LENGTH = 6;
/** Secret values remembered at once; the oldest seen is forgotten first. */
export const MAX_LOG_SECRETS = 256;

export interface LogSecrets {
  /** Remember one secret value (idempotent; a known value counts as seen again). */
  add(value: string): void;
  /** The line with every form of every remembered secret replaced by "[redacted]". */
  scrub(line: string): string;
  readonly size: number;
}

export function createLogSecrets(max = MAX_LOG_SECRETS): LogSecrets {
  /** Value → its forms, in the order last seen (a Map keeps insertion order). */
  const known = new Map<string, string[]>();
  /** Replaces every form, as it appears inside a JSON line (escaped) and as typed. */
  let redact = (line: string) => line;

  function rebuild(): void {
    const all = new Set<string>();
    for (const list of known.values())
      for (const form of list) {
        all.add(form);
        // A log line is JSON: a secret holding a quote or a backslash appears escaped there.
        all.add(JSON.stringify(form).slice(1, -1));
      }
    redact = secretSearch([...all], REDACTED);
  }

  return {
    add(value) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
      const seen = known.get(value);
      if (seen) {
        // Seen again: move it to the back, so it is the last to be forgotten.
        known.delete(value);
        known.set(value, seen);
        return;
      }
      known.set(value, secretForms(value));
      if (known.size > max) known.delete(known.keys().next().value as string);
      rebuild();
    },
    scrub(line) {
      return redact(line);
    },
    get size() {
      return known.size;
    },
  };
}

/** The process's list: every scrubber feeds it, every logger reads it. */
export const logSecrets: LogSecrets = createLogSecrets();
