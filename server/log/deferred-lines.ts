// Info and debug lines are written a few at a time rather than one by one. Serialising a line
// the moment it is logged, between two requests of an otherwise idle server, cost a run about
// 40 µs a line (pino's code runs cold every time); the same lines serialised together, every
// 50 ms, cost a fraction of it (npm run bench:server, "Logs and metrics"). A line keeps the time
// it was logged at and its place in the order; warn, error and fatal are written at once,
// after whatever waits before them, so a problem is never held back (nor lost if the process
// stops right after it).
import type { LogFn, Logger } from 'pino';
import { timestampAt } from './line-time.js';

/** The longest a line waits, unless the logger says otherwise (STEPWISE_LOG_BATCH_MS). */
export const BATCH_MS = 50;
/** Past this many waiting lines they are written at once (bounded memory). */
const MAX_WAITING = 1000;
/** pino's number for warn: this level and above are not deferred. */
const WARN = 40;

/** When the line being written was logged: set just before pino serialises it. */
let lineTime = 0;

/** pino's `timestamp`: the time the line was logged (not written), line-time.ts. */
export function lineTimestamp(): string {
  return timestampAt(lineTime || Date.now());
}

type Args = Parameters<LogFn>;

interface Line {
  logger: Logger;
  method: LogFn;
  args: Args;
  at: number;
}

function write(line: Line): void {
  lineTime = line.at;
  try {
    line.method.apply(line.logger, line.args);
  } finally {
    lineTime = 0;
  }
}

export interface DeferredLines {
  /** pino's hooks.logMethod. */
  logMethod(this: Logger, args: Args, method: LogFn, level: number): void;
  /** A line already made (flat-line.ts's typedFlatLine), at pino's level number. */
  add(text: string, level: number): void;
  /** Write every waiting line now. */
  flush(): void;
}

export function deferredLines(options: {
  defer: boolean;
  /** The longest a line waits (ms); default BATCH_MS. */
  everyMs?: number;
  /** Wraps the writing of each batch (the logger joins the batch's lines into one write). */
  batch?: (writeAll: () => void) => void;
  /**
   * Lines made at once, without pino (flat-line.ts): `line` answers a line's text, or undefined
   * for pino to make it; `write` takes such a text where pino's lines go.
   */
  made?: {
    line: (logger: Logger, args: Args, level: number, at: number) => string | undefined;
    write: (text: string) => void;
    /**
     * Takes a made line into the batch now (the batch writes it first): it then waits as the
     * logger keeps it (encoded, line-file.ts), not as a string here.
     */
    keep?: (text: string) => void;
  };
}): DeferredLines {
  /** Lines for pino to make when they are written, and lines already made (their text). */
  const waiting: (Line | string)[] = [];
  /** Lines handed to made.keep since the last batch (they come before anything waiting). */
  let kept = 0;
  let timer: NodeJS.Timeout | undefined;
  const { made } = options;
  const out = (line: Line | string) => {
    if (typeof line === 'string') made?.write(line);
    else write(line);
  };

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0 && kept === 0) return;
    kept = 0;
    // Taken out first: a line written while flushing (a scrubber's, a stream's) waits its turn.
    const lines = waiting.splice(0);
    const writeAll = () => {
      for (const line of lines) out(line);
    };
    if (options.batch) options.batch(writeAll);
    else writeAll();
  }

  function take(line: Line | string, level: number): void {
    if (!options.defer || level >= WARN) {
      if (waiting.length || kept) flush();
      out(line);
      return;
    }
    if (typeof line === 'string' && waiting.length === 0 && made?.keep) {
      made.keep(line);
      kept++;
    } else waiting.push(line);
    if (waiting.length + kept >= MAX_WAITING) flush();
    else if (!timer) {
      timer = setTimeout(flush, options.everyMs ?? BATCH_MS);
      timer.unref();
    }
  }

  return {
    logMethod(args, method, level) {
      const at = Date.now();
      // Made now, a flat line holds no object of the caller's until the batch is written.
      take(made?.line(this, args, level, at) ?? { logger: this, method, args, at }, level);
    },
    add: take,
    flush,
  };
}
