// Every JSONPath a step's values use, with the input field it sits in.
import { isPathRef } from '../mapping/compile-value.js';
import { parseTemplate } from '../mapping/template.js';

export interface ValueRef {
  /** Dotted path inside the step: `input.text`, `input.conditions.0.left`, `collect`. */
  field: string;
  path: string;
  hasDefault: boolean;
  /**
   * Set for an object that has "$jsonpath" but is not a reference (another key than
   * "default", or a path that is not text): at run time it would be sent as a literal object.
   */
  malformed?: string;
}

export function collectRefs(value: unknown, field: string, into: ValueRef[]): void {
  if (typeof value === 'string') {
    for (const part of parseTemplate(value) ?? [])
      if (typeof part !== 'string') into.push({ field, path: part.path, hasDefault: false });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (isPathRef(value)) {
    into.push({ field, path: value.$jsonpath, hasDefault: 'default' in value });
    return;
  }
  if (!Array.isArray(value) && '$jsonpath' in value) {
    const ref = value as Record<string, unknown>;
    const extra = Object.keys(ref).filter((key) => key !== '$jsonpath' && key !== 'default');
    const malformed =
      typeof ref.$jsonpath !== 'string'
        ? '"$jsonpath" must be a path written as text, such as "$.steps.totango-1.hits"'
        : `a JSONPath reference has only "$jsonpath" and, optionally, "default"; remove ${extra.map((key) => `"${key}"`).join(', ')} (as written, the whole object would be sent as plain data)`;
    into.push({
      field,
      path: typeof ref.$jsonpath === 'string' ? ref.$jsonpath : '',
      hasDefault: 'default' in ref,
      malformed,
    });
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => collectRefs(item, `${field}.${i}`, into));
  else for (const [key, item] of Object.entries(value)) collectRefs(item, `${field}.${key}`, into);
}
