// Dynamic choices in the editor (connectors/README.md "Dynamic choices"): a field's JSON
// Schema names the operation that lists its values; POST /api/choices runs it. Plain code:
// whether a list can be asked for yet, and the answers kept for this page's life.
import { api, type ChoicesAnswer } from '../api/client.js';
import type { StepContext } from './step-context.js';

/** The declaration as GET /api/connectors carries it in a field's schema (`choices`). */
export interface ChoicesDeclaration {
  operation: string;
  connector?: string;
  input?: Record<string, unknown>;
  items: string;
  value: string;
  label: string;
  where?: Record<string, unknown>;
  fills?: 'value' | 'key';
}

export function declarationOf(schema: object): ChoicesDeclaration | null {
  const c = (schema as { choices?: unknown }).choices as ChoicesDeclaration | undefined;
  return c && typeof c === 'object' && typeof c.operation === 'string' ? c : null;
}

const isMapped = (v: unknown) =>
  typeof v === 'string' ? /\{\s*\$/.test(v) : !!v && typeof v === 'object' && '$jsonpath' in v;

function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Why the list cannot be asked for yet (no authentication, a field it depends on empty), or null. */
export function notReady(d: ChoicesDeclaration, step: StepContext): string | null {
  const connector = d.connector ?? step.connector;
  const auth =
    typeof step.auth === 'string' ? step.auth : step.auth ? step.auth[connector] : undefined;
  if (!auth) return 'Pick an authentication above to choose from a list, or type the value.';
  for (const source of Object.values(d.input ?? {})) {
    if (!source || typeof source !== 'object' || !('field' in source)) continue;
    const field = String((source as { field: unknown }).field);
    const value = valueAt(step.input, field);
    if (value === undefined || value === '' || value === null)
      return `Fill in "${field}" first to choose from a list, or type the value.`;
    if (isMapped(value))
      return `"${field}" is mapped, so its value is known only when the workflow runs: type the value.`;
  }
  return null;
}

/** The request for a field's list: only the step's parts the declaration uses change it. */
export function choicesQuery(d: ChoicesDeclaration, step: StepContext, field: string) {
  return {
    connector: step.connector,
    operation: step.operation,
    field,
    auth: step.auth,
    input: Object.fromEntries(
      Object.values(d.input ?? {})
        .filter((s): s is { field: string } => !!s && typeof s === 'object' && 'field' in s)
        .map((s) => [s.field.split('.')[0], step.input[s.field.split('.')[0]]]),
    ),
  };
}

const answers = new Map<string, ChoicesAnswer>();

/** The list for a field; kept for the page's life unless `refresh` (the server keeps it a minute too). */
export async function loadChoices(
  query: ReturnType<typeof choicesQuery>,
  refresh = false,
): Promise<ChoicesAnswer> {
  const key = JSON.stringify(query);
  const known = answers.get(key);
  if (known && !refresh) return known;
  const answer = await api.choices({ ...query, ...(refresh ? { refresh: true } : {}) });
  answers.set(key, answer);
  return answer;
}

/** An answer already loaded for this query (to show the label of the current value), or undefined. */
export function knownChoices(query: ReturnType<typeof choicesQuery>): ChoicesAnswer | undefined {
  return answers.get(JSON.stringify(query));
}
