// The mappings map_object and map_list apply: each copies the value at `from` (a dotted path in
// the source record) to `to` (a dotted path in the result), or `default` when the source has
// none. A mapping with no value and no default leaves its target out rather than writing null.
import { z } from 'zod';
import { getPath, parsePath, setPath, type Path } from '../common/paths.js';

export const mappingsField = z
  .array(
    z.object({
      from: z.string().min(1).meta({
        title: 'From',
        description: 'A field of the source record: Name, Owner.Email, Tags.0.',
      }),
      to: z
        .string()
        .min(1)
        .meta({ title: 'To', description: 'Where it goes in the result: name, owner.email.' }),
      default: z
        .unknown()
        .optional()
        .meta({ title: 'Default', description: 'The value when the source has no such field.' }),
    }),
  )
  .min(1, 'Add at least one mapping')
  .meta({ title: 'Mappings', description: 'Which source field goes to which result field.' });

export const keepUnmappedField = z.boolean().default(false).meta({
  title: 'Keep other fields',
  description: 'Copy the fields no mapping mentions too, unchanged.',
});

type Mapping = z.output<typeof mappingsField>[number];

/** Parse every path once, so a map_list of 100,000 records does not parse them per record. */
export function compileMappings(mappings: Mapping[], field: string) {
  const compiled = mappings.map((m, i) => ({
    from: parsePath(m.from, `${field}.${i}.from`),
    to: parsePath(m.to, `${field}.${i}.to`),
    hasDefault: m.default !== undefined,
    default: m.default,
    where: `${field}.${i}.to`,
  }));
  const mapped = new Set(compiled.map((m) => m.from[0]));
  return (record: Record<string, unknown>, keepUnmapped: boolean): Record<string, unknown> => {
    let result: unknown = keepUnmapped
      ? Object.fromEntries(Object.entries(record).filter(([key]) => !mapped.has(key)))
      : {};
    for (const m of compiled) {
      const got = getPath(record, m.from as Path);
      if (got.found) result = setPath(result, m.to, got.value, m.where);
      else if (m.hasDefault) result = setPath(result, m.to, m.default, m.where);
    }
    return result as Record<string, unknown>;
  };
}
