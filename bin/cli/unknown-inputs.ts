// Input names an operation does not have. The operations' schemas drop unknown names silently,
// so a misspelt or guessed input (`threadTs` for `thread_ts`, `sort` for `sort_by`) would
// otherwise do nothing without a word. The CLI prints them as warnings; the run goes on.
import { z } from 'zod';
import { eachStep, type Catalog, type Workflow } from '../../engine/index.js';

type JsonSchema = {
  properties?: Record<string, unknown>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

function inputNames(schema: z.ZodType): string[] | undefined {
  const names = new Set<string>();
  let open = false;
  const walk = (s: JsonSchema): void => {
    if (s.properties) for (const name of Object.keys(s.properties)) names.add(name);
    else if (!s.anyOf && !s.oneOf && !s.allOf) open = true;
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(branch);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  // A schema that takes any object (a record) has no fixed names to compare with.
  return open ? undefined : [...names];
}

/** One warning line per input name a step gives that its operation does not take. */
export function unknownInputWarnings(workflow: Workflow, catalog: Catalog): string[] {
  const warnings: string[] = [];
  eachStep(workflow.steps, (step, path) => {
    if (!('connector' in step)) return;
    const op = catalog.get(step.connector, step.operation);
    const known = op ? inputNames(op.input) : undefined;
    if (!known) return;
    for (const name of Object.keys(step.input ?? {})) {
      if (known.includes(name)) continue;
      const near = known.find(
        (k) => k.toLowerCase().replace(/_/g, '') === name.toLowerCase().replace(/_/g, ''),
      );
      warnings.push(
        `${path}.input.${name}: Step "${step.id}": ${step.connector}.${step.operation} has no input "${name}", so it is ignored (${near ? `did you mean "${near}"?` : `its inputs are ${known.join(', ')}`})`,
      );
    }
  });
  return warnings;
}
