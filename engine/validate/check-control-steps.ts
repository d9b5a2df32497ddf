// What validate knows of the control steps added with HELPERS.md: a branch's duplicate
// cases, a delay over 30 days, a call to a workflow that is missing, not callable or itself,
// a respond where nobody waits for an answer, and literal inputs of the wrong kind. Inputs
// that come from a mapping are only known at run time, where the step checks them again.
import { compileValue } from '../mapping/compile-value.js';
import type {
  BranchStep,
  CallStep,
  DelayStep,
  RespondStep,
  TerminateStep,
  Trigger,
  Workflow,
} from '../model/workflow.schema.js';
import { MAX_DELAY_SECONDS } from '../model/workflow.schema.js';
import { jsonEqual } from '../steps/json-equal.js';

/** What a check reports a problem with: a field of the step (`cases.1.equals`, `input.seconds`). */
export type Problem = (field: string, message: string) => void;

export interface CallTargets {
  /** The id of the workflow being validated (a call to it is a self-call); unknown when new. */
  workflowId?: string;
  /** The trigger of a stored workflow, or null when there is none with this id. */
  workflowTrigger?: (id: string) => Trigger | null;
}

/** The value of `input[field]` when it is a literal (no mapping), else undefined. */
function literal(input: Record<string, unknown>, field: string): { value: unknown } | undefined {
  if (!(field in input)) return undefined;
  try {
    const compiled = compileValue(input[field], { stepId: '', field });
    return compiled.constant ? { value: compiled.value } : undefined;
  } catch {
    return undefined;
  }
}

export function checkBranch(step: BranchStep, problem: Problem): void {
  step.cases.forEach((c, j) => {
    const first = step.cases.findIndex((other) => jsonEqual(other.equals, c.equals));
    if (first < j)
      problem(
        `cases.${j}.equals`,
        `Branch "${step.id}": case ${j + 1} has the same "equals" as case ${first + 1} (${JSON.stringify(c.equals)}), so it can never be taken`,
      );
    const sameLabel = c.label ? step.cases.findIndex((other) => other.label === c.label) : j;
    if (sameLabel < j)
      problem(
        `cases.${j}.label`,
        `Branch "${step.id}": cases ${sameLabel + 1} and ${j + 1} are both labelled "${c.label}"; give each its own label`,
      );
  });
}

export function checkDelay(step: DelayStep, problem: Problem, now = Date.now()): void {
  const seconds = literal(step.input, 'seconds');
  if (seconds) {
    const value = seconds.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      problem(
        'input.seconds',
        `Step "${step.id}", input "seconds": expected a number of seconds (0 or more)`,
      );
    else if (value > MAX_DELAY_SECONDS)
      problem(
        'input.seconds',
        `Step "${step.id}", input "seconds": a delay can wait at most 30 days (${MAX_DELAY_SECONDS} seconds), not ${value}`,
      );
  }
  const until = literal(step.input, 'until');
  if (until) {
    const value = until.value;
    const at =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
          ? Date.parse(value)
          : Number.NaN;
    if (!Number.isFinite(at))
      problem(
        'input.until',
        `Step "${step.id}", input "until": expected an ISO time such as "2026-03-01T09:00:00Z"`,
      );
    else if (at - now > MAX_DELAY_SECONDS * 1000)
      problem('input.until', `Step "${step.id}", input "until": a delay can wait at most 30 days`);
  }
}

export function checkTerminate(step: TerminateStep, problem: Problem): void {
  const status = literal(step.input, 'status');
  if (status && status.value !== 'succeeded' && status.value !== 'failed')
    problem('input.status', `Step "${step.id}", input "status": must be "succeeded" or "failed"`);
  const message = literal(step.input, 'message');
  if (message && typeof message.value !== 'string')
    problem('input.message', `Step "${step.id}", input "message": expected text`);
}

export function checkCall(step: CallStep, problem: Problem, targets: CallTargets): void {
  if (targets.workflowId !== undefined && step.workflow === targets.workflowId) {
    problem(
      'workflow',
      `Step "${step.id}" calls the workflow it is in; a workflow cannot call itself (the chain would never end)`,
    );
    return;
  }
  if (!targets.workflowTrigger) return;
  const trigger = targets.workflowTrigger(step.workflow);
  if (trigger === null)
    problem(
      'workflow',
      `Step "${step.id}" calls workflow "${step.workflow}", which does not exist`,
    );
  else if (trigger.type !== 'callable')
    problem(
      'workflow',
      `Step "${step.id}" calls workflow "${step.workflow}", whose trigger is "${trigger.type}"; only a workflow with the "callable" trigger can be called`,
    );
}

export function checkRespond(step: RespondStep, problem: Problem, workflow: Workflow): void {
  const trigger = workflow.trigger;
  const answers =
    trigger.type === 'callable' || (trigger.type === 'webhook' && trigger.reply === 'respond-step');
  if (!answers)
    problem(
      'type',
      `Step "${step.id}" responds, but nobody waits for an answer: use it in a workflow whose trigger is "callable", or a webhook with "reply": "respond-step"`,
    );
  const status = literal(step.input, 'status');
  if (
    status &&
    (typeof status.value !== 'number' ||
      !Number.isInteger(status.value) ||
      status.value < 200 ||
      status.value > 599)
  )
    problem(
      'input.status',
      `Step "${step.id}", input "status": expected an HTTP status from 200 to 599`,
    );
  const headers = literal(step.input, 'headers');
  if (
    headers &&
    (headers.value === null || typeof headers.value !== 'object' || Array.isArray(headers.value))
  )
    problem(
      'input.headers',
      `Step "${step.id}", input "headers": expected an object of header names and text values`,
    );
}
