// Regular expressions written in a workflow (text replace and extract) run inside the QuickJS
// sandbox, whose interrupt handler also stops its regex engine: a pattern that backtracks
// forever, such as (a+)+$, ends the step with an error after the time limit instead of
// freezing the server, which Node's own RegExp cannot be stopped from doing.
import type { ConnectorEnv } from '../../sdk/types.js';
import { invalid } from '../common/invalid.js';
import { runInSandbox } from './cache.js';
import { sandboxLimits } from './limits.js';

export type RegexRequest =
  | { op: 'replace'; text: string; pattern: string; replaceWith: string; all: boolean }
  | { op: 'extract'; text: string; pattern: string; group: number | string; all: boolean };

export type RegexAnswer = { text: string } | { matches: (string | null)[] };

// Ours, not an author's: one sandbox serves every regex step.
const REGEX_CODE = String.raw`(function (req) {
  'use strict';
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(req.pattern);
  const source = literal ? literal[1] : req.pattern;
  let flags = literal ? literal[2] : '';
  if (req.all && !flags.includes('g')) flags += 'g';
  if (!req.all) flags = flags.replace('g', '');
  const re = new RegExp(source, flags);
  if (req.op === 'replace') return { text: req.text.replace(re, req.replaceWith) };
  const found = req.all ? [...req.text.matchAll(re)] : [re.exec(req.text)].filter((m) => m !== null);
  const pick = (m) => {
    const g = typeof req.group === 'number' ? m[req.group] : m.groups?.[req.group];
    return g === undefined ? null : g;
  };
  if (found.length > 0 && typeof req.group === 'string' && !(found[0].groups && req.group in found[0].groups))
    throw new RangeError('the pattern has no group named "' + req.group + '"');
  if (found.length > 0 && typeof req.group === 'number' && req.group >= found[0].length)
    throw new RangeError('the pattern has ' + (found[0].length - 1) + ' group(s), so there is no group ' + req.group);
  return { matches: found.map(pick) };
})`;

/** Run one regex request; a bad pattern or group is INPUT_INVALID naming `field` or `group`. */
export async function runRegex(
  request: RegexRequest,
  field: string,
  env: ConnectorEnv,
): Promise<RegexAnswer> {
  const { timeLimitMs: limitMs, memoryMb } = sandboxLimits(env);
  const outcome = await runInSandbox(
    'regex',
    REGEX_CODE,
    (code) => code,
    0,
    JSON.stringify(request),
    { timeLimitMs: limitMs, memoryBytes: memoryMb * 1024 * 1024 },
  );
  if (outcome.ok) return outcome.result as RegexAnswer;
  const { failure } = outcome;
  if (failure.kind === 'timeout')
    throw invalid(
      field,
      `the pattern took longer than ${limitMs} ms on this text and was stopped. Patterns with nested repeats such as (a+)+ can take forever: simplify it.`,
    );
  if (failure.kind === 'memory')
    throw invalid(field, 'the text or the result is too large to work on with a pattern');
  if (failure.name === 'RangeError' && failure.message.includes('group'))
    throw invalid('group', failure.message);
  if (failure.name === 'SyntaxError')
    throw invalid(
      field,
      `"${request.pattern}" is not a valid regular expression: ${failure.message}`,
    );
  throw invalid(field, `the pattern could not be used: ${failure.message}`);
}
