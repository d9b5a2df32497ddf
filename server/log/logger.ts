// The one logger of a Stepwise process (pino): one JSON line per event on stdout, or readable
// lines when a person runs it in a terminal. Every line passes the secret scrubber
// (log-secrets.ts) after pino's own redaction of credential headers by path, so neither a
// header nor a secret a run used reaches the log, in any form. docs/operations.md, "Logs".
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { BATCH_MS, deferredLines, lineTimestamp } from './deferred-lines.js';
import { flatLine, typedFlatLine, type FlatFields } from './flat-line.js';
import { lineFile } from './line-file.js';
import { logSecrets, type LogSecrets } from './log-secrets.js';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Credential headers wherever a request, a response or an exchange is logged. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'app-token',
  'x-api-key',
];
// Named places only: a wildcard path (`*.headers`) makes pino walk every line's object and costs
// a line seven times as much (37 µs instead of 6). Nothing logs headers anywhere else; a known
// secret value anywhere is still caught by the scrubber.
const HEADER_HOLDERS = [
  'headers',
  'req.headers',
  'res.headers',
  'request.headers',
  'response.headers',
  'exchange.request.headers',
  'exchange.response.headers',
];
const REDACT_PATHS = HEADER_HOLDERS.flatMap((at) =>
  CREDENTIAL_HEADERS.map((name) => `${at}["${name}"]`),
);

export interface LoggerOptions {
  /** STEPWISE_LOG_LEVEL. Default info. */
  level?: LogLevel;
  /** Readable lines instead of JSON. Default: when stdout is a terminal. */
  pretty?: boolean;
  /**
   * Where the lines go, each written whole when handed over (line-file.ts for stdout, the
   * default): nothing is flushed later, so a destination that buffers keeps what it buffers.
   */
  destination?: { write(line: string): unknown; append?(text: string): void; flush?(): void };
  /** The process's part, on every line as `name`. */
  name?: 'stepwise' | 'stepwise-worker';
  /** Default the process's list. */
  secrets?: LogSecrets;
  /**
   * Write info and debug lines a few at a time (deferred-lines.ts). Default: when writing to
   * stdout; a logger with its own destination (tests) writes each line at once.
   */
  defer?: boolean;
  /** How long an info line waits for the batch it is written with (ms, STEPWISE_LOG_BATCH_MS). */
  batchMs?: number;
  /**
   * Lines of plain fields made without pino's walk over them (flat-line.ts). Default true;
   * false sends every line through pino (tests compare the two).
   */
  flat?: boolean;
}

const flushers = new WeakMap<Logger, () => void>();
type FlatLevel = 'debug' | 'info' | 'warn';
/** pino's numbers for them (no custom levels here). */
const LEVEL_NUMBERS: Record<FlatLevel, number> = { debug: 20, info: 30, warn: 40 };

/**
 * Whether the logger writes lines at this level: pino's `isLevelEnabled` looks the level's
 * number up by name and compares through a function (a few hundred instructions, asked once or
 * more for every request, run and step).
 */
export function levelOn(logger: Logger, level: FlatLevel): boolean {
  return LEVEL_NUMBERS[level] >= logger.levelVal;
}
/** A logger's way to take a line of FlatFields without pino (false: it cannot). */
const flatWriters = new WeakMap<
  Logger,
  (level: FlatLevel, fields: FlatFields, message: string) => boolean
>();

/**
 * `logger[level](fields, message)` for fields whose type says they are plain values (the lines
 * every request and run writes): made at once without pino's call, hook and check of every
 * field, where the logger is one createLogger made; through pino otherwise (a child logger).
 */
export function logFlat(
  logger: Logger,
  level: FlatLevel,
  fields: FlatFields,
  message: string,
): void {
  const direct = flatWriters.get(logger);
  if (direct === undefined || !direct(level, fields, message)) logger[level](fields, message);
}

/** pino-pretty, loaded only for a terminal: servers and workers in production never need it. */
function prettyLines(): (line: string) => string {
  const { prettyFactory } = createRequire(import.meta.url)(
    'pino-pretty',
  ) as typeof import('pino-pretty');
  return prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? logSecrets;
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY);
  const out = options.destination ?? lineFile(1);
  const prettify = pretty ? prettyLines() : undefined;
  // The lines of a deferred batch, put together and written once: one write (one system call)
  // per batch. A line file (stdout) keeps them encoded as they come (a line made at once is
  // garbage at once, not a string copied by every collection until the batch is written);
  // another destination gets them added to one string (Array.prototype.join cost more).
  let held = '';
  let holding = false;
  // Every line is scrubbed as JSON text, before any pretty printing: pino's lines here, and a
  // flat line's fields and message as it is made (flat-line.ts).
  const clean = (json: string) => (secrets.size > 0 ? secrets.scrub(json) : json);
  /** A scrubbed line into the batch: kept encoded by a line file, else added to one string. */
  const keep = (line: string) => {
    const text = prettify ? prettify(line) : line;
    if (out.append) out.append(text);
    else held += text;
  };
  /** A scrubbed line on its way out. */
  const written = (line: string) => {
    if (holding) {
      keep(line);
      return;
    }
    const text = prettify ? prettify(line) : line;
    // Written at once and whole (line-file.ts): nothing waits in the destination, so a
    // problem line (deferred-lines.ts writes those at once) is out before the process stops.
    out.write(text);
  };
  const stream: DestinationStream = {
    write(line: string) {
      written(clean(line));
    },
  };
  const lines = deferredLines({
    defer: options.batchMs === 0 ? false : (options.defer ?? options.destination === undefined),
    everyMs: options.batchMs,
    made:
      options.flat === false
        ? undefined
        : {
            line: (l, args, level, at) => flatLine(l, args, level, at, clean),
            write: written,
            keep,
          },
    batch(writeAll) {
      holding = true;
      try {
        writeAll();
      } finally {
        holding = false;
        if (out.flush) out.flush();
        const batch = held;
        held = '';
        if (batch.length > 0) out.write(batch);
      }
    },
  });
  const logger = pino(
    {
      name: options.name ?? 'stepwise',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Each line's `time` is when it was logged (deferred-lines.ts), not when it was written.
      timestamp: lineTimestamp,
      hooks: { logMethod: lines.logMethod },
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  flushers.set(logger, lines.flush);
  if (options.flat !== false)
    flatWriters.set(logger, (level, fields, message) => {
      const number = LEVEL_NUMBERS[level];
      if (number < logger.levelVal) return true;
      const text = typedFlatLine(logger, fields, message, number, Date.now(), clean);
      if (text === undefined) return false;
      lines.add(text, number);
      return true;
    });
  if (!options.destination) flushAtExit(lines.flush);
  return logger;
}

/** What is buffered is written out when the process exits however it exits (not on SIGKILL). */
const atExit = new Set<() => void>();
function flushAtExit(flush: () => void): void {
  if (atExit.size === 0) process.once('exit', () => atExit.forEach((f) => f()));
  atExit.add(flush);
}

/** Write out what is buffered (before process.exit). */
export function flushLogger(logger: Logger): void {
  flushers.get(logger)?.();
}

/** STEPWISE_LOG_LEVEL, checked: a misspelt level is a start-up error naming the setting. */
export function logLevelSetting(value: string | undefined): LogLevel {
  const text = value?.trim().toLowerCase();
  if (!text) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new Error(
    `STEPWISE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value?.trim()}"`,
  );
}

/** STEPWISE_LOG_FORMAT: "json" or "pretty"; unset: pretty at a terminal, JSON otherwise. */
export function logFormatSetting(value: string | undefined): boolean | undefined {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  if (text === 'json') return false;
  if (text === 'pretty') return true;
  throw new Error(`STEPWISE_LOG_FORMAT must be json or pretty, not "${value?.trim()}"`);
}

/**
 * STEPWISE_LOG_BATCH_MS: how long an info line may wait to be written with others, 0 to 60000
 * ms; 0 writes each line at once. Unset: 50.
 */
export function logBatchSetting(value: string | undefined): number {
  const text = value?.trim();
  if (!text) return BATCH_MS;
  const ms = Number(text);
  if (/^\d+$/.test(text) && ms <= 60_000) return ms;
  throw new Error(
    `STEPWISE_LOG_BATCH_MS must be a whole number of milliseconds from 0 to 60000, not "${text}"`,
  );
}

/**
 * The logger for a process, from its environment (STEPWISE_LOG_LEVEL, STEPWISE_LOG_FORMAT,
 * STEPWISE_LOG_BATCH_MS).
 */
export function loggerFromEnv(
  env: NodeJS.ProcessEnv,
  name: LoggerOptions['name'] = 'stepwise',
): Logger {
  return createLogger({
    level: logLevelSetting(env.STEPWISE_LOG_LEVEL),
    pretty: logFormatSetting(env.STEPWISE_LOG_FORMAT),
    batchMs: logBatchSetting(env.STEPWISE_LOG_BATCH_MS),
    name,
  });
}

/**
 * A function that took message lines before the logger existed (tests pass one to capture or
 * silence the log): a logger at level warn whose lines reach it as "message {fields}", scrubbed
 * like every other line.
 */
let fallback: Logger | undefined;

export function asLogger(log: Logger | ((message: string) => void) | undefined): Logger {
  // Code built without a logger (a bench, a test of one part): problems only, as JSON.
  if (log === undefined) return (fallback ??= createLogger({ level: 'warn', pretty: false }));
  if (typeof log !== 'function') return log;
  const lines = {
    write(line: string) {
      const {
        level: _level,
        time: _time,
        pid: _pid,
        hostname: _hostname,
        name: _name,
        msg,
        ...fields
      } = JSON.parse(line) as Record<string, unknown>;
      const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      log(`${String(msg ?? '')}${rest}`);
    },
  };
  return createLogger({ level: 'warn', destination: lines, pretty: false });
}
