// The storage a step can keep values in (HELPERS.md "storage"): per run, per workflow, or for
// the whole account (installation). The host implements StepStorage (the server in SQLite, the
// queue worker in Redis, the CLI and tests in memory); the rules every implementation applies
// (key length, value size, what append and increment accept) live here, once.
import { StepError } from '../errors/step-error.js';

export const STORAGE_SCOPES = ['run', 'workflow', 'account'] as const;
export type StorageScope = (typeof STORAGE_SCOPES)[number];

export const MAX_STORAGE_KEY_LENGTH = 256;
/** A value is at most this many bytes of JSON (UTF-8). */
export const MAX_STORAGE_VALUE_BYTES = 1024 * 1024;

export interface StoredValue {
  found: boolean;
  value: unknown;
}

/**
 * One run's view of storage. `run` values belong to this run (the host drops them when the run
 * ends), `workflow` values to this run's workflow, `account` values to every workflow. Each
 * method is one atomic step: two runs incrementing the same key never lose an increment.
 */
export interface StepStorage {
  get(scope: StorageScope, key: string): Promise<StoredValue>;
  set(scope: StorageScope, key: string, value: unknown): Promise<void>;
  /** Adds the items at the end of the list at `key` (a missing key is an empty list); the new length. */
  append(scope: StorageScope, key: string, items: unknown[]): Promise<number>;
  /** Adds `by` to the number at `key` (a missing key is 0); the new value. */
  increment(scope: StorageScope, key: string, by: number): Promise<number>;
  /** Whether there was a value to delete. */
  delete(scope: StorageScope, key: string): Promise<boolean>;
  /** Keys starting with `prefix`, sorted. */
  listKeys(scope: StorageScope, prefix: string): Promise<string[]>;
}

/** Who owns a scope's keys: the run, the workflow, or '' for the account. */
export function storageOwner(
  scope: StorageScope,
  ids: { runId: string; workflowId: string | undefined },
): string {
  if (scope === 'run') return ids.runId;
  if (scope === 'workflow') return ids.workflowId ?? '';
  return '';
}

/** UTF-8 length without Buffer (the editor bundles the engine too). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The JSON text to store, or a step error naming the key when it is over 1 MiB. */
export function encodeStoredValue(key: string, value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value);
  // Cheap first: a text shorter than a quarter of the limit is under it whatever its characters.
  if (text.length * 4 > MAX_STORAGE_VALUE_BYTES) {
    const bytes = utf8Length(text);
    if (bytes > MAX_STORAGE_VALUE_BYTES)
      throw new StepError(
        'VALUE_TOO_LARGE',
        `The value for storage key "${key}" is ${bytes} bytes of JSON; a stored value can be at most ${MAX_STORAGE_VALUE_BYTES} bytes (1 MiB). Store a smaller value, or split it over several keys.`,
        { details: { key, bytes, maxBytes: MAX_STORAGE_VALUE_BYTES } },
      );
  }
  return text;
}

/** The list after `append`, or a step error when the key holds something else than a list. */
export function appendedList(key: string, current: StoredValue, items: unknown[]): unknown[] {
  if (!current.found || current.value === null) return [...items];
  if (!Array.isArray(current.value))
    throw new StepError(
      'INPUT_INVALID',
      `input "key": storage key "${key}" holds ${kind(current.value)}, not a list, so nothing can be appended to it. Use another key, or delete this one first.`,
      { details: { field: 'key', key } },
    );
  return [...current.value, ...items];
}

/** The number after `increment`, or a step error when the key holds something else than a number. */
export function incrementedNumber(key: string, current: StoredValue, by: number): number {
  if (!current.found || current.value === null) return by;
  if (typeof current.value !== 'number')
    throw new StepError(
      'INPUT_INVALID',
      `input "key": storage key "${key}" holds ${kind(current.value)}, not a number, so it cannot be incremented. Use another key, or delete this one first.`,
      { details: { field: 'key', key } },
    );
  return current.value + by;
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'an object';
}

/**
 * Storage in memory: the CLI's and the engine's default (values last as long as the process).
 * `forRun` gives one run's view; `clearRun` drops its run values, as a host does at the run's end.
 */
export function createMemoryStorage(): {
  forRun(ids: { runId: string; workflowId: string | undefined }): StepStorage;
  clearRun(runId: string): void;
} {
  const spaces = new Map<string, Map<string, string>>();
  const space = (scope: StorageScope, owner: string, create: boolean) => {
    const name = `${scope}\u0000${owner}`;
    let map = spaces.get(name);
    if (!map && create) spaces.set(name, (map = new Map()));
    return map;
  };
  const read = (map: Map<string, string> | undefined, key: string): StoredValue => {
    const text = map?.get(key);
    return text === undefined
      ? { found: false, value: null }
      : { found: true, value: JSON.parse(text) };
  };
  return {
    forRun(ids) {
      const at = (scope: StorageScope, create = false) =>
        space(scope, storageOwner(scope, ids), create);
      return {
        async get(scope, key) {
          return read(at(scope), key);
        },
        async set(scope, key, value) {
          const text = encodeStoredValue(key, value);
          at(scope, true)?.set(key, text);
        },
        async append(scope, key, items) {
          const map = at(scope, true) as Map<string, string>;
          const list = appendedList(key, read(map, key), items);
          map.set(key, encodeStoredValue(key, list));
          return list.length;
        },
        async increment(scope, key, by) {
          const map = at(scope, true) as Map<string, string>;
          const value = incrementedNumber(key, read(map, key), by);
          map.set(key, encodeStoredValue(key, value));
          return value;
        },
        async delete(scope, key) {
          return at(scope)?.delete(key) ?? false;
        },
        async listKeys(scope, prefix) {
          return [...(at(scope)?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort();
        },
      };
    },
    clearRun(runId) {
      spaces.delete(`run\u0000${runId}`);
    },
  };
}
