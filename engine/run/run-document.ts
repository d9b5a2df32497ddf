/**
 * What JSONPath is evaluated against: `{ trigger, steps, config, env }`. `steps` is mutated in
 * place as the run goes (outputs in, out-of-scope loop bodies out) so that a 100,000-item loop
 * does not copy it per step.
 */
export interface RunDocument {
  trigger: unknown;
  steps: Record<string, unknown>;
  config: Record<string, unknown>;
  env: { workflowId?: string; workflowVersion?: number; runId: string; startedAt: string };
}
