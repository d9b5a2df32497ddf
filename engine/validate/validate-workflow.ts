// validateWorkflow: everything that can be known before a run. The schema first; then, for
// a document that parses, the catalog (connectors, operations, authentications), break
// targets, and every JSONPath: does it name a step in scope here, and, when a recorded
// output of that step is given, a field that output has.
import { parseWorkflow, type Step, type Workflow } from '../model/workflow.schema.js';
import type { Catalog } from '../run/catalog.js';
import type { ValidationProblem } from '../run/types.js';
import { checkLiteralInput } from './check-input.js';
import { checkRef, sampleDocument, type RefScope } from './check-ref.js';
import { collectRefs, type ValueRef } from './value-refs.js';

export interface ValidateOptions {
  /** Whether a stored authentication with this id exists (the server knows; the CLI may not). */
  authExists?: (id: string) => boolean;
}

interface StepInfo {
  order: number;
  isLoop: boolean;
  /** Ids of the loops around the step, outermost first. */
  loops: string[];
}

/**
 * Every problem in a workflow document, each with its path (`steps.1.input.text`), a message
 * and the step it concerns.
 *
 * @example
 * validateWorkflow(doc, catalog, { 'totango-1': lastRun.outputs['totango-1'] })
 * // [{ path: 'steps.1.steps.0.input.text', stepId: 'slack-1', message: 'Step "slack-1", input "text": ...' }]
 */
export function validateWorkflow(
  doc: unknown,
  catalog: Catalog,
  recordedOutputs?: Record<string, unknown>,
  options: ValidateOptions = {},
): ValidationProblem[] {
  const parsed = parseWorkflow(doc);
  if (!parsed.ok) return parsed.problems.map((p) => ({ ...p, ...stepIdAt(doc, p.path) }));
  const workflow = parsed.workflow;
  const problems: ValidationProblem[] = [];
  const infos = new Map<string, StepInfo>();
  indexSteps(workflow.steps, [], infos, { n: 0 });
  const scope: RefScope = {
    inScope: new Set(),
    infos,
    config: workflow.config,
    sample: recordedOutputs ? sampleDocument(workflow, recordedOutputs) : undefined,
  };
  walk(workflow.steps, 'steps', [], scope, { catalog, options, problems, workflow });
  return problems;
}

interface Walk {
  catalog: Catalog;
  options: ValidateOptions;
  problems: ValidationProblem[];
  workflow: Workflow;
}

// Ids are unique here: parseWorkflow already refused a document that repeats one.
function indexSteps(
  steps: readonly Step[],
  loops: string[],
  infos: Map<string, StepInfo>,
  counter: { n: number },
): void {
  for (const step of steps) {
    infos.set(step.id, { order: counter.n++, loops, isLoop: step.type === 'loop' });
    if (step.error) indexSteps(step.error, loops, infos, counter);
    if (step.type === 'loop') indexSteps(step.steps, [...loops, step.id], infos, counter);
    if (step.type === 'boolean') {
      indexSteps(step.true, loops, infos, counter);
      indexSteps(step.false, loops, infos, counter);
    }
  }
}

/** Walk a sequence; `scope.inScope` grows with each step, as in a run. */
function walk(steps: readonly Step[], at: string, loops: string[], scope: RefScope, w: Walk): void {
  steps.forEach((step, i) => {
    const path = `${at}.${i}`;
    const refs = (value: unknown, field: string, within: RefScope = scope) => {
      const found: ValueRef[] = [];
      collectRefs(value, field, found);
      for (const ref of found) {
        const message = checkRef(ref, step.id, within);
        if (message) w.problems.push({ path: `${path}.${ref.field}`, stepId: step.id, message });
      }
    };
    if (step.type === 'loop') {
      refs(step.input, 'input');
      const body = withScope(scope, [step.id]);
      walk(step.steps, `${path}.steps`, [...loops, step.id], body, w);
      // collect is evaluated after each iteration, with the body's outputs still in scope.
      refs(step.collect, 'collect', body);
    } else if (step.type === 'boolean') {
      refs(step.input, 'input');
      const inner = withScope(scope, [step.id]);
      walk(step.true, `${path}.true`, loops, inner, w);
      walk(step.false, `${path}.false`, loops, inner, w);
      // Branch steps stay in scope after the condition (they may not have run: then a run says so).
      for (const id of inner.inScope) scope.inScope.add(id);
    } else if (step.type === 'break') {
      if (!loops.includes(step.loop)) {
        w.problems.push({
          path: `${path}.loop`,
          stepId: step.id,
          message: `Break "${step.id}" names loop "${step.loop}", which is not a loop around it; put the break inside that loop`,
        });
      }
    } else {
      checkConnectorStep(step, path, w);
      refs(step.input, 'input');
    }
    if (step.error?.length) {
      const inner = withScope(scope, [step.id]);
      walk(step.error, `${path}.error`, loops, inner, w);
      for (const id of inner.inScope) scope.inScope.add(id);
    }
    scope.inScope.add(step.id);
  });
}

function withScope(scope: RefScope, extra: string[]): RefScope {
  return { ...scope, inScope: new Set([...scope.inScope, ...extra]) };
}

function checkConnectorStep(
  step: Extract<Step, { connector: string }>,
  path: string,
  w: Walk,
): void {
  const op = w.catalog.get(step.connector, step.operation);
  const problem = (field: string, message: string) =>
    w.problems.push({ path: `${path}.${field}`, stepId: step.id, message });
  if (!op) {
    if (!w.catalog.connectors().includes(step.connector))
      problem('connector', `Step "${step.id}": there is no connector "${step.connector}"`);
    else
      problem(
        'operation',
        `Step "${step.id}": the connector "${step.connector}" has no operation "${step.operation}"`,
      );
    return;
  }
  for (const p of checkLiteralInput(step, op))
    problem(`input.${p.field}`, `Step "${step.id}", input "${p.field}": ${p.message}`);
  const exists = (id: string) => !w.options.authExists || w.options.authExists(id);
  if (op.auth.mode === 'one') {
    if (step.auth === undefined && op.auth.required)
      problem('auth', `Step "${step.id}" needs an authentication for "${step.connector}"`);
    else if (typeof step.auth === 'object')
      problem(
        'auth',
        `Step "${step.id}": "auth" must be one authentication id, not one per service`,
      );
    else if (step.auth !== undefined && !exists(step.auth))
      problem('auth', `Step "${step.id}": the authentication "${step.auth}" does not exist`);
  } else if (op.auth.mode === 'services') {
    const ids = typeof step.auth === 'object' ? step.auth : {};
    for (const service of op.auth.services) {
      const id = ids[service];
      if (!id)
        problem(`auth.${service}`, `Step "${step.id}" needs an authentication for ${service}`);
      else if (!exists(id))
        problem(`auth.${service}`, `Step "${step.id}": the authentication "${id}" does not exist`);
    }
  }
}

/** For a schema problem, the id of the step its path is in (the deepest one). */
function stepIdAt(doc: unknown, path: string): { stepId?: string } {
  let current: unknown = doc;
  let stepId: string | undefined;
  const parts = path.split('.');
  for (let i = 0; i < parts.length && current !== null && typeof current === 'object'; i++) {
    current = (current as Record<string, unknown>)[parts[i]];
    const isStepSlot =
      ['steps', 'true', 'false', 'error'].includes(parts[i - 1] ?? '') && /^\d+$/.test(parts[i]);
    if (
      isStepSlot &&
      current &&
      typeof current === 'object' &&
      typeof (current as { id?: unknown }).id === 'string'
    )
      stepId = (current as { id: string }).id;
  }
  return stepId ? { stepId } : {};
}
