// Every body and query goes through a zod schema; a bad one is a 400 naming each bad field.
import type { z } from 'zod';
import { friendlyError } from '../../engine/index.js';
import { ApiError, zodIssues } from '../errors.js';

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix: string,
): z.output<S> {
  // Plain words ("Required", "Expected text, got a number"), as in the document's own problems.
  const result = schema.safeParse(value, { error: friendlyError });
  if (!result.success)
    throw new ApiError('VALIDATION', `The ${what} is not valid`, zodIssues(result.error, prefix));
  return result.data;
}

export const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> =>
  parse(schema, body ?? {}, 'request body', '');
export const parseQuery = <S extends z.ZodType>(schema: S, query: unknown): z.output<S> =>
  parse(schema, query ?? {}, 'query string', '');
