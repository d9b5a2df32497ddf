// The key that encrypts authentications and webhook tokens: STEPWISE_SECRET_KEY, else a
// `secret.key` file in the data folder made on first start (mode 0600). Read once at start;
// made only when the database holds nothing encrypted (see key-check.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Accepts 64 hex characters or base64 of exactly 32 bytes. */
export function parseSecretKey(text: string, source: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return bytes;
  throw new Error(
    `${source} must be 64 hex characters or the base64 of 32 bytes (e.g. the output of "openssl rand -hex 32")`,
  );
}

export function loadSecretKey(
  env: { STEPWISE_SECRET_KEY?: string },
  dataDir: string,
  options: { missing?: (keyFile: string) => Error } = {},
): { key: Buffer; source: string } {
  if (env.STEPWISE_SECRET_KEY)
    return {
      key: parseSecretKey(env.STEPWISE_SECRET_KEY, 'STEPWISE_SECRET_KEY'),
      source: 'STEPWISE_SECRET_KEY',
    };
  const file = join(dataDir, 'secret.key');
  if (existsSync(file))
    return { key: parseSecretKey(readFileSync(file, 'utf8'), file), source: file };
  // No key while the database needs one: refuse, never make a new one (key-check.ts).
  if (options.missing) throw options.missing(file);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process made the file in the meantime, rather than overwriting its key.
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: file };
}
