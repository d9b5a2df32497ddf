// Where the dynamic choices of an operation's fields are declared: every `choices` in its
// input JSON Schema (connectors/README.md, "Dynamic choices"), by the field's path. A path is
// dotted from the input's root; `[]` is a list's item and `*` any key of an object
// (`fields[]`, `mapping.*`). The editor names the field it shows the same way.
import type { ConnectorDescription, DynamicChoices } from '../../connectors/index.js';

type Schema = Record<string, unknown>;

function walk(schema: unknown, path: string, out: Map<string, DynamicChoices>): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (s.choices && !out.has(path)) out.set(path, s.choices as DynamicChoices);
  for (const [key, child] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
    walk(child, path ? `${path}.${key}` : key, out);
  if (s.items) walk(s.items, `${path}[]`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const option of (s[key] as unknown[] | undefined) ?? []) walk(option, path, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    walk(s.additionalProperties, `${path}.*`, out);
}

/** The declarations of every operation, by `connector.operation`, then by field path. */
export function choiceDeclarations(
  described: readonly ConnectorDescription[],
): Map<string, Map<string, DynamicChoices>> {
  const all = new Map<string, Map<string, DynamicChoices>>();
  for (const connector of described)
    for (const operation of connector.operations) {
      const found = new Map<string, DynamicChoices>();
      walk(operation.input, '', found);
      if (found.size) all.set(`${connector.name}.${operation.name}`, found);
    }
  return all;
}

/** The value at a dotted path of an object (`object`, `filter.type`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A value the engine works out at run time (a JSONPath, or text with `{$.…}` in it). */
export function isMapped(value: unknown): boolean {
  if (typeof value === 'string') return /\{\s*\$/.test(value);
  return !!value && typeof value === 'object' && '$jsonpath' in value;
}
