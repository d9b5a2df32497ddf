// Reading the JSON Schemas the server sends (z.toJSONSchema output) for the forms.
import type { JsonSchema } from '../graph/scope-tree.js';

export function humanize(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** The schema without a nullable wrapper: `anyOf: [X, {type: 'null'}]` → X. */
export function unwrap(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const real = options.filter((o) => o.type !== 'null');
    if (real.length === 1)
      return {
        ...real[0],
        title: schema.title ?? real[0].title,
        description: schema.description ?? real[0].description,
      };
  }
  return schema;
}

export type FieldKind =
  | 'enum'
  | 'boolean'
  | 'number'
  | 'string'
  | 'object'
  | 'record'
  | 'array'
  | 'json';

export function fieldKind(schema: JsonSchema): FieldKind {
  const s = unwrap(schema);
  if (Array.isArray(s.enum)) return 'enum';
  if (s.const !== undefined) return 'enum';
  const type = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null')[0] : s.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'string') return 'string';
  if (type === 'object' && s.properties && Object.keys(s.properties).length > 0) return 'object';
  // Names chosen by the person, each with a value (headers, query parameters): rows of both.
  if (
    type === 'object' &&
    s.additionalProperties !== undefined &&
    s.additionalProperties !== false &&
    typeof s.additionalProperties === 'object'
  )
    return 'record';
  // A list of things a form can show (text, numbers, choices, objects with fields): one row per item.
  if (type === 'array' && s.items && !Array.isArray(s.items) && fieldKind(s.items) !== 'json')
    return 'array';
  return 'json';
}

export function enumValues(schema: JsonSchema): unknown[] {
  const s = unwrap(schema);
  if (Array.isArray(s.enum)) return s.enum;
  return s.const !== undefined ? [s.const] : [];
}

/** True when a string is an acceptable value (so JSON text that does not parse may stay text). */
export function acceptsString(schema: JsonSchema): boolean {
  const s = unwrap(schema);
  const options = s.anyOf ?? s.oneOf;
  if (options) return options.some(acceptsString);
  return (
    s.type === undefined ||
    s.type === 'string' ||
    (Array.isArray(s.type) && s.type.includes('string'))
  );
}

/** A blank value of a schema's kind, for a new row in a list. */
export function emptyValue(schema: JsonSchema): unknown {
  const s = unwrap(schema);
  if (s.default !== undefined) return s.default;
  switch (fieldKind(s)) {
    case 'enum':
      return enumValues(s)[0];
    case 'boolean':
      return false;
    case 'number':
      return 0;
    case 'object':
    case 'record':
      return {};
    case 'array':
      return [];
    default:
      return '';
  }
}
