// Build and read the simple JSONPaths the mapping picker writes: `$.steps.totango-1.hits`,
// `$.steps.loop-1.value['display name']`, `$.steps.x.items[0]`.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function appendKey(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return PLAIN_KEY.test(key)
    ? `${path}.${key}`
    : `${path}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** Split a definite path into keys; null when it has wildcards, filters or other syntax we do not follow. */
export function parsePath(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const keys: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let i = 1;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(m[3].replace(/\\(.)/g, '$1'));
    i = re.lastIndex;
  }
  return keys;
}

/** The value of `{"$jsonpath": "..."}`, or null when `value` is not a JSONPath reference. */
export function jsonPathOf(value: unknown): string | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const path = (value as { $jsonpath?: unknown }).$jsonpath;
    if (typeof path === 'string') return path;
  }
  return null;
}

export type ValueMode = 'value' | 'jsonpath' | 'text';

/** How an input value is edited: a JSONPath reference, text with `{$.…}` mappings, or a plain value. */
export function modeOf(value: unknown): ValueMode {
  if (jsonPathOf(value) !== null) return 'jsonpath';
  if (typeof value === 'string' && /(^|[^\\])\{\$[.[]/.test(value)) return 'text';
  return 'value';
}
