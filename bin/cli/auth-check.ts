// What the CLI can know about authentications before a run, beyond "the id exists": the
// --auth file knows each authentication's connector, so an entry naming no known connector,
// or a step given another connector's authentication, is an invalid document (exit 2) rather
// than a run that fails at that step halfway through.
import {
  eachStep,
  type Catalog,
  type ResolvedAuth,
  type Step,
  type ValidationProblem,
  type Workflow,
} from '../../engine/index.js';

/** Entries of the --auth file whose connector the registry does not know, one line each. */
export function unknownAuthConnectors(
  auths: Map<string, ResolvedAuth>,
  catalog: Catalog,
): string[] {
  const known = catalog.connectors();
  return [...auths.values()]
    .filter((a) => !known.includes(a.connector))
    .map(
      (a) =>
        `  ${a.id}.connector: there is no connector "${a.connector}" (known: ${known.join(', ')})`,
    );
}

/** Each step whose authentication (from the --auth file) belongs to another connector than the one it must serve. */
export function authConnectorProblems(
  workflow: Workflow,
  auths: Map<string, ResolvedAuth>,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const check = (step: Step, path: string, id: string, needs: string, field: string) => {
    const auth = auths.get(id);
    if (auth && auth.connector !== needs) {
      problems.push({
        path: `${path}.${field}`,
        stepId: step.id,
        message: `Step "${step.id}": the authentication "${id}" is for ${auth.connector}, but this step needs one for ${needs}`,
      });
    }
  };
  eachStep(workflow.steps, (step, path) => {
    if (!('connector' in step) || step.auth === undefined) return;
    if (typeof step.auth === 'string') check(step, path, step.auth, step.connector, 'auth');
    else
      for (const [service, id] of Object.entries(step.auth))
        check(step, path, id, service, `auth.${service}`);
  });
  return problems;
}
