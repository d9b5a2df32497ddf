// GET /api/runs/:id/events: Server-Sent Events. First what is stored (the run, then its
// records), then live `run`, `step-start` and `step` events; the stream ends after the run ends.
//
// Bounded whatever the reader does: records are read from the database a page at a time and
// written only as fast as the reader takes them (a reader that does not read holds one page,
// not the whole run: 30 such streams on a big run used to take 5 GB); live records wait in a
// short queue and, past it, are read back from the database; a reader that takes nothing for
// `stallMs` is disconnected. A comment line every `heartbeatMs` keeps proxies from closing an
// idle stream.
import type { Request, Response } from 'express';
import type { DebugRecord } from '../../engine/index.js';
import type { RunService } from '../services/run-service.js';
import type { RunEvents, StepStartEvent } from '../services/run-events.js';
import type { RunJson } from '../services/run-json.js';
import type { User } from '../services/user-service.js';
import type { StepStart } from '../../wire/index.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
/** Records read from the database at a time: each can be up to a record's size bound. */
const PAGE = 50;
/** Live records held for a slow reader before falling back to the database. */
const QUEUE = 256;

export interface StreamOptions {
  /** Default 15 s. */
  heartbeatMs?: number;
  /** A reader that takes nothing for this long is disconnected. Default 60 s. */
  stallMs?: number;
  /** Called once when the stream ends, however it ends (gives its place back). */
  onClose?: () => void;
}

/** One text per event object: many streams of one run share it instead of each stringifying. */
const frames = new WeakMap<object, string>();
function frame(event: string, data: object): string {
  let text = frames.get(data);
  if (text === undefined) {
    text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    frames.set(data, text);
  }
  return text;
}

export function streamRunEvents(
  req: Request,
  res: Response,
  runs: RunService,
  events: RunEvents,
  runId: string,
  viewer: User,
  options: StreamOptions = {},
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

  let closed = false;
  let lastSeq = 0;
  /** Records to read back from the database (at the start, and after the queue overflowed). */
  let fromStore = true;
  const queue: DebugRecord[] = [];
  /** Steps shown running, by place; a step's record removes its start. */
  const starts = new Map<string, StepStartEvent>();
  let latestRun: RunJson | null = null;
  const endWhenCaughtUp = FINISHED.has(run.status);

  /** Write a frame; resolves once the reader can take more (or the stream closed). */
  function write(text: string): Promise<void> | undefined {
    if (res.write(text)) return undefined;
    return new Promise((resolve) => {
      const stalled = setTimeout(() => {
        close();
        res.destroy();
        resolve();
      }, options.stallMs ?? 60_000);
      const done = () => {
        clearTimeout(stalled);
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }

  const sendRecord = async (record: DebugRecord) => {
    lastSeq = record.seq;
    starts.delete(record.place);
    await write(frame('step', record));
  };

  let pumping = false;
  /** Send what is due, in order: stored records, queued records, running steps, the run. */
  async function pump(): Promise<void> {
    if (pumping || closed) return;
    pumping = true;
    try {
      while (!closed) {
        if (fromStore) {
          const page = runs.records(runId, lastSeq, PAGE, viewer);
          // Caught up only when a read finds nothing: a record stored while the last page
          // was being written is found by the next read (live events are ignored meanwhile).
          if (page.records.length === 0) {
            fromStore = false;
            while (queue.length && queue[0].seq <= lastSeq) queue.shift();
          }
          for (const record of page.records) if (!closed) await sendRecord(record);
          continue;
        }
        const next = queue.shift();
        if (next) {
          if (next.seq > lastSeq) await sendRecord(next);
          continue;
        }
        if (starts.size) {
          const due = [...starts.values()];
          starts.clear();
          for (const s of due)
            await write(
              frame('step-start', {
                stepId: s.stepId,
                place: s.place,
                startedAt: s.startedAt,
              } satisfies StepStart),
            );
          continue;
        }
        if (latestRun) {
          const current = latestRun;
          latestRun = null;
          await write(frame('run', current));
          if (FINISHED.has(current.status)) return close();
          continue;
        }
        if (endWhenCaughtUp) return close();
        return;
      }
    } finally {
      pumping = false;
    }
  }
  const schedule = () => {
    if (!pumping) void pump();
  };

  const onStep = (record: DebugRecord) => {
    if (record.runId !== runId || record.seq <= lastSeq) return;
    if (fromStore) return; // the database read under way will reach it
    if (queue.length >= QUEUE) {
      queue.length = 0;
      fromStore = true;
    } else queue.push(view.record(record));
    schedule();
  };
  const onStepStart = (start: StepStartEvent) => {
    if (start.runId !== runId || starts.size >= QUEUE) return;
    starts.set(start.place, start);
    schedule();
  };
  const onRun = (next: RunJson) => {
    if (next.id !== runId) return;
    latestRun = view.run(next);
    schedule();
  };
  const heartbeat = setInterval(() => {
    // Only to an idle stream: one that is behind is not idle, and must not grow.
    if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? 15_000);

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    events.off('step', onStep);
    events.off('step-start', onStepStart);
    events.off('run', onRun);
    queue.length = 0;
    starts.clear();
    options.onClose?.();
    res.end();
  }
  req.on('close', close);
  res.on('close', close);

  res.write(frame('run', run));
  if (!endWhenCaughtUp) {
    events.on('step', onStep);
    events.on('step-start', onStepStart);
    events.on('run', onRun);
    // Steps running now, whose start came before this stream: shown running all the same.
    for (const start of runs.runningSteps(runId)) starts.set(start.place, start);
  }
  void pump();
}
