// Real-looking 18-character Salesforce ids: a 15-character case-sensitive id plus the
// 3-character case checksum, so the connector's case restoring is tested against real ids.
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function checksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i])) bits |= 1 << i;
    out += SUFFIX[bits];
  }
  return out;
}

export function makeIdFactory(seed = 1): (prefix: string) => string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  return (prefix) => {
    // Mixed case on purpose: lowercasing such an id loses information the checksum restores.
    let body = '';
    for (let i = 0; i < 12; i++) body += CHARS[next() % CHARS.length];
    const id15 = prefix + body;
    return id15 + checksum(id15);
  };
}
