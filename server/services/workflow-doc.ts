// Helpers on workflow documents as the API receives them.
import { eachStep, type Step, type Workflow } from '../../engine/index.js';

/** Fields the API adds to a document (GET answers); a client may send them back when saving. */
const SERVER_FIELDS = [
  'id',
  'version',
  'baseVersion',
  'createdAt',
  'updatedAt',
  'ownerId',
  'enabled',
  'webhookUrl',
];

export function stripServerFields(body: Record<string, unknown>): Record<string, unknown> {
  const doc = { ...body };
  for (const key of SERVER_FIELDS) delete doc[key];
  return doc;
}

export interface AuthRef {
  /** Dotted path of the auth value: `steps.1.steps.0.auth` or `steps.0.auth.salesforce`. */
  path: string;
  authId: string;
  stepId: string;
}

/** Every authentication id the steps name, wherever they are nested. */
export function collectAuthRefs(workflow: Workflow): AuthRef[] {
  const refs: AuthRef[] = [];
  eachStep(workflow.steps, (step, path) => {
    if (!('connector' in step)) return;
    const auth = step.auth;
    if (typeof auth === 'string')
      refs.push({ path: `${path}.auth`, authId: auth, stepId: step.id });
    else if (auth)
      for (const [service, id] of Object.entries(auth))
        refs.push({ path: `${path}.auth.${service}`, authId: id, stepId: step.id });
  });
  return refs;
}

/** One place a document names an authentication: a step's `auth`, or the Slack notification's. */
export interface AuthUse {
  path: string;
  authId: string;
  /** The step's id; null for the notification. */
  stepId: string | null;
  /** What uses it, as canonical JSON: a step (without its error branch) or the notification. */
  fingerprint: string;
}

/** Every authentication the document names, with what uses it, to tell changed uses from kept ones. */
export function collectAuthUses(workflow: Workflow): AuthUse[] {
  const uses: AuthUse[] = [];
  eachStep(workflow.steps, (step, path) => {
    if (!('connector' in step) || step.auth === undefined) return;
    // The error branch holds other steps, checked on their own.
    const { error: _branch, ...own } = step as Step & { error?: unknown };
    const fingerprint = canonicalJson(own);
    const ids: [string, string][] =
      typeof step.auth === 'string'
        ? [['', step.auth]]
        : Object.entries(step.auth).map(([service, id]) => [`.${service}`, id]);
    for (const [suffix, authId] of ids)
      uses.push({ path: `${path}.auth${suffix}`, authId, stepId: step.id, fingerprint });
  });
  const slack = workflow.notifications?.slack;
  if (slack)
    uses.push({
      path: 'notifications.slack.auth',
      authId: slack.auth,
      stepId: null,
      fingerprint: canonicalJson(slack),
    });
  return uses;
}

/** JSON with object keys sorted at every depth: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The step with this id anywhere in the document (loop bodies, branches, error sequences). */
export function findStep(steps: Step[] | undefined, stepId: string): Step | undefined {
  let found: Step | undefined;
  eachStep(steps ?? [], (step) => {
    if (!found && step.id === stepId) found = step;
  });
  return found;
}
