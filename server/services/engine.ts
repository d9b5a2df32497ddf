// The server's one door into the engine (engine/index.ts), so that a change of the engine's
// signatures touches one file here.
import * as engineApi from '../../engine/index.js';
import { runWorkflow } from '../../engine/index.js';
import type { ValidationProblem } from '../../engine/run/types.js';
import type { Step } from '../../engine/model/workflow.schema.js';

// validateWorkflow and replayStep are being written now (engine/index.ts): read them from the
// namespace so the server loads before they land.
type ValidateFn = (doc: unknown, catalog: Catalog, recorded?: Record<string, unknown>, options?: { authExists?: (id: string) => boolean }) => ValidationProblem[];
type ReplayFn = (req: { step: Step; input: unknown; catalog: Catalog; resolveAuth: ReplayRequest['resolveAuth']; runId: string; workflowId?: string; place?: string; stateFor?: ReplayRequest['stateFor'] }) => Promise<DebugRecord>;
const api = engineApi as unknown as { validateWorkflow?: ValidateFn; replayStep?: ReplayFn };
import type { Catalog } from '../../engine/run/catalog.js';
import type { DebugRecord } from '../../engine/model/record.js';
import type { RunOptions } from '../../engine/run/types.js';
import type { Workflow } from '../../engine/model/workflow.schema.js';
import { findStep } from './workflow-doc.js';
import { StepError } from '../../engine/errors/step-error.js';

export interface ReplayRequest {
  workflow: Workflow;
  runId: string;
  workflowId: string;
  workflowVersion: number;
  stepId: string;
  place: string;
  input: unknown;
  catalog: Catalog;
  resolveAuth: NonNullable<RunOptions['resolveAuth']>;
  stateFor: NonNullable<RunOptions['stateFor']>;
}

export const engine = {
  runWorkflow: (options: RunOptions) => runWorkflow(options),

  validate(doc: unknown, catalog: Catalog, recordedOutputs: Record<string, unknown>, authExists?: (id: string) => boolean) {
    if (!api.validateWorkflow) throw new StepError('INTERNAL', 'Validation is not available in this build of the engine yet');
    return api.validateWorkflow(doc, catalog, recordedOutputs, { authExists });
  },

  async replayStep(req: ReplayRequest): Promise<DebugRecord> {
    const step = findStep(req.workflow.steps, req.stepId);
    if (!step) throw new StepError('NOT_FOUND', `Step "${req.stepId}" is not in version ${req.workflowVersion} of this workflow`);
    if (!api.replayStep) throw new StepError('INTERNAL', 'Replay is not available in this build of the engine yet');
    return api.replayStep({
      step, input: req.input, catalog: req.catalog, resolveAuth: req.resolveAuth, runId: req.runId,
      workflowId: req.workflowId, place: req.place, stateFor: req.stateFor,
    });
  },
};
