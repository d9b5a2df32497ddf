// Checking an authentication's fields as typed in a file (the CLI's --auth): what is missing or
// wrong, and names that are not fields at all. The schemas drop unknown keys silently, so a
// typo such as "baseURL" would otherwise send the token to the service's real host.
import { z } from 'zod';
import type { AuthDef } from './types.js';

type JsonSchema = {
  properties?: Record<string, unknown>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

function fieldNames(fields: z.ZodType): string[] {
  const names = new Set<string>();
  const walk = (schema: JsonSchema): void => {
    for (const name of Object.keys(schema.properties ?? {})) names.add(name);
    for (const branch of [
      ...(schema.anyOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.allOf ?? []),
    ])
      walk(branch);
  };
  walk(z.toJSONSchema(fields, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  return [...names];
}

/** Names that are not fields of the authentication at all, each with a hint at the right one. */
export function unknownAuthFields(
  def: AuthDef,
  fields: Record<string, unknown>,
): { field: string; message: string }[] {
  const known = fieldNames(def.fields);
  return Object.keys(fields)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      return {
        field: key,
        message: `Not a field of this authentication (${near ? `did you mean "${near}"?` : `its fields are ${known.join(', ')}`})`,
      };
    });
}

/** One line per problem, `<field>: <what is wrong>`; values are never shown. Empty when the fields are fine. */
export function authFieldProblems(def: AuthDef, fields: Record<string, unknown>): string[] {
  const problems = unknownAuthFields(def, fields).map(
    (u) => `${u.field}: ${u.message.charAt(0).toLowerCase()}${u.message.slice(1)}`,
  );
  const parsed = def.fields.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(
        `${issue.path.join('.') || '(fields)'}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message}`,
      );
    }
  }
  return problems;
}
