// GET /api/runs/:id/events: Server-Sent Events. First what is stored (the run, then its
// records), then live `run`, `step-start` and `step` events; the stream ends after the run ends.
import type { Request, Response } from 'express';
import type { DebugRecord } from '../../engine/index.js';
import type { RunService } from '../services/run-service.js';
import type { RunEvents, StepStartEvent } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';
import type { User } from '../services/user-service.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const PAGE = 500;

export function streamRunEvents(
  req: Request,
  res: Response,
  runs: RunService,
  events: RunEvents,
  runId: string,
  viewer: User,
): void {
  // What this viewer may see: another user's personal steps show that they ran, not their data.
  const view = runs.viewFor(runId, viewer);
  const run = view.run(runs.get(runId));
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const sendStart = (start: StepStartEvent) =>
    send('step-start', { stepId: start.stepId, place: start.place, startedAt: start.startedAt });

  // Reading the store and subscribing happen in one synchronous stretch, so no event can
  // fall between them; `lastSeq` drops any live record that was already sent from the store.
  send('run', run);
  let lastSeq = 0;
  for (;;) {
    const page = runs.records(runId, lastSeq, PAGE, viewer);
    for (const record of page.records) send('step', record);
    if (page.records.length) lastSeq = page.records[page.records.length - 1].seq;
    if (page.nextAfter === null) break;
  }
  if (FINISHED.has(run.status)) {
    res.end();
    return;
  }
  // Steps running now, whose start came before this stream: shown running all the same.
  for (const start of runs.runningSteps(runId)) sendStart(start);

  const onStep = (record: DebugRecord) => {
    if (record.runId !== runId || record.seq <= lastSeq) return;
    lastSeq = record.seq;
    send('step', view.record(record));
  };
  const onStepStart = (start: StepStartEvent) => {
    if (start.runId === runId) sendStart(start);
  };
  const onRun = (next: RunJson) => {
    if (next.id !== runId) return;
    send('run', view.run(next));
    if (FINISHED.has(next.status)) close();
  };
  // A comment line now and then keeps proxies from closing an idle stream.
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  function close(): void {
    clearInterval(heartbeat);
    events.off('step', onStep);
    events.off('step-start', onStepStart);
    events.off('run', onRun);
    res.end();
  }
  events.on('step', onStep);
  events.on('step-start', onStepStart);
  events.on('run', onRun);
  req.on('close', close);
}
