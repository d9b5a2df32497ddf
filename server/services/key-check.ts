// The secret key must be the one the database's encrypted data was written with. The database
// records the key's fingerprint (an HMAC of the key, which does not reveal it) the first time;
// a later start with another key, or with none while encrypted data exists, is refused with a
// message that says which key is expected and where it came from. A lost secret.key used to
// be replaced silently by a new one, and every authentication then failed to decrypt.
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createCipher } from './cipher.js';

export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('stepwise key fingerprint v1').digest('hex').slice(0, 16);
}

interface Recorded {
  fingerprint: string;
  source: string;
  recordedAt: string;
}

export interface KeyCheck {
  /** True when the database holds data only a key can read (or has recorded one). */
  needsKey(): boolean;
  /** The refusal when no key is given while one is needed. */
  missing(keyFile: string): Error;
  /** Refuse a key that is not the recorded one (or cannot read the data); record a first key. */
  verify(key: Buffer, source: string, now?: () => Date): void;
}

export function createKeyCheck(db: Database.Database): KeyCheck {
  const recorded = () =>
    db
      .prepare(
        'SELECT fingerprint, source, recorded_at AS recordedAt FROM key_fingerprint WHERE id = 1',
      )
      .get() as Recorded | undefined;
  /** One encrypted value and the additional data it was sealed with, to try a key on. */
  const sample = (): { blob: Buffer; aad: string } | undefined => {
    const auth = db.prepare('SELECT id, fields_enc AS blob FROM authentications LIMIT 1').get() as
      | { id: string; blob: Buffer }
      | undefined;
    if (auth) return { blob: auth.blob, aad: auth.id };
    const hook = db
      .prepare(
        'SELECT id, webhook_token_enc AS blob FROM workflows WHERE webhook_token_enc IS NOT NULL LIMIT 1',
      )
      .get() as { id: string; blob: Buffer } | undefined;
    return hook ? { blob: hook.blob, aad: `webhook:${hook.id}` } : undefined;
  };
  const describe = (r: Recorded) =>
    `fingerprint ${r.fingerprint}, first used from ${r.source} on ${r.recordedAt.slice(0, 10)}`;

  return {
    needsKey: () => recorded() !== undefined || sample() !== undefined,
    missing(keyFile) {
      const r = recorded();
      return new Error(
        `There is no secret key: STEPWISE_SECRET_KEY is not set and ${keyFile} does not exist, but this database holds data encrypted with one${r ? ` (${describe(r)})` : ''}. Stepwise will not make a new key, which could not read the stored authentications and webhook URLs. Put that key back as ${keyFile} (from your backup) or set STEPWISE_SECRET_KEY to it, then start again.`,
      );
    },
    verify(key, source, now = () => new Date()) {
      const fingerprint = keyFingerprint(key);
      const r = recorded();
      if (r) {
        if (r.fingerprint === fingerprint) return;
        throw new Error(
          `The secret key from ${source} (fingerprint ${fingerprint}) is not the key this database's data was encrypted with (${describe(r)}). Start with that key: put it back where it was (${r.source}), from your backup.`,
        );
      }
      // First start with a fingerprint: a database from before it may hold encrypted data;
      // the key must read it before it is recorded as the right one.
      const existing = sample();
      if (existing) {
        try {
          createCipher(key).decrypt(existing.blob, existing.aad);
        } catch {
          throw new Error(
            `The secret key from ${source} (fingerprint ${fingerprint}) cannot read this database's encrypted data (authentications, webhook URLs): it is not the key they were encrypted with. Start with the key this data folder was used with: its secret.key from a backup, or the STEPWISE_SECRET_KEY it ran with.`,
          );
        }
      }
      db.prepare(
        'INSERT INTO key_fingerprint (id, fingerprint, source, recorded_at) VALUES (1, ?, ?, ?)',
      ).run(fingerprint, source, now().toISOString());
    },
  };
}
