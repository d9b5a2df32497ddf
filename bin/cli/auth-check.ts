// What the CLI can know about authentications before a run, beyond "the id exists": the
// --auth file knows each authentication's connector, so an entry naming no known connector,
// or a step given another connector's authentication, is an invalid document (exit 2) rather
// than a run that fails at that step halfway through.
import type { Catalog, ResolvedAuth, Step, ValidationProblem, Workflow } from '../../engine/index.js';

/** Entries of the --auth file whose connector the registry does not know, one line each. */
export function unknownAuthConnectors(auths: Map<string, ResolvedAuth>, catalog: Catalog): string[] {
  const known = catalog.connectors();
  return [...auths.values()]
    .filter((a) => !known.includes(a.connector))
    .map((a) => `  ${a.id}.connector: there is no connector "${a.connector}" (known: ${known.join(', ')})`);
}

function children(step: Step): { key: string; steps: Step[] }[] {
  const out: { key: string; steps: Step[] }[] = [];
  const s = step as { steps?: Step[]; true?: Step[]; false?: Step[]; error?: Step[] };
  for (const key of ['steps', 'true', 'false', 'error'] as const) if (Array.isArray(s[key])) out.push({ key, steps: s[key] });
  return out;
}

/** Each step whose authentication (from the --auth file) belongs to another connector than the one it must serve. */
export function authConnectorProblems(workflow: Workflow, auths: Map<string, ResolvedAuth>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const check = (step: Step, path: string, id: string, needs: string, field: string) => {
    const auth = auths.get(id);
    if (auth && auth.connector !== needs) {
      problems.push({ path: `${path}.${field}`, stepId: step.id, message: `Step "${step.id}": the authentication "${id}" is for ${auth.connector}, but this step needs one for ${needs}` });
    }
  };
  const walk = (steps: Step[], at: string) => {
    steps.forEach((step, i) => {
      const path = `${at}.${i}`;
      if ('connector' in step && step.auth !== undefined) {
        if (typeof step.auth === 'string') check(step, path, step.auth, step.connector, 'auth');
        else for (const [service, id] of Object.entries(step.auth)) check(step, path, id, service, `auth.${service}`);
      }
      for (const child of children(step)) walk(child.steps, `${path}.${child.key}`);
    });
  };
  walk(workflow.steps, 'steps');
  return problems;
}
