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
  return express.json({
    limit: options.limit,
    ...(options.type ? { type: options.type } : {}),
    // Thrown here, body-parser passes our ApiError on with its own status (400).
    verify: (_req, _res, body) => {
      if (jsonDeeperThan(body, maxDepth)) throw tooDeep(maxDepth);
    },
  });
}

export function tooDeep(maxDepth: number): ApiError {
  return new ApiError(
    'VALIDATION',
    `The JSON body nests objects and lists more than ${maxDepth} levels deep; the limit is ${maxDepth} (the setting STEPWISE_MAX_JSON_DEPTH)`,
    [{ path: '', message: `Nested more than ${maxDepth} levels deep` }],
  );
}
