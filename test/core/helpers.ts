// Core connector tests run an operation the way a workflow does: a one-step document through
// the engine, so the input is parsed by the operation's schema and a bad field comes back as
// the step's INPUT_INVALID error naming it, exactly as a person would see it.
import { expect } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { parseWorkflow, runWorkflow, type RunError, type StepStorage } from '../../engine/index.js';

export const catalog = createCatalog({ filesDir: '/nonexistent' });

export interface OpResult {
  output: unknown;
  error: (RunError & { details?: Record<string, unknown> }) | null;
}

/** Run `connector.operation` with `input` as step "op-1"; its output, or its error. */
export async function runOp(
  connector: string,
  operation: string,
  input: Record<string, unknown>,
  options: { storage?: StepStorage; runId?: string; workflowId?: string; trigger?: unknown } = {},
): Promise<OpResult> {
  const parsed = parseWorkflow({
    name: 'core test',
    trigger: { type: 'manual' },
    steps: [{ id: 'op-1', connector, operation, input }],
  });
  if (!parsed.ok) throw new Error(`invalid test document: ${JSON.stringify(parsed.problems)}`);
  let details: Record<string, unknown> | undefined;
  const result = await runWorkflow({
    workflow: parsed.workflow,
    runId: options.runId ?? 'run_core',
    workflowId: options.workflowId ?? 'wf_core',
    trigger: options.trigger,
    catalog,
    storage: options.storage,
    onRecord: (r) => {
      if (r.error) details = r.error.details;
    },
  });
  return {
    output: result.outputs['op-1'] ?? null,
    error: result.error ? { ...result.error, details } : null,
  };
}

/** The output of a call that must succeed. */
export async function ok(
  connector: string,
  operation: string,
  input: Record<string, unknown>,
  options?: Parameters<typeof runOp>[3],
): Promise<unknown> {
  const r = await runOp(connector, operation, input, options);
  expect(r.error, JSON.stringify(r.error)).toBeNull();
  return r.output;
}

/** A call that must fail with `code`, naming `field` in the message and in details.field. */
export async function fails(
  connector: string,
  operation: string,
  input: Record<string, unknown>,
  code: string,
  field?: string,
  options?: Parameters<typeof runOp>[3],
): Promise<RunError & { details?: Record<string, unknown> }> {
  const r = await runOp(connector, operation, input, options);
  expect(r.error, `expected ${code} from ${connector}.${operation}`).not.toBeNull();
  const error = r.error!;
  expect(error.code).toBe(code);
  expect(error.stepId).toBe('op-1');
  expect(error.message).toContain('op-1');
  if (field !== undefined) {
    // An input error names the field in its message; every error names it in details.field.
    if (code === 'INPUT_INVALID') expect(error.message).toContain(`"${field}"`);
    expect(error.details?.field).toBe(field);
  }
  return error;
}
