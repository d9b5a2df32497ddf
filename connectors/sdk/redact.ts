// Removing secrets from captured HTTP exchanges before they reach a record, a log or an error.
import { secretForms } from '../../engine/index.js';
export const REDACTED = '[redacted]';

/** Headers that carry credentials whoever set them. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'app-token',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
]);

/** A header that carries a credential: a well-known one, or one the authentication set. */
export function isCredentialHeader(name: string, setByAuth: Record<string, string> = {}): boolean {
  const lower = name.toLowerCase();
  return (
    CREDENTIAL_HEADERS.has(lower) || Object.keys(setByAuth).some((h) => h.toLowerCase() === lower)
  );
}

/** Largest body kept in a capture; enough to read an error, small enough for a record. */
export const BODY_CAP = 8_192;

export class Redactor {
  private readonly values: string[];
  private readonly headerNames: Set<string>;
  private readonly queryNames: Set<string>;

  constructor(
    opts: { values?: string[]; headers?: Iterable<string>; query?: Iterable<string> } = {},
  ) {
    // Short values would blank out ordinary words; real credentials are longer than this.
    // Each value also in its encoded forms: base64 (a Basic header), URL-encoded, hex, JSON.
    this.values = [
      ...new Set((opts.values ?? []).filter((v) => v.length >= 4).flatMap(secretForms)),
    ].sort((a, b) => b.length - a.length);
    this.headerNames = new Set([
      ...CREDENTIAL_HEADERS,
      ...[...(opts.headers ?? [])].map((h) => h.toLowerCase()),
    ]);
    this.queryNames = new Set(opts.query ?? []);
  }

  text(s: string): string {
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  url(raw: string): string {
    try {
      const u = new URL(raw);
      if (u.password) u.password = 'redacted';
      for (const name of [...u.searchParams.keys()])
        if (this.queryNames.has(name)) u.searchParams.set(name, REDACTED);
      return this.text(u.toString());
    } catch {
      return this.text(raw);
    }
  }

  headers(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h))
      out[k] = this.headerNames.has(k.toLowerCase()) ? REDACTED : this.text(v);
    return out;
  }

  body(b: string | undefined): string | undefined {
    if (b === undefined) return undefined;
    const clean = this.text(b);
    return clean.length > BODY_CAP
      ? `${clean.slice(0, BODY_CAP)}… [${clean.length - BODY_CAP} more characters]`
      : clean;
  }
}
