// An in-memory RunHost for engine tests of call and respond: "stored" workflows by id, each
// called run executed by the real engine in this process. It cannot park (the server's host
// can: see test/server/call-steps.test.ts), so a call with wait follows the run to its end.
import {
  parseWorkflow,
  runWorkflow,
  StepError,
  type CallOutcome,
  type CallRequest,
  type DebugRecord,
  type RunHost,
  type RunResponse,
  type RunResult,
  type WorkflowInput,
} from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';

export interface MemoryRun {
  id: string;
  workflowId: string;
  request: CallRequest;
  records: DebugRecord[];
  done: Promise<RunResult>;
  result?: RunResult;
}

export function createMemoryHost(workflows: Record<string, WorkflowInput>) {
  const { catalog } = createTestConnector();
  const runs: MemoryRun[] = [];
  const responses: RunResponse[] = [];

  function host(depth: number): RunHost {
    return {
      callDepth: depth,
      respond: (response) => void responses.push(response),
      async startCall(request) {
        const doc = workflows[request.workflowId];
        if (!doc)
          throw new StepError('NOT_FOUND', `There is no workflow "${request.workflowId}"`, {
            details: { field: 'workflow' },
          });
        const existing = runs.find((r) => r.request.key === request.key);
        if (existing) return { runId: existing.id };
        const parsed = parseWorkflow(doc);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
        const id = `run_child_${runs.length + 1}`;
        const run: MemoryRun = {
          id,
          workflowId: request.workflowId,
          request,
          records: [],
          done: undefined as never,
        };
        // Listed before it starts: the engine may reach a nested call before this one returns.
        runs.push(run);
        run.done = runWorkflow({
          workflow: parsed.workflow,
          runId: id,
          workflowId: request.workflowId,
          trigger: request.payload,
          catalog,
          sleep: async () => {},
          host: host(request.depth),
          onRecord: (r) => void run.records.push(r),
        }).then((result) => {
          run.result = result;
          return result;
        });
        return { runId: id };
      },
      async callOutcome(runId): Promise<CallOutcome> {
        const run = runs.find((r) => r.id === runId);
        if (!run) throw new StepError('NOT_FOUND', `There is no run "${runId}"`);
        const result = await run.done;
        if (result.status === 'succeeded')
          return { status: 'succeeded', response: result.response?.body ?? null };
        if (result.status === 'waiting') return { status: 'going' };
        return { status: result.status, error: result.error };
      },
    };
  }
  return { host, runs, responses, catalog };
}
