// Shared by the engine tests: parse a document and run it against the test connector,
// collecting records and checkpoints the way the server would (JSON round trip).
import {
  parseWorkflow,
  runWorkflow,
  type Checkpoint,
  type DebugRecord,
  type RunOptions,
  type RunResult,
  type WorkflowInput,
} from '../../engine/index.js';
import { createTestConnector, type TestConnector } from '../helpers/test-connector.js';

export interface TestRun {
  result: RunResult;
  records: DebugRecord[];
  checkpoints: Checkpoint[];
  connector: TestConnector;
}

export function doc(steps: unknown[], extra: Partial<WorkflowInput> = {}): WorkflowInput {
  return {
    name: 'test',
    trigger: { type: 'manual' },
    steps: steps as WorkflowInput['steps'],
    ...extra,
  };
}

export async function run(
  document: WorkflowInput,
  options: Partial<RunOptions> & { connector?: TestConnector } = {},
): Promise<TestRun> {
  const parsed = parseWorkflow(document);
  if (!parsed.ok) throw new Error(`invalid test document: ${JSON.stringify(parsed.problems)}`);
  const connector = options.connector ?? createTestConnector();
  const records: DebugRecord[] = [];
  const checkpoints: Checkpoint[] = [];
  const result = await runWorkflow({
    runId: 'run_test',
    catalog: connector.catalog,
    sleep: async () => {},
    ...options,
    workflow: parsed.workflow,
    onRecord: async (r) => {
      records.push(r);
      await options.onRecord?.(r);
    },
    onCheckpoint: async (c) => {
      // Stored as the server stores it: serialized before the next step starts.
      checkpoints.push(JSON.parse(JSON.stringify(c)) as Checkpoint);
      await options.onCheckpoint?.(c);
    },
  });
  return { result, records, checkpoints, connector };
}

/** A connector step of the test connector. */
export const step = (
  id: string,
  operation: string,
  input: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  id,
  connector: 'test',
  operation,
  input,
  ...extra,
});
