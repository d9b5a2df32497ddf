// Salesforce ids are case-sensitive in their 15-character form; the 18-character form adds a
// 3-character suffix that encodes the case of the first 15. Totango stores External IDs in
// lowercase, so the sync restores the real id from the suffix before calling Salesforce.
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The real-case id of an 18-character id in any case; other values come back unchanged. */
export function restoreIdCase(id: string): string {
  if (!/^[a-zA-Z0-9]{18}$/.test(id)) return id;
  const suffix = id.slice(15).toUpperCase();
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX.indexOf(suffix[chunk]);
    if (bits < 0) return id;
    for (let i = 0; i < 5; i++) {
      const c = id[chunk * 5 + i];
      out += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return out + suffix;
}

/** The form Totango keeps (and the sync compares): lowercase. */
export function externalIdOf(id: string): string {
  return id.toLowerCase();
}

export function looksLikeSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id);
}
