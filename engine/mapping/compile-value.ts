// Values (WORKFLOW-FORMAT.md "Values"): a literal is itself, { "$jsonpath": … } is evaluated,
// "{$.path}" pieces in strings are interpolated, objects and arrays member by member.
// A value is compiled once per step so that a loop only pays for the dynamic parts.
import { StepError } from '../errors/step-error.js';
import type { RunDocument } from '../run/run-document.js';
import {
  evaluateDefinite,
  evaluatePath,
  explainMiss,
  parsePath,
  type ParsedPath,
} from './evaluate-path.js';
import { parseTemplate } from './template.js';

export type Resolver = (doc: RunDocument) => unknown;

export interface Compiled {
  /** True when the value has no reference at all: `value` is then the literal, shared as is. */
  constant: boolean;
  value?: unknown;
  resolve: Resolver;
}

export interface Where {
  stepId: string;
  /** The input field: `text`, `query.fields.0.term`, `conditions.1.left`, `list`. */
  field: string;
}

/** `{ "$jsonpath": "...", "default"?: … }` and nothing else. */
export function isPathRef(value: unknown): value is { $jsonpath: string; default?: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const ref = value as Record<string, unknown>;
  if (typeof ref.$jsonpath !== 'string') return false;
  for (const key in ref) if (key !== '$jsonpath' && key !== 'default') return false;
  return true;
}

const constant = (value: unknown): Compiled => ({ constant: true, value, resolve: () => value });

/** Compile a value; `where` names the step and field in every error message. */
export function compileValue(spec: unknown, where: Where): Compiled {
  if (typeof spec === 'string') return compileString(spec, where);
  if (spec === null || typeof spec !== 'object') return constant(spec);
  if (isPathRef(spec)) return compileRef(spec, where);
  if (Array.isArray(spec)) return compileArray(spec, where);
  return compileObject(spec as Record<string, unknown>, where);
}

function compileArray(spec: unknown[], where: Where): Compiled {
  const items = spec.map((item, i) => compileValue(item, child(where, String(i))));
  if (items.every((c) => c.constant)) return constant(spec);
  return {
    constant: false,
    resolve: (doc) => {
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = items[i].resolve(doc);
      return out;
    },
  };
}

function compileObject(spec: Record<string, unknown>, where: Where): Compiled {
  const keys = Object.keys(spec);
  const members = keys.map((key) => compileValue(spec[key], child(where, key)));
  if (members.every((c) => c.constant)) return constant(spec);
  return {
    constant: false,
    resolve: (doc) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]] = members[i].resolve(doc);
      return out;
    },
  };
}

function child(where: Where, key: string): Where {
  return { stepId: where.stepId, field: where.field ? `${where.field}.${key}` : key };
}

function compileRef(spec: { $jsonpath: string; default?: unknown }, where: Where): Compiled {
  const parsed = parseOrThrow(spec.$jsonpath, where);
  const hasDefault = 'default' in spec;
  const fallback = spec.default;
  return {
    constant: false,
    resolve: (doc) => {
      const found = lookup(parsed, doc, where, hasDefault);
      return found === MISSING ? fallback : found;
    },
  };
}

const MISSING = Symbol('missing');

/** One value for a definite path, the array of matches for an indefinite one. */
function lookup(parsed: ParsedPath, doc: RunDocument, where: Where, quiet: boolean): unknown {
  if (!parsed.definite) {
    const all = evaluateBounded(parsed, doc, where);
    for (let i = 0; i < all.length; i++) all[i] = detach(all[i], doc);
    return all;
  }
  const found = evaluateDefinite(parsed, doc);
  if (found !== undefined) return detach(found, doc);
  if (quiet) return MISSING;
  throw nothingFound(parsed, doc, where);
}

/**
 * `$` and `$.steps` are live: the run adds each output to them. Handed out as they are, a
 * step whose input maps `$.steps` would hold itself once its output is added (a cycle no
 * record or checkpoint can be written from): hand out a copy of them as they are now.
 */
function detach(value: unknown, doc: RunDocument): unknown {
  if (value === doc.steps) return { ...doc.steps };
  if (value === doc) return { ...doc, steps: { ...doc.steps } };
  return value;
}

/** An indefinite path, whose work is bounded: past the bound a step error, never a stall. */
function evaluateBounded(parsed: ParsedPath, doc: RunDocument, where: Where): unknown[] {
  try {
    return evaluatePath(parsed, doc);
  } catch (err) {
    throw new StepError(
      'MAPPING_FAILED',
      `Step "${where.stepId}", input "${where.field}": ${(err as Error).message}`,
      { details: { stepId: where.stepId, field: where.field, path: parsed.path } },
    );
  }
}

function nothingFound(parsed: ParsedPath, doc: RunDocument, where: Where): StepError {
  const why = explainMiss(parsed, doc);
  return new StepError(
    'MAPPING_FAILED',
    `Step "${where.stepId}", input "${where.field}": the path ${parsed.path} found nothing${why ? ` (${why})` : ''}`,
    { details: { stepId: where.stepId, field: where.field, path: parsed.path } },
  );
}

function parseOrThrow(path: string, where: Where): ParsedPath {
  try {
    return parsePath(path);
  } catch (err) {
    throw new StepError(
      'MAPPING_FAILED',
      `Step "${where.stepId}", input "${where.field}": ${(err as Error).message}`,
      {
        details: { stepId: where.stepId, field: where.field, path },
      },
    );
  }
}

function compileString(spec: string, where: Where): Compiled {
  const parts = parseTemplate(spec);
  if (parts === null) return constant(spec);
  const compiled = parts.map((part) =>
    typeof part === 'string' ? part : parseOrThrow(part.path, where),
  );
  if (compiled.every((p) => typeof p === 'string')) return constant(compiled.join(''));
  return {
    constant: false,
    resolve: (doc) => {
      let out = '';
      for (const part of compiled)
        out += typeof part === 'string' ? part : toText(lookup(part, doc, where, false));
      return out;
    },
  };
}

/** Objects become JSON text; text stays text. */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
