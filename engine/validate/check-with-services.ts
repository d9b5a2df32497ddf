// The part of validate that asks the services: for each connector step whose operation has a
// `checkWithService` (the sync jobs: do the mapping's Salesforce fields exist?), resolve the
// step's authentications and let the operation look, with its literal input. It is separate
// from validateWorkflow, which stays synchronous and offline: a step whose authentication
// cannot be resolved, or whose service does not answer in time, adds no problem here (the run
// will say what is wrong); only what the service clearly denies does.
import { StepError } from '../errors/step-error.js';
import { childLists, stepKind } from '../model/step-kinds.js';
import { parseWorkflow, type ConnectorStep, type Step } from '../model/workflow.schema.js';
import type { Catalog, StepLogger } from '../run/catalog.js';
import type { RunOptions, ValidationProblem } from '../run/types.js';
import { resolveStepAuth } from '../steps/resolve-auth.js';
import { literalInput } from './check-input.js';

export interface ServiceCheckOptions {
  catalog: Catalog;
  resolveAuth: NonNullable<RunOptions['resolveAuth']>;
  /** How long all the checks together may take (default 20 s); past it, the rest add nothing. */
  timeoutMs?: number;
  log?: StepLogger;
}

function connectorSteps(steps: readonly Step[], at: string, out: [ConnectorStep, string][]): void {
  steps.forEach((step, i) => {
    const path = `${at}.${i}`;
    if (stepKind(step) === 'connector') out.push([step as ConnectorStep, path]);
    for (const child of childLists(step)) connectorSteps(child.steps, `${path}.${child.key}`, out);
  });
}

export async function checkWithServices(
  doc: unknown,
  opts: ServiceCheckOptions,
): Promise<ValidationProblem[]> {
  const parsed = parseWorkflow(doc);
  if (!parsed.ok) return [];
  const found: [ConnectorStep, string][] = [];
  connectorSteps(parsed.workflow.steps, 'steps', found);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
  const log: StepLogger = opts.log ?? (() => {});
  const problems: ValidationProblem[] = [];
  for (const [step, path] of found) {
    const op = opts.catalog.get(step.connector, step.operation);
    if (!op?.checkWithService || signal.aborted) continue;
    try {
      const auth = await resolveStepAuth(step, op, {
        catalog: opts.catalog,
        resolveAuth: opts.resolveAuth,
        secrets: new Set(),
      });
      const { literal, dynamic } = literalInput(step);
      const answer = await op.checkWithService({
        literal,
        mapped: [...dynamic],
        auth,
        signal,
        log,
      });
      for (const p of answer)
        problems.push({
          path: `${path}.input.${p.field}`,
          stepId: step.id,
          message: `Step "${step.id}", input "${p.field}": ${p.message}`,
        });
    } catch (err) {
      // The authentication or the service could not be used: the static checks and the run say why.
      log('info', `Step "${step.id}": not checked with the service`, {
        reason: err instanceof StepError ? err.code : String(err),
      });
    }
  }
  return problems;
}
