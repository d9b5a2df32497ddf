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

/** The step with this id anywhere in the document (loop bodies, branches, error sequences). */
export function findStep(steps: Step[] | undefined, stepId: string): Step | undefined {
  let found: Step | undefined;
  eachStep(steps ?? [], (step) => {
    if (!found && step.id === stepId) found = step;
  });
  return found;
}
