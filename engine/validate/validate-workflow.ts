// validateWorkflow: everything that can be known before a run. The schema first; then, for
// a document that parses, the catalog (connectors, operations, authentications), break
// targets, and every JSONPath: does it name a step in scope here, and, when a recorded
// output of that step is given, a field that output has.
import {
  childLists,
  stepAtPath,
  stepKind,
  type StepKind,
  type StepOfKind,
} from '../model/step-kinds.js';
import { parseWorkflow, type Step, type Workflow } from '../model/workflow.schema.js';
import type { Catalog } from '../run/catalog.js';
import type { ValidationProblem } from '../run/types.js';
import {
  checkBranch,
  checkCall,
  checkDelay,
  checkRespond,
  checkTerminate,
  type CallTargets,
} from './check-control-steps.js';
import { checkLiteralInput } from './check-input.js';
import { checkRef, sampleDocument, type RefScope } from './check-ref.js';
import { iterationsProblem } from '../limits.js';
import { collectRefs, type ValueRef } from './value-refs.js';

export interface ValidateOptions extends CallTargets {
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
    for (const child of childLists(step))
      indexSteps(child.steps, child.role === 'body' ? [...loops, step.id] : loops, infos, counter);
  }
}

/** What a kind's own check gets: the step, where it is, and the scopes around it. */
interface StepAt {
  path: string;
  loops: string[];
  /** Check the JSONPaths of a value of the step (`field` is its dotted name in the step). */
  refs: (value: unknown, field: string, within?: RefScope) => void;
  /** The scope each child list saw at its end, by key (`steps`, `true`, `cases.0.steps`). */
  inner: Map<string, RefScope>;
  problem: (field: string, message: string) => void;
}

/**
 * Each kind's own checks, beyond the generic ones every step gets (its `input` mappings,
 * its child lists walked in their scope). A new kind must say here what validate knows of it.
 */
const KIND_CHECKS: { [K in StepKind]: (step: StepOfKind<K>, at: StepAt, w: Walk) => void } = {
  connector: (step, at, w) => checkConnectorStep(step, at.path, w),
  // collect is evaluated after each iteration, with the body's outputs still in scope.
  loop: (step, at) => {
    at.refs(step.collect, 'collect', at.inner.get('steps'));
    const tooMany = iterationsProblem(step);
    if (tooMany) at.problem('maxIterations', tooMany);
  },
  boolean: () => {},
  break: (step, at) => {
    if (!at.loops.includes(step.loop))
      at.problem(
        'loop',
        `Break "${step.id}" names loop "${step.loop}", which is not a loop around it; put the break inside that loop`,
      );
  },
  branch: (step, at) => checkBranch(step, at.problem),
  delay: (step, at) => checkDelay(step, at.problem),
  terminate: (step, at) => checkTerminate(step, at.problem),
  call: (step, at, w) => checkCall(step, at.problem, w.options),
  respond: (step, at, w) => checkRespond(step, at.problem, w.workflow),
};

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
    if ('input' in step) refs(step.input, 'input');
    const inner = new Map<string, RefScope>();
    const after: RefScope[] = [];
    for (const child of childLists(step)) {
      // Inside any child list the step itself is in scope (a loop's item, a branch's error).
      const childScope = withScope(scope, [step.id]);
      const childLoops = child.role === 'body' ? [...loops, step.id] : loops;
      walk(child.steps, `${path}.${child.key}`, childLoops, childScope, w);
      inner.set(child.key, childScope);
      // A path's steps stay in scope after the step (they may not have run: then a run says so).
      if (child.role !== 'body') after.push(childScope);
    }
    const kind = stepKind(step);
    (KIND_CHECKS[kind] as (s: Step, at: StepAt, w: Walk) => void)(
      step,
      {
        path,
        loops,
        refs,
        inner,
        problem: (field, message) =>
          w.problems.push({ path: `${path}.${field}`, stepId: step.id, message }),
      },
      w,
    );
    for (const childScope of after) for (const id of childScope.inScope) scope.inScope.add(id);
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
  const steps = doc && typeof doc === 'object' ? (doc as { steps?: unknown }).steps : undefined;
  // The deepest step that has an id (a step missing its id is placed on the one around it).
  const chain = stepAtPath(steps, path)?.chain ?? [];
  const id = chain
    .map((step) => (step as { id?: unknown }).id)
    .filter((value) => typeof value === 'string')
    .at(-1);
  return typeof id === 'string' ? { stepId: id } : {};
}
