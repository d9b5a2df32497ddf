// A webhook with "reply": "respond-step" waits for its run's first respond step: the answer,
// or the run's end without one (failed, or done without answering), or nothing in time.
import type { RunResponse } from '../../engine/index.js';
import type { RunJson } from '../services/run-json.js';
import type { RunCore } from './run-core.js';
import { isFinished } from './run-rows.js';

export type AwaitedResponse =
  | { kind: 'response'; response: RunResponse }
  | { kind: 'ended'; run: RunJson }
  | { kind: 'timeout' };

export function awaitResponse(
  core: RunCore,
  runId: string,
  timeoutMs: number,
): Promise<AwaitedResponse> {
  const { events } = core;
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: AwaitedResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      events.off('respond', onRespond);
      events.off('run', onRun);
      resolve(answer);
    };
    const onRespond = (event: { runId: string; response: RunResponse }) => {
      if (event.runId === runId) done({ kind: 'response', response: event.response });
    };
    const onRun = (run: RunJson) => {
      if (run.id === runId && isFinished(run.status)) settleFromRow(run);
    };
    // The run may end in the same commit as its answer: the stored answer wins.
    const settleFromRow = (run?: RunJson) => {
      const row = core.rows.find(runId);
      if (row?.response) return done({ kind: 'response', response: JSON.parse(row.response) });
      if (run) done({ kind: 'ended', run });
      else if (row && isFinished(row.status)) done({ kind: 'ended', run: core.rows.json(row) });
    };
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    events.on('respond', onRespond);
    events.on('run', onRun);
    // Listening first, then looking: an answer stored before we listened is in the row.
    settleFromRow();
  });
}
