// express.json with a bound on nesting: a body nested deeper than `maxDepth` (objects and
// lists inside each other) is a 400 naming the limit, read before it is parsed. Parsing a
// 100,000-deep body is quick, but every recursive walk after it (the schema, the recorder,
// JSON.stringify) would overflow the stack and answer 500.
import express, { type RequestHandler } from 'express';
import { DEFAULT_MAX_JSON_DEPTH, jsonDeeperThan } from '../../engine/index.js';
import { ApiError } from '../errors.js';

export interface JsonBodyOptions {
  limit: string;
  maxDepth?: number;
  type?: string | string[];
}

export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const parse = express.json({
    limit: options.limit,
    ...(options.type ? { type: options.type } : {}),
    // Thrown here, body-parser passes our ApiError on with its own status (400).
    verify: (_req, _res, body) => {
      if (jsonDeeperThan(body, maxDepth)) throw tooDeep(maxDepth);
    },
  });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      // JSON.parse reads 1e999 as Infinity, which is stored (and answered) as null: the
      // value would be lost without a word. Refused, naming where it is.
      const where = nonFiniteNumberAt(req.body, '', maxDepth);
      if (where !== undefined)
        return next(
          new ApiError('VALIDATION', 'The JSON body has a number too large to keep', [
            { path: where, message: 'This number is too large (past 1.8e308): send it as text' },
          ]),
        );
      next();
    });
  };
}

/** The dotted path of the first number that is not finite, or undefined. Depth is bounded above. */
function nonFiniteNumberAt(value: unknown, path: string, depthLeft: number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || depthLeft < 0) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteNumberAt(item, path ? `${path}.${key}` : key, depthLeft - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function tooDeep(maxDepth: number): ApiError {
  return new ApiError(
    'VALIDATION',
    `The JSON body nests objects and lists more than ${maxDepth} levels deep; the limit is ${maxDepth} (the setting STEPWISE_MAX_JSON_DEPTH)`,
    [{ path: '', message: `Nested more than ${maxDepth} levels deep` }],
  );
}
