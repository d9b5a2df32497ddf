// The server's one door into the engine (engine/index.ts), so that a change of the engine's
// signatures touches one file here.
import {
  checkWithServices,
  runWorkflow,
  validateWorkflow,
  replayStep,
  StepError,
} from '../../engine/index.js';
import type {
  Catalog,
  DebugRecord,
  RunOptions,
  ValidateOptions,
  ValidationProblem,
  Workflow,
} from '../../engine/index.js';
import { findStep } from './workflow-doc.js';

export interface ReplayRequest {
  workflow: Workflow;
  runId: string;
  workflowId: string;
  workflowVersion: number;
  stepId: string;
  place: string;
  seq: number;
  input: unknown;
  catalog: Catalog;
  resolveAuth: NonNullable<RunOptions['resolveAuth']>;
  stateFor: NonNullable<RunOptions['stateFor']>;
  storage?: RunOptions['storage'];
  onSecret?: RunOptions['onSecret'];
}

export const engine = {
  runWorkflow,

  validate(
    doc: unknown,
    catalog: Catalog,
    recordedOutputs: Record<string, unknown>,
    authExists?: (id: string) => boolean,
    calls: Pick<ValidateOptions, 'workflowId' | 'workflowTrigger'> = {},
  ): ValidationProblem[] {
    return validateWorkflow(doc, catalog, recordedOutputs, { authExists, ...calls });
  },

  /** What only the services can tell (a sync mapping's Salesforce fields), for the steps whose authentications resolve. */
  checkWithServices(
    doc: unknown,
    catalog: Catalog,
    resolveAuth: NonNullable<RunOptions['resolveAuth']>,
  ): Promise<ValidationProblem[]> {
    return checkWithServices(doc, { catalog, resolveAuth });
  },

  replayStep(req: ReplayRequest): Promise<DebugRecord> {
    const step = findStep(req.workflow.steps, req.stepId);
    if (!step)
      throw new StepError(
        'NOT_FOUND',
        `Step "${req.stepId}" is not in version ${req.workflowVersion} of this workflow`,
      );
    if (step.type !== undefined && step.type !== 'connector') {
      throw new StepError(
        'INPUT_INVALID',
        `Step "${req.stepId}" is a ${step.type} step; only connector steps can be replayed`,
      );
    }
    return replayStep({
      step,
      input: req.input,
      catalog: req.catalog,
      resolveAuth: req.resolveAuth,
      runId: req.runId,
      workflowId: req.workflowId,
      place: req.place,
      seq: req.seq,
      stateFor: req.stateFor,
      storage: req.storage,
      onSecret: req.onSecret,
    });
  },
};
