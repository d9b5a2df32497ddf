// Dotted paths into plain JSON values: `account.tier`, `owners.0.email`, with an optional `@.`
// in front (the list filter's "relative to each item"). Reading never throws; writing copies
// the objects along the path, so the step's input is never changed in place.
import { invalid } from './invalid.js';

export type Path = readonly string[];

/** Split a path; `field` names the input in the error for an empty segment (`a..b`). */
export function parsePath(path: string, field: string): Path {
  const trimmed = path.trim();
  const body = trimmed === '@' ? '' : trimmed.startsWith('@.') ? trimmed.slice(2) : trimmed;
  if (body === '') return [];
  const parts = body.split('.');
  if (parts.some((p) => p === ''))
    throw invalid(
      field,
      `"${path}" is not a path: write field names joined by dots, such as account.tier`,
    );
  return parts;
}

export function getPath(value: unknown, path: Path): { found: boolean; value: unknown } {
  let current = value;
  for (const part of path) {
    if (Array.isArray(current)) {
      const index = Number(part);
      if (!Number.isInteger(index) || index < 0 || index >= current.length)
        return { found: false, value: undefined };
      current = current[index];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, part)) {
      current = (current as Record<string, unknown>)[part];
    } else return { found: false, value: undefined };
  }
  return { found: true, value: current };
}

/** A copy of `target` with `value` at `path`; missing objects along the way are created. */
export function setPath(target: unknown, path: Path, value: unknown, field: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(target)) {
    const index = Number(head);
    if (!Number.isInteger(index) || index < 0)
      throw invalid(field, `"${head}" is not a position in a list (use 0, 1, 2…)`);
    const copy = [...target];
    copy[index] = setPath(target[index], rest, value, field);
    for (let i = 0; i < copy.length; i++) if (copy[i] === undefined) copy[i] = null;
    return copy;
  }
  const base =
    target !== null && typeof target === 'object' ? (target as Record<string, unknown>) : {};
  return { ...base, [head]: setPath(base[head], rest, value, field) };
}
