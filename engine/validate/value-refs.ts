// Every JSONPath a step's values use, with the input field it sits in.
import { isPathRef } from '../mapping/compile-value.js';
import { parseTemplate } from '../mapping/template.js';

export interface ValueRef {
  /** Dotted path inside the step: `input.text`, `input.conditions.0.left`, `collect`. */
  field: string;
  path: string;
  hasDefault: boolean;
}

export function collectRefs(value: unknown, field: string, into: ValueRef[]): void {
  if (typeof value === 'string') {
    for (const part of parseTemplate(value) ?? []) if (typeof part !== 'string') into.push({ field, path: part.path, hasDefault: false });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (isPathRef(value)) {
    into.push({ field, path: value.$jsonpath, hasDefault: 'default' in value });
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => collectRefs(item, `${field}.${i}`, into));
  else for (const [key, item] of Object.entries(value)) collectRefs(item, `${field}.${key}`, into);
}
