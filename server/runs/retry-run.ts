// Command: run a finished run again, from the start or from the step that failed, on the same
// or the latest version.
import { ApiError, invalid } from '../errors.js';
import type { RunJson } from '../services/run-json.js';
import { validateVersion, type ReplayDeps } from '../services/run-replay.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';
import type { StartRun } from './start-run.js';

export function retryRun(
  core: RunCore,
  deps: ReplayDeps,
  start: (input: StartRun) => Promise<RunJson>,
  id: string,
  from: 'start' | 'failed-step',
  version: 'same' | 'latest',
  user: { id: string },
): Promise<RunJson> {
  const source = core.rows.get(id);
  if (!isFinished(source.status))
    throw new ApiError(
      'CONFLICT',
      'This run has not finished yet: cancel it or wait for it to end before retrying',
    );
  if (from === 'failed-step' && source.status === 'succeeded') {
    throw invalid('Nothing failed in this run', [
      { path: 'from', message: 'The run succeeded: retry it with from "start"' },
    ]);
  }
  const wf = core.workflows.row(source.workflowId);
  const targetVersion = version === 'same' ? source.workflowVersion : wf.latestVersion;
  if (from === 'failed-step' && version === 'latest' && targetVersion !== source.workflowVersion) {
    const problems = validateVersion(deps, wf.id, targetVersion);
    if (problems.length)
      throw invalid(
        'The latest version does not validate, so the run cannot continue on it',
        problems,
      );
  }
  const checkpoint = from === 'failed-step' ? source.checkpoint : null;
  const upToSeq = checkpoint ? Number(core.checkpoints.read(checkpoint).seq ?? 0) : 0;
  return start({
    workflowId: wf.id,
    triggerType: source.triggerType,
    triggerOutput: source.triggerOutput === null ? {} : JSON.parse(source.triggerOutput),
    startedBy: user.id,
    version: targetVersion,
    retryOf: source.id,
    checkpoint,
    copyRecords: upToSeq > 0 ? { runId: source.id, upToSeq } : undefined,
  });
}
