// AES-256-GCM with a random 12-byte IV per value; stored as iv (12) + tag (16) + ciphertext.
// The row id is the additional authenticated data, so a ciphertext copied to another row fails.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Cipher {
  encrypt(plain: string, aad: string): Buffer;
  decrypt(blob: Buffer, aad: string): string;
}

export function createCipher(key: Buffer): Cipher {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
  return {
    encrypt(plain, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    decrypt(blob, aad) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
