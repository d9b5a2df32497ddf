// Flat lines (server/log/flat-line.ts): a line of plain fields, joined as it stands or made by
// JSON.stringify when a text needs escaping, is the line pino makes for the same call, byte for
// byte, and anything pino must see still goes through pino (redaction, serializers, format
// arguments, its own names).
import { describe, expect, it } from 'vitest';
import { createLogSecrets } from '../../server/log/log-secrets.js';
import type { FlatFields } from '../../server/log/flat-line.js';
import { createLogger, flushLogger, logFlat, type Logger } from '../../server/log/logger.js';

function logger(flat: boolean, defer = false) {
  const lines: string[] = [];
  const secrets = createLogSecrets();
  const log = createLogger({
    level: 'debug',
    pretty: false,
    flat,
    defer,
    secrets,
    destination: { write: (text: string) => lines.push(...text.split(/(?<=\n)/)) },
  });
  return { lines, log, secrets };
}

/** The same text but for the time each line was logged at. */
const untimed = (line: string) =>
  line.replace(/,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/, ',"time":"T"');

const LONG = `${'a "quoted" \\ word '.repeat(8)}end`;
const CALLS: [string, Record<string, unknown>, string?][] = [
  ['info', { event: 'request', reqId: 'a-1', method: 'POST', status: 200, ms: 1.5 }, 'POST /x 200'],
  ['info', { event: 'run.started', runId: 'run_1', trigger: 'manual', userId: undefined }, 'Run'],
  ['info', { quote: 'say "hi"\n\t\u0000\u001f', back: 'C:\\dir', long: LONG }, LONG],
  ['info', { word: 'café ☕ 𝄞', sep: 'a\u2028b\u2029c', empty: '' }, 'ünïcode ✓'],
  ['info', { nan: Number.NaN, inf: -Infinity, zero: -0, big: 1e21, tiny: 5e-7, f: 0.1 + 0.2 }],
  ['info', { yes: true, no: false, none: null }, ''],
  ['debug', { event: 'step.finished', place: 'loop-1[3].post' }, 'Step'],
  ['warn', { event: 'run.finished', status: 'failed', error: 'Boom: "x"' }, 'Run failed'],
  ['error', { code: 'E1' }, 'a problem'],
  ['info', {}, 'no fields'],
  ['info', { only: 'fields' }],
  // pino's way, shown alike: objects, errors, headers, pino's own names, a BigInt.
  ['info', { nested: { a: [1, 2], b: null } }, 'nested'],
  ['info', { headers: { authorization: 'Bearer x', accept: 'json' } }, 'with headers'],
  ['info', { err: new Error('boom') }, 'an error'],
  ['info', { msg: 'inner', level: 'x', time: 1, pid: 2 }, 'outer'],
  ['info', { count: 10n }, 'a BigInt'],
];

function logAll(log: Logger) {
  for (const [level, fields, message] of CALLS)
    (log[level as 'info'] as (f: object, m?: string) => void)(fields, message);
  log.info('just a message');
  log.info('format %s and %d', 'arguments', 3);
  log.child({ reqId: 'child-1' }).info({ a: 1 }, 'from a child');
}

describe('flat lines', () => {
  it("are pino's lines byte for byte, and what pino must see still goes through pino", () => {
    const flat = logger(true);
    const viaPino = logger(false);
    logAll(flat.log);
    logAll(viaPino.log);
    expect(flat.lines.length).toBe(CALLS.length + 3);
    expect(flat.lines.map(untimed)).toEqual(viaPino.lines.map(untimed));
    for (const line of flat.lines) {
      expect(line.endsWith('}\n')).toBe(true);
      JSON.parse(line);
    }
    expect(flat.lines.join('')).not.toContain('Bearer x');
  });

  it("made by logFlat (typed fields, no pino call) are pino's lines too, in order and level", () => {
    const typed: ['info' | 'debug' | 'warn', FlatFields, string][] = [
      ['info', { event: 'request', reqId: 'a-1', method: 'POST', status: 200, ms: 1.5 }, 'Request'],
      ['warn', { event: 'run.finished', status: 'failed', error: 'Boom: "x"\n' }, 'Run failed'],
      ['debug', { event: 'step.finished', place: 'a[1]', userId: undefined }, 'Step finished'],
      ['info', { word: 'café ☕ 𝄞', sep: 'a\u2028b', nan: Number.NaN, yes: true }, 'ünïcode'],
    ];
    const flat = logger(true, true);
    const viaPino = logger(false);
    for (const [level, fields, message] of typed) {
      logFlat(flat.log, level, fields, message);
      viaPino.log[level](fields, message);
    }
    flushLogger(flat.log);
    // The warn line is written at once, after the info line that waited before it.
    expect(flat.lines.map(untimed)).toEqual(viaPino.lines.map(untimed));
    // Below the logger's level, nothing; a child logger goes through pino, with its bindings.
    const written: string[] = [];
    const quiet = createLogger({
      level: 'warn',
      pretty: false,
      destination: { write: (text: string) => written.push(text) },
    });
    const child = createLogger({
      level: 'info',
      pretty: false,
      destination: { write: (text: string) => written.push(text) },
    }).child({ part: 'x' });
    logFlat(quiet, 'info', { a: 1 }, 'not written');
    logFlat(child, 'info', { a: 1 }, 'through pino');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toMatchObject({ part: 'x', a: 1, msg: 'through pino' });
  });

  it('write any text as JSON.stringify would: 2,000 random lines against pino', () => {
    // Texts drawn from the characters that need escaping and their neighbours: the line joins a
    // text as it stands only when none of its characters needs escaping.
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '/',
      '\n',
      '\u0000',
      '\u001f',
      ' ',
      '~',
      '\u007f',
      'é',
      '\u2028',
      '☕',
      '\ud834\udd1e',
      '\ud800',
      '\udfff',
      '\ud7ff',
      '\ue000',
      '{',
      ':',
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const text = () => {
      let out = '';
      for (let i = random(6); i > 0; i--) out += alphabet[random(alphabet.length)];
      return out;
    };
    const flat = logger(true, true);
    const viaPino = logger(false);
    for (let i = 0; i < 2000; i++) {
      const fields: FlatFields = { event: 'e', a: text(), n: random(3) === 0 ? -0 : i / 7 };
      if (random(2)) fields.b = text();
      const message = text();
      logFlat(flat.log, 'info', fields, message);
      viaPino.log.info(fields, message);
    }
    flushLogger(flat.log);
    // pino writes a lone surrogate raw where a flat line escapes it; both read back alike.
    const parsed = (lines: string[]) => lines.map((l) => JSON.parse(untimed(l)));
    expect(parsed(flat.lines)).toEqual(parsed(viaPino.lines));
    // Every other line is the same text.
    const raw = /[\ud800-\udfff]/;
    const same = viaPino.lines.flatMap((line, i) => (raw.test(line) ? [] : [i]));
    expect(same.length).toBeGreaterThan(1000);
    expect(same.map((i) => untimed(flat.lines[i]))).toEqual(
      same.map((i) => untimed(viaPino.lines[i])),
    );
  });

  it('leave out a key put on Object.prototype, as pino does', () => {
    const { lines, log } = logger(true);
    const proto = Object.prototype as Record<string, unknown>;
    proto.planted = 'from the prototype';
    try {
      logFlat(log, 'info', { event: 'e', a: 'b' }, 'own fields');
      log.info({ event: 'e', c: 1 }, 'through the hook');
    } finally {
      delete proto.planted;
    }
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('planted');
    expect(JSON.parse(lines[0])).toMatchObject({ event: 'e', a: 'b', msg: 'own fields' });
  });

  it('escape a lone surrogate, where pino wrote it raw (and the line was not valid UTF-8)', () => {
    const { lines, log } = logger(true);
    log.info({ half: 'a\ud800b' }, 'half a pair');
    expect(lines[0]).toContain('"half":"a\\ud800b"');
    expect(JSON.parse(lines[0]).half).toBe('a\ud800b');
  });

  it('are made when logged: a field changed afterwards does not reach a waiting line', () => {
    const { lines, log } = logger(true, true);
    const fields = { event: 'run.started', runId: 'run_1' };
    log.info(fields, 'Run started');
    fields.runId = 'changed';
    expect(lines).toHaveLength(0);
    flushLogger(log);
    expect(JSON.parse(lines[0]).runId).toBe('run_1');
  });

  it('are scrubbed of secrets like every other line', () => {
    const { lines, log, secrets } = logger(true);
    secrets.add('s3cret-value/+=');
    log.info({ token: 's3cret-value/+=', url: 's3cret-value%2F%2B%3D' }, 'has s3cret-value/+=');
    expect(lines[0]).not.toContain('s3cret');
    expect(JSON.parse(lines[0]).token).toBe('[redacted]');
  });
});
