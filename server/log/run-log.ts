// Log lines of runs, from the live run events (emitted once a change is stored, in embedded
// mode and, through the drain, in queue mode alike): a run starting to execute, parking,
// ending; each failed step (warn), each finished step at debug. Records and run errors reach
// the events already scrubbed of the run's secrets; the logger scrubs the line once more.
import type { DebugRecord } from '../../engine/index.js';
import type { RunEvents } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';
import { runSeconds } from '../services/run-seconds.js';
import { levelOn, logFlat, type Logger } from './logger.js';

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);
// A line's message says what happened, the same words for every run (a log tool groups lines
// by it); which run, which workflow are the line's fields. A failure's message adds its error.
const FINISHED: Record<string, string> = {
  succeeded: 'Run succeeded',
  failed: 'Run failed',
  cancelled: 'Run cancelled',
};

/** Start logging runs; answers the function that stops. */
export function logRuns(events: RunEvents, logger: Logger): () => void {
  /** The workflow of each run executing here: a step's record names only its run. */
  const workflowOf = new Map<string, string>();

  // No spreads in the fields: a spread in an object literal goes through V8's slow generic copy;
  // an absent field is undefined, and left out of the line.
  const onRun = (run: RunJson) => {
    if (run.status === 'running') {
      workflowOf.set(run.id, run.workflowId);
      logFlat(
        logger,
        'info',
        {
          event: 'run.started',
          runId: run.id,
          workflowId: run.workflowId,
          workflowVersion: run.workflowVersion,
          trigger: run.trigger.type,
        },
        'Run started',
      );
    } else if (run.status === 'waiting') {
      workflowOf.delete(run.id);
      logger.info(
        {
          event: 'run.waiting',
          runId: run.id,
          workflowId: run.workflowId,
          resumeAt: run.resumeAt,
          waitingFor: run.waitingFor,
        },
        'Run waiting',
      );
    } else if (ENDED.has(run.status)) {
      workflowOf.delete(run.id);
      const fields = {
        event: 'run.finished',
        runId: run.id,
        workflowId: run.workflowId,
        status: run.status,
        trigger: run.trigger.type,
        seconds: runSeconds(run) ?? undefined,
        stepCount: run.stepCount,
        stepId: run.error?.stepId ?? undefined,
        code: run.error?.code,
        error: run.error?.message,
      };
      const message = run.error
        ? `${FINISHED[run.status]}: ${run.error.message}`
        : FINISHED[run.status];
      logFlat(logger, run.status === 'failed' ? 'warn' : 'info', fields, message);
    }
  };

  const onStep = (record: DebugRecord) => {
    if (record.status !== 'error' && !levelOn(logger, 'debug')) return;
    const fields = {
      event: record.status === 'error' ? 'step.failed' : 'step.finished',
      runId: record.runId,
      workflowId: workflowOf.get(record.runId),
      stepId: record.stepId,
      place: record.place,
      status: record.status,
      attempt: record.attempt,
      ms: record.durationMs,
      code: record.error?.code,
      error: record.error?.message,
    };
    if (record.status === 'error')
      logger.warn(fields, `Step failed: ${record.error?.message ?? 'no message'}`);
    else logger.debug(fields, 'Step finished');
  };

  events.on('run', onRun);
  events.on('step', onStep);
  return () => {
    events.off('run', onRun);
    events.off('step', onStep);
  };
}
