import { randomBytes } from 'node:crypto';

/** A random, URL-safe id with a readable prefix: `wf_3k9…`, `run_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
