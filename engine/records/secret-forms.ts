// The forms a secret takes on its way through HTTP and JSON, so that redaction finds it in
// any of them: as typed, JSON-escaped, URL-encoded (percent and form encoding), hex, and base64
// (standard and URL-safe). Base64 is also matched where the secret sits inside a longer
// encoded value, as in `Authorization: Basic base64(user:password)`: a secret that starts 0, 1
// or 2 bytes into a 3-byte group encodes to a fixed run of characters once its first 0-2
// bytes are skipped, whatever surrounds it (the technique CI systems use to mask secrets).

/** Secrets shorter than this are matched only as typed: their encodings are too short to be specific. */
export const MIN_DERIVED_LENGTH = 6;
/** A base64 run shorter than this could appear by chance. */
const MIN_BASE64_RUN = 8;

function base64Runs(bytes: Buffer): string[] {
  const runs: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const rest = bytes.subarray(skip);
    // Only whole 3-byte groups: the last partial group depends on what follows the secret.
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    const run = whole.toString('base64');
    if (run.length >= MIN_BASE64_RUN) runs.push(run, whole.toString('base64url'));
  }
  return runs;
}

/**
 * Every form of `secret` worth searching for, longest first (so a longer match is replaced
 * before a shorter one inside it). Short secrets give just themselves.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  if (secret.length >= MIN_DERIVED_LENGTH) {
    const bytes = Buffer.from(secret, 'utf8');
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(bytes.toString('hex'));
    forms.add(bytes.toString('hex').toUpperCase());
    // Whole-value base64 with its padding, then the runs that survive any surroundings.
    forms.add(bytes.toString('base64'));
    for (const run of base64Runs(bytes)) forms.add(run);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
