// JSON equality, as a branch compares its value with each case: same JSON value, whatever
// the order of an object's keys. No coercion: "1" is not 1 (unlike the boolean step's
// forgiving `equals`), because a case is a literal the author typed as JSON.
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  return (
    keys.length === otherKeys.length &&
    keys.every((k) => k in right && jsonEqual(left[k], right[k]))
  );
}
