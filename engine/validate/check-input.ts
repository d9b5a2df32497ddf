// Static check of a connector step's input against its operation's schema: a required field
// left out, or a literal value of the wrong kind. Fields whose value comes from a mapping are
// only known at run time, so problems under them are left to the run.
import { compileValue } from '../mapping/compile-value.js';
import { friendlyError } from '../model/friendly-errors.js';
import type { ConnectorStep } from '../model/workflow.schema.js';
import type { OperationRuntime } from '../run/catalog.js';

export interface InputProblem {
  /** Dotted path inside the input: `channel`, `query.count`. */
  field: string;
  message: string;
}

/** The input fields written as literals, and the names of the mapped (or unreadable) ones. */
export function literalInput(step: ConnectorStep): {
  literal: Record<string, unknown>;
  dynamic: Set<string>;
} {
  const literal: Record<string, unknown> = {};
  const dynamic = new Set<string>();
  for (const [key, value] of Object.entries(step.input)) {
    let compiled;
    try {
      compiled = compileValue(value, { stepId: step.id, field: key });
    } catch {
      dynamic.add(key);
      continue;
    }
    if (compiled.constant) literal[key] = compiled.value;
    else dynamic.add(key);
  }
  return { literal, dynamic };
}

export function checkLiteralInput(step: ConnectorStep, op: OperationRuntime): InputProblem[] {
  const { literal, dynamic } = literalInput(step);
  const own = op.checkInput?.(literal) ?? [];
  const parsed = op.input.safeParse(literal, { error: friendlyError });
  if (parsed.success) return own;
  const problems: InputProblem[] = [...own];
  for (const issue of parsed.error.issues) {
    const [top] = issue.path;
    // Root-level rules may depend on mapped fields; mapped fields are checked when the step runs.
    if (top === undefined || dynamic.has(String(top))) continue;
    problems.push({ field: issue.path.map(String).join('.'), message: issue.message });
  }
  return problems;
}
