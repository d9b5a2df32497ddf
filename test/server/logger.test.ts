// The logger itself (server/log): every line is scrubbed of every remembered secret in every
// form, credential headers are redacted by path, the secrets a run's scrubber learns reach the
// process's list, the list stays bounded, and the settings refuse what they do not know.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretForms } from '../../engine/index.js';
import { lineFile } from '../../server/log/line-file.js';
import { createLogSecrets, logSecrets } from '../../server/log/log-secrets.js';
import {
  asLogger,
  createLogger,
  flushLogger,
  levelOn,
  logBatchSetting,
  logFormatSetting,
  logFlat,
  logLevelSetting,
  type LoggerOptions,
} from '../../server/log/logger.js';
import { createSecretScrubber } from '../../server/services/scrub.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'tok"en/with+plus=and\\slash';

/** A logger that writes info lines in batches and knows SECRET. */
function batchingLogger(destination: LoggerOptions['destination'], batchMs?: number) {
  const secrets = createLogSecrets();
  secrets.add(SECRET);
  return createLogger({ level: 'info', pretty: false, defer: true, batchMs, secrets, destination });
}

function capture(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const secrets = createLogSecrets();
  const logger = createLogger({
    level,
    pretty: false,
    secrets,
    destination: { write: (line: string) => lines.push(line) },
  });
  return { lines, secrets, logger };
}

describe('the logger', () => {
  it('writes one JSON line per event with its level, time and fields', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'run.started', runId: 'run_1', workflowId: 'wf_1' }, 'Run run_1 started');
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      event: 'run.started',
      runId: 'run_1',
      workflowId: 'wf_1',
      msg: 'Run run_1 started',
      name: 'stepwise',
    });
    expect(Number.isNaN(Date.parse(JSON.parse(lines[0]).time))).toBe(false);
  });

  it('scrubs every form of a remembered secret, wherever it is in the line', () => {
    const { lines, secrets, logger } = capture();
    secrets.add(SECRET);
    for (const form of secretForms(SECRET)) {
      logger.warn(`in the message: ${form}`);
      logger.warn({ nested: { deep: [form] } }, 'in a field');
      logger.error({ err: new Error(`failed with ${form}`) }, 'in an error');
    }
    const text = lines.join('');
    for (const form of secretForms(SECRET)) {
      expect(text).not.toContain(form);
      expect(text).not.toContain(JSON.stringify(form).slice(1, -1));
    }
    expect(text).toContain('[redacted]');
    // Still JSON after scrubbing.
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('redacts credential headers by name', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k' } },
        res: { headers: { 'set-cookie': 'sid=2' } },
        exchange: { request: { headers: { 'app-token': 't' } } },
      },
      'headers',
    );
    const line = JSON.parse(lines[0]);
    expect(line.req.headers).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-api-key': '[redacted]',
    });
    expect(line.res.headers['set-cookie']).toBe('[redacted]');
    expect(line.exchange.request.headers['app-token']).toBe('[redacted]');
  });

  it("learns the secrets a run's scrubber learns", () => {
    const value = `obtained-at-run-time-${Date.now()}`;
    createSecretScrubber().addValue(value);
    expect(logSecrets.scrub(`token ${value}`)).toBe('token [redacted]');
    expect(logSecrets.scrub(Buffer.from(value).toString('base64'))).not.toContain(
      Buffer.from(value).toString('base64'),
    );
  });

  it('keeps the most recently seen secrets when there are too many', () => {
    const secrets = createLogSecrets(3);
    for (const s of ['secret-one', 'secret-two', 'secret-three']) secrets.add(s);
    secrets.add('secret-one'); // seen again: now the newest
    secrets.add('secret-four');
    expect(secrets.size).toBe(3);
    expect(secrets.scrub('secret-one secret-two secret-four')).toBe(
      '[redacted] secret-two [redacted]',
    );
  });

  it('hands a function the problems as "message {fields}"', () => {
    const got: string[] = [];
    const logger = asLogger((m) => got.push(m));
    logger.info('not a problem');
    logger.warn({ runId: 'run_1' }, 'run run_1: could not store a record');
    expect(got).toEqual(['run run_1: could not store a record {"runId":"run_1"}']);
  });

  it('says which levels it writes, as pino does, when its level changes too', () => {
    const log = createLogger({ level: 'info', pretty: false, destination: { write() {} } });
    const asked = () => (['debug', 'info', 'warn'] as const).map((l) => levelOn(log, l));
    expect(asked()).toEqual([false, true, true]);
    for (const level of ['debug', 'warn', 'error', 'silent', 'trace'] as const) {
      log.level = level;
      expect(asked(), level).toEqual(
        (['debug', 'info', 'warn'] as const).map((l) => log.isLevelEnabled(l)),
      );
    }
    expect(levelOn(log.child({ a: 1 }, { level: 'debug' }), 'debug')).toBe(true);
  });

  it('refuses a level or format it does not know, naming the setting', () => {
    expect(logLevelSetting(undefined)).toBe('info');
    expect(logLevelSetting(' DEBUG ')).toBe('debug');
    expect(() => logLevelSetting('verbose')).toThrow(
      /STEPWISE_LOG_LEVEL must be one of .*"verbose"/,
    );
    expect(logFormatSetting('json')).toBe(false);
    expect(logFormatSetting('pretty')).toBe(true);
    expect(logFormatSetting('')).toBeUndefined();
    expect(() => logFormatSetting('xml')).toThrow(/STEPWISE_LOG_FORMAT/);
    expect(logBatchSetting(undefined)).toBe(50);
    expect(logBatchSetting(' 0 ')).toBe(0);
    expect(logBatchSetting('250')).toBe(250);
    for (const bad of ['-1', '1.5', 'soon', '60001', '1e3'])
      expect(() => logBatchSetting(bad), bad).toThrow(
        new RegExp(`STEPWISE_LOG_BATCH_MS must be a whole number .* not "${bad}"`),
      );
  });

  it('waits as long as its batch setting says; 0 writes each info line at once', async () => {
    const capture = (batchMs: number) => {
      const lines: string[] = [];
      const logger = createLogger({
        level: 'info',
        pretty: false,
        defer: true,
        batchMs,
        secrets: createLogSecrets(),
        destination: { write: (text: string) => lines.push(...text.split('\n').filter(Boolean)) },
      });
      return { lines, logger };
    };
    const now = capture(0);
    now.logger.info('at once');
    expect(now.lines).toHaveLength(1);
    const slow = capture(200);
    slow.logger.info('later');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.lines).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slow.lines).toHaveLength(1);
  });

  it('writes info lines in batches, in order, with the time they were logged; a problem at once', async () => {
    const lines: string[] = [];
    const writes: string[] = [];
    const logger = createLogger({
      level: 'info',
      pretty: false,
      defer: true,
      secrets: createLogSecrets(),
      destination: {
        write: (text: string) => {
          writes.push(text);
          lines.push(...text.split('\n').filter(Boolean));
        },
      },
    });
    const before = Date.now();
    logger.info({ n: 1 }, 'first');
    logger.info('second');
    expect(lines).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    logger.warn({ n: 3 }, 'a problem');
    // The problem is written at once, after the lines logged before it.
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['first', 'second', 'a problem']);
    // The batch is one write (one system call), the problem another.
    expect(writes).toHaveLength(2);
    const [first, , problem] = lines.map((l) => JSON.parse(l));
    expect(Date.parse(first.time)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(problem.time) - Date.parse(first.time)).toBeGreaterThanOrEqual(15);
    logger.info('third');
    expect(lines).toHaveLength(3);
    flushLogger(logger);
    expect(JSON.parse(lines[3]).msg).toBe('third');
    logger.info('fourth');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(JSON.parse(lines[4]).msg).toBe('fourth');
  });

  it('keeps a batch encoded in its line file, one write per batch, the problem line after it', () => {
    const dir = tempDir('stepwise-logger-');
    try {
      const path = join(dir.path, 'out.log');
      const file = lineFile(path);
      const writes: number[] = [];
      const logger = batchingLogger(
        {
          write: file.write,
          append: file.append,
          flush: () => {
            writes.push(readFileSync(path, 'utf8').length);
            file.flush();
          },
        },
        60_000,
      );
      const read = () => readFileSync(path, 'utf8').split('\n').filter(Boolean);
      logFlat(logger, 'info', { event: 'request', token: SECRET }, 'Request answered');
      logger.info({ nested: { a: 1 } }, 'through pino');
      logFlat(logger, 'info', { event: 'run.started' }, 'Run started');
      expect(read()).toEqual([]);
      logFlat(logger, 'warn', { event: 'run.finished' }, 'Run failed');
      expect(read().map((l) => JSON.parse(l).msg)).toEqual([
        'Request answered',
        'through pino',
        'Run started',
        'Run failed',
      ]);
      expect(read()[0]).toContain('"token":"[redacted]"');
      expect(readFileSync(path, 'utf8')).not.toContain(JSON.stringify(SECRET).slice(1, -1));
      expect(writes).toHaveLength(1);
      file.end();
    } finally {
      dir.remove();
    }
  });

  it('writes a batched line as a line written at once: the same fields in the same order, redaction and serializers kept', () => {
    const direct = capture();
    const batched: string[] = [];
    const logger = batchingLogger({
      write: (text: string) => batched.push(...text.split('\n').filter(Boolean)),
    });
    direct.secrets.add(SECRET);
    const lines: [Record<string, unknown>, string?][] = [
      [{ event: 'request', reqId: 'a-1', status: 200, ms: 1.5, userId: undefined }, 'POST /x 200'],
      [{ event: 'run.started', runId: 'run_1', quote: 'say "hi"\n\u0000\ud800' }, 'Run run_1'],
      [{ nested: { a: [1, 2], b: null }, big: Number.POSITIVE_INFINITY, secret: SECRET }],
      [{}, 'no fields'],
      // Through pino: redaction, the error serializer, a BigInt, pino's own names.
      [{ headers: { authorization: 'Bearer x', accept: 'json' } }, 'with headers'],
      [{ err: new Error('boom') }, 'an error'],
      [{ count: 10n }, 'a BigInt'],
      [{ msg: 'inner', level: 'x' }, 'outer'],
    ];
    for (const [fields, message] of lines) {
      direct.logger.info(fields, message);
      logger.info(fields, message);
    }
    logger.info('just a message');
    direct.logger.info('just a message');
    logger.info('format %s', 'arguments');
    direct.logger.info('format %s', 'arguments');
    flushLogger(logger);
    const strip = (line: string) => {
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Key order too: a reader scanning lines sees them alike.
      return JSON.stringify(rest);
    };
    expect(batched.map(strip)).toEqual(direct.lines.map(strip));
    expect(batched.join('\n')).not.toContain('Bearer x');
    expect(batched.join('\n')).not.toContain(SECRET);
    expect(JSON.parse(batched[5]).err.message).toBe('boom');
  });

  it('prints readable lines for a person at a terminal', () => {
    const lines: string[] = [];
    const logger = createLogger({
      pretty: true,
      secrets: createLogSecrets(),
      destination: { write: (line: string) => lines.push(line) },
    });
    logger.info({ runId: 'run_1' }, 'Run run_1 started');
    expect(lines[0]).toMatch(/INFO.*Run run_1 started/);
    expect(() => JSON.parse(lines[0])).toThrow();
  });
});
