// What a call step needs from the server: start a run of a callable workflow (once per call
// key, so a call step run again after a crash finds its run) and tell where a called run is.
import {
  StepError,
  type CallOutcome,
  type CallRequest,
  type RunError,
  type RunResponse,
} from '../../engine/index.js';
import type { RunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';
import type { StartRun } from './start-run.js';

export interface CallPort {
  startCall(request: CallRequest): Promise<{ runId: string }>;
  callOutcome(runId: string): Promise<CallOutcome>;
}

export function createCallPort(
  core: RunCore,
  start: (input: StartRun) => Promise<RunJson>,
): CallPort {
  const { store } = core;
  return {
    async startCall(request) {
      const existing = store.runs.byCallKey(request.key);
      if (existing) return { runId: existing };
      const field = { field: 'workflow', workflowId: request.workflowId };
      const wf = store.workflows.byId(request.workflowId);
      if (!wf)
        throw new StepError('NOT_FOUND', `There is no workflow "${request.workflowId}" to call`, {
          details: field,
        });
      if (wf.triggerType !== 'callable')
        throw new StepError(
          'INPUT_INVALID',
          `Workflow "${wf.name}" (${wf.id}) cannot be called: its trigger is "${wf.triggerType}", not "callable"`,
          { details: field },
        );
      if (!wf.enabled)
        throw new StepError(
          'INPUT_INVALID',
          `Workflow "${wf.name}" (${wf.id}) is switched off: switch it on so that other workflows can call it`,
          { details: field },
        );
      const caller = core.rows.find(request.caller.runId);
      const run = await start({
        workflowId: wf.id,
        triggerType: 'call',
        triggerOutput: request.payload,
        startedBy: caller?.startedBy ?? null,
        call: {
          calledBy: {
            runId: request.caller.runId,
            workflowId: request.caller.workflowId ?? caller?.workflowId ?? '',
            stepId: request.caller.stepId,
          },
          key: request.key,
          depth: request.depth,
        },
      });
      return { runId: run.id };
    },

    async callOutcome(runId) {
      const row = core.rows.find(runId);
      if (!row)
        throw new StepError('NOT_FOUND', `The called run "${runId}" no longer exists`, {
          details: { runId },
        });
      if (!isFinished(row.status)) return { status: 'going' };
      if (row.status === 'succeeded') {
        const response = row.response ? (JSON.parse(row.response) as RunResponse) : null;
        return { status: 'succeeded', response: response ? response.body : null };
      }
      return {
        status: row.status as 'failed' | 'cancelled',
        error: row.error ? (JSON.parse(row.error) as RunError) : null,
      };
    },
  };
}
