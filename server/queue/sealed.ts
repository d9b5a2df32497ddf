// Values that cross Redis sealed with the shared STEPWISE_SECRET_KEY (AES-256-GCM, see
// services/cipher.ts): authentications, checkpoints, trigger outputs and connector state. The
// additional data names what the value is for (`run:<id>`), so a sealed value copied to another
// key does not open.
import type { Cipher } from '../services/cipher.js';

export interface Sealer {
  seal(value: unknown, aad: string): string;
  open<T = unknown>(text: string, aad: string): T;
}

export function createSealer(cipher: Cipher): Sealer {
  return {
    seal: (value, aad) => cipher.encrypt(JSON.stringify(value), aad).toString('base64'),
    open: (text, aad) => JSON.parse(cipher.decrypt(Buffer.from(text, 'base64'), aad)),
  };
}

const KEY_CHECK_AAD = 'stepwise-key-check';
const KEY_CHECK_VALUE = 'stepwise key check v1';

export function makeKeyCheck(sealer: Sealer): string {
  return sealer.seal(KEY_CHECK_VALUE, KEY_CHECK_AAD);
}

/** True when `text` was sealed with the same key as `sealer`'s. */
export function keyCheckOpens(sealer: Sealer, text: string): boolean {
  try {
    return sealer.open(text, KEY_CHECK_AAD) === KEY_CHECK_VALUE;
  } catch {
    return false;
  }
}
