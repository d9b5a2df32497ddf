// Which fields of an authentication are secret: the ones marked `.meta({ secret: true })`.
// Read from the JSON Schema so optional/default wrappers and union branches are all seen.
import { z } from 'zod';

type JsonSchema = {
  properties?: Record<string, { secret?: unknown }>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const cache = new WeakMap<z.ZodType, readonly string[]>();

export function secretFieldNames(fields: z.ZodType): readonly string[] {
  const hit = cache.get(fields);
  if (hit) return hit;
  const names = new Set<string>();
  const walk = (schema: JsonSchema): void => {
    for (const [name, prop] of Object.entries(schema.properties ?? {}))
      if (prop.secret === true) names.add(name);
    for (const branch of [
      ...(schema.anyOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.allOf ?? []),
    ])
      walk(branch);
  };
  walk(z.toJSONSchema(fields, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  const list = [...names];
  cache.set(fields, list);
  return list;
}

/** The secret string values among `fields` (what must never appear in a record or log). */
export function secretValues(
  fields: Record<string, unknown> | undefined,
  names: readonly string[],
): string[] {
  if (!fields) return [];
  return names
    .map((n) => fields[n])
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}
