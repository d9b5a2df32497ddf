// Helpers on workflow documents as the API receives them.
import type { Step, Workflow } from '../../engine/index.js';

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
  const walk = (steps: Step[] | undefined, base: string) => {
    steps?.forEach((step, i) => {
      const path = `${base}.${i}`;
      if (!('type' in step) || step.type === undefined || step.type === 'connector') {
        const auth = (step as { auth?: string | Record<string, string> }).auth;
        if (typeof auth === 'string')
          refs.push({ path: `${path}.auth`, authId: auth, stepId: step.id });
        else if (auth)
          for (const [service, id] of Object.entries(auth))
            refs.push({ path: `${path}.auth.${service}`, authId: id, stepId: step.id });
      }
      if ('steps' in step) walk(step.steps, `${path}.steps`);
      if ('true' in step) walk(step.true, `${path}.true`);
      if ('false' in step) walk(step.false, `${path}.false`);
      walk(step.error, `${path}.error`);
    });
  };
  walk(workflow.steps, 'steps');
  return refs;
}

/** The step with this id anywhere in the document (loop bodies, branches, error sequences). */
export function findStep(steps: Step[] | undefined, stepId: string): Step | undefined {
  for (const step of steps ?? []) {
    if (step.id === stepId) return step;
    const nested = [
      'steps' in step ? step.steps : undefined,
      'true' in step ? step.true : undefined,
      'false' in step ? step.false : undefined,
      step.error,
    ];
    for (const list of nested) {
      const found = findStep(list, stepId);
      if (found) return found;
    }
  }
  return undefined;
}
