// The text of a log line whose fields are all plain values (strings, numbers, booleans, null),
// made here instead of by pino's walk over the fields. The lines every run and request writes
// (request, run.started, run.finished) are such lines, and pino's walk was the largest part of
// what logging cost a run: a keyed look-up in its serializers and stringifiers per field and
// its own escaping loop over every character (npm run bench:observability, docs/operations.md
// "Logs and metrics"). When no key or text needs escaping, the parts are joined as they stand;
// otherwise JSON.stringify makes them. The text is the one pino writes for the same call, byte
// for byte (test/server/flat-line.test.ts), except that a lone UTF-16 surrogate is written
// escaped (\ud800), as JSON.stringify does, where pino wrote it raw. Anything else (an object,
// an error, a header, format arguments, a key pino writes itself) goes through pino.
import { symbols, type Logger } from 'pino';
import { timestampAt } from './line-time.js';

/**
 * Keys left to pino: its own fields, the error key its serializer reads, and the places its
 * redaction looks at (logger.ts's HEADER_HOLDERS' first names).
 */
const LEFT_TO_PINO = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'err',
  'headers',
  'req',
  'res',
  'request',
  'response',
  'exchange',
]);

interface Parts {
  /** `{"level":"info"` by level number. */
  levels: Record<number, string>;
  /** `,"pid":…,"hostname":…,"name":…` and a child's bindings. */
  bindings: string;
  /** `}` and the line's end. */
  end: string;
}

type PinoInternals = Record<symbol, unknown>;
/** pino has it, its types do not name it. */
const MSG_PREFIX = (symbols as unknown as Record<string, symbol>).msgPrefixSym;

/** Per logger (a child has its own bindings): its parts, or null when it needs pino's walk. */
const partsOf = new WeakMap<Logger, Parts | null>();

function readParts(logger: Logger): Parts | null {
  const own = logger as unknown as PinoInternals;
  const serializers = Object.keys((own[symbols.serializersSym] as object) ?? {});
  const formatters = own[symbols.formattersSym] as { log?: unknown } | undefined;
  // Anything that changes a line's fields or message (a serializer besides pino's own for
  // errors, a log formatter, a mixin, a message prefix, a nested key) takes pino's way.
  const plain =
    serializers.every((key) => key === 'err') &&
    !formatters?.log &&
    !own[symbols.mixinSym] &&
    own[MSG_PREFIX] === undefined &&
    !own[symbols.nestedKeySym] &&
    own[symbols.messageKeySym] === 'msg';
  if (!plain) return null;
  return {
    levels: own[symbols.lsCacheSym] as Record<number, string>,
    bindings: own[symbols.chindingsSym] as string,
    end: own[symbols.endSym] as string,
  };
}

/**
 * The line for `logger.<level>(fields, message)` logged at `at` (ms), or undefined when it is
 * not such a call or a field is not a plain value. `clean` scrubs the JSON of the fields and of
 * the message: the rest of the line is pino's and the logger's own, and holds no secret.
 */
export function flatLine(
  logger: Logger,
  args: unknown[],
  level: number,
  at: number,
  clean: (json: string) => string = (json) => json,
) {
  if (args.length > 2) return undefined;
  const [fields, message] = args;
  if (typeof message !== 'string' && message !== undefined) return undefined;
  if (typeof fields !== 'object' || fields === null) return undefined;
  if (Object.getPrototypeOf(fields) !== Object.prototype) return undefined;
  let parts = partsOf.get(logger);
  if (parts === undefined) partsOf.set(logger, (parts = readParts(logger)));
  if (parts === null) return undefined;
  for (const key in fields) {
    const value = (fields as Record<string, unknown>)[key];
    const type = typeof value;
    if (type === 'object' ? value !== null : type === 'function' || type === 'bigint') {
      return undefined;
    }
    if (type === 'symbol' || LEFT_TO_PINO.has(key)) return undefined;
  }
  return flatText(parts, fields, message, level, at, clean);
}

/**
 * Fields a line is made of without pino's walk, checked by the type rather than at each line:
 * plain values only, and none of the keys pino writes itself.
 */
export type FlatFields = { [key: string]: string | number | boolean | undefined } & {
  [K in 'level' | 'time' | 'pid' | 'hostname' | 'name' | 'msg' | 'err']?: never;
};

/**
 * The line for fields known plain (FlatFields), or undefined when the logger is not one whose
 * lines this makes (flatLine's rules).
 */
export function typedFlatLine(
  logger: Logger,
  fields: FlatFields,
  message: string,
  level: number,
  at: number,
  clean: (json: string) => string,
) {
  let parts = partsOf.get(logger);
  if (parts === undefined) partsOf.set(logger, (parts = readParts(logger)));
  if (parts === null) return undefined;
  return flatText(parts, fields, message, level, at, clean);
}

/**
 * Whether JSON.stringify writes the text as it stands: no quote, backslash, control character or
 * UTF-16 surrogate (a paired one too, to keep the test short) in it.
 */
function plain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Texts and keys kept: at most this many, texts at most this long (no large text is kept). */
const MAX_KNOWN = 4096;
const MAX_KNOWN_LENGTH = 100;

/**
 * Texts found plain. The keys, messages and most values of the lines every run writes (event
 * names, statuses, a workflow's id, a path) come again and again, and a look-up (V8 keeps a
 * string's hash) costs less than reading their characters again. Emptied when full.
 */
const plainTexts = new Set<string>();

function plainText(text: string): boolean {
  if (plainTexts.has(text)) return true;
  if (!plain(text)) return false;
  if (text.length <= MAX_KNOWN_LENGTH) {
    if (plainTexts.size >= MAX_KNOWN) plainTexts.clear();
    plainTexts.add(text);
  }
  return true;
}

/** A plain key's part of a line: `,"key":` before a number, `,"key":"` before a text. */
interface KeyPart {
  bare: string;
  quoted: string;
}
/** Each key checked and its parts made once. */
const keyParts = new Map<string, KeyPart>();

function keyPart(key: string): KeyPart | undefined {
  let part = keyParts.get(key);
  if (part === undefined && plain(key)) {
    if (keyParts.size >= MAX_KNOWN) keyParts.clear();
    keyParts.set(key, (part = { bare: `,"${key}":`, quoted: `,"${key}":"` }));
  }
  return part;
}

function flatText(
  parts: Parts,
  fields: object,
  message: string | undefined,
  level: number,
  at: number,
  clean: (json: string) => string,
): string {
  const joined = joinedFields(fields, message);
  // One scrub for the fields and the message together.
  const own = joined === undefined ? stringifiedFields(fields, message) : joined;
  return `${parts.levels[level]}${timestampAt(at)}${parts.bindings}${clean(own)}${parts.end}`;
}

/**
 * The fields and the message as `,"key":value` each, joined as they stand, or undefined when a
 * text needs escaping. JSON.stringify's escaping loop went over every character of every key
 * and text (some 25 instructions a character, two calls a line: about 40 % of what logging cost
 * a run), where a look-up finds most texts known plain from earlier lines (plainText). Numbers
 * are written as JSON.stringify writes them (the same conversion; NaN and the infinities as
 * null).
 */
function joinedFields(fields: object, message: string | undefined): string | undefined {
  let own = '';
  for (const key in fields) {
    const value = (fields as Record<string, unknown>)[key];
    // Own fields only, as JSON.stringify and pino take them (not a key someone put on
    // Object.prototype).
    if (value === undefined || !Object.hasOwn(fields, key)) continue;
    const part = keyPart(key);
    if (part === undefined) return undefined;
    if (typeof value === 'string') {
      if (!plainText(value)) return undefined;
      own += part.quoted + value + '"';
    } else if (typeof value === 'number') {
      own += part.bare + (Number.isFinite(value) ? value : 'null');
    } else if (typeof value === 'boolean' || value === null) {
      own += part.bare + value;
    } else return undefined;
  }
  if (message === undefined) return own;
  if (!plainText(message)) return undefined;
  return own + ',"msg":"' + message + '"';
}

/** The same made with JSON.stringify: what needs escaping is escaped as pino does. */
function stringifiedFields(fields: object, message: string | undefined): string {
  const json = JSON.stringify(fields);
  // `{}` has no fields; otherwise its fields, without the braces, after pino's own.
  const own = json.length > 2 ? `,${json.slice(1, -1)}` : '';
  return message === undefined ? own : `${own},"msg":${JSON.stringify(message)}`;
}
