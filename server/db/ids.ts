import { randomBytes, randomUUID } from 'node:crypto';

/** A random, URL-safe id with a readable prefix: `wf_3k9…`, `auth_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/**
 * An id that sorts by creation time (milliseconds in base 36, then random): rows keyed by it
 * are appended at the end of their B-trees instead of landing on random pages, so a commit
 * writes fewer pages. Used for runs, which are created at a high rate.
 */
export function newTimeOrderedId(prefix: string, now = Date.now()): string {
  // randomUUID draws from a cached pool of random bytes: much cheaper than randomBytes per id.
  const random = randomUUID();
  return `${prefix}_${now.toString(36).padStart(9, '0')}${random.slice(0, 8)}${random.slice(9, 13)}`;
}
