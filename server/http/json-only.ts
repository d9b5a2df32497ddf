// JSON endpoints read JSON only. A body of another type (an HTML form's text/plain or
// urlencoded post, which a foreign page can send without a CORS preflight) is a 415, never
// read as an empty object.
import type { RequestHandler } from 'express';
import { ApiError } from '../errors.js';

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

function isJson(type: string): boolean {
  const mime = type.split(';')[0].trim().toLowerCase();
  return mime === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mime);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const type = req.headers['content-type'];
  // A body-less POST (cancel, rotate a token) may carry no type at all.
  if (type === undefined ? !hasBody(req.headers) : isJson(type)) return next();
  next(
    new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `This endpoint reads JSON: send the body with "Content-Type: application/json"${type ? `, not "${type.split(';')[0]}"` : ''}`,
    ),
  );
};
