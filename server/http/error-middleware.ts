// The single place that answers a non-success under /api (and /hooks) with API.md's envelope:
// our ApiErrors, body-parser's errors (unparsable JSON, too large), and anything unexpected
// as a 500 that says nothing about the inside (no stack, no message that could hold a secret).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError } from '../errors.js';
import { asLogger, type Logger } from '../log/logger.js';
import { loggablePath } from '../log/request-log.js';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // The router could not percent-decode a part of the URL (`/api/workflows/%E0%A4%A`): the
  // caller's mistake, not a fault of ours.
  if (err instanceof URIError && (err as BodyParserError).status === 400) {
    return new ApiError(
      'VALIDATION',
      'The URL is not valid: a "%" in it is not followed by a valid escape',
      [{ path: '', message: 'Check the percent-encoding of the URL' }],
    );
  }
  const parserError = err as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new ApiError(
        'TOO_LARGE',
        `The request body is too large: the limit is ${Math.round((parserError.limit ?? 0) / 1024)} KiB`,
      );
    case 'entity.parse.failed':
      return new ApiError('VALIDATION', 'The request body is not valid JSON', [
        { path: '', message: 'Could not parse the body as JSON' },
      ]);
    case 'encoding.unsupported':
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The request body's Content-Encoding is not one the server reads: send it uncompressed, or as gzip, deflate or br`,
      );
    case 'charset.unsupported':
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body has a charset the server does not read: send UTF-8',
      );
    // A form body (webhooks read application/x-www-form-urlencoded) nested past qs's depth,
    // or with more fields than body-parser reads: say which, not "cut short".
    case 'querystring.parse.rangeError':
      return new ApiError(
        'VALIDATION',
        'The form body nests its fields too deep (a[b][c]…): at most 32 levels are read',
        [{ path: '', message: 'Nested more than 32 levels deep' }],
      );
    case 'parameters.too.many':
      return new ApiError(
        'TOO_LARGE',
        'The form body has too many fields: at most 1000 are read (send JSON for more)',
      );
    case 'request.aborted':
      return new ApiError('VALIDATION', 'The request was aborted before its body arrived');
  }
  // Anything else body-parser marks as the caller's fault (a "gzip" body that is not gzip,
  // a body cut short while inflating): a 4xx in the envelope, never a 500.
  const status = parserError?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new ApiError('TOO_LARGE', 'The request body is too large');
    if (status === 415)
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body is in a form the server does not read',
      );
    return new ApiError(
      'VALIDATION',
      'The request body could not be read: it was cut short, or its Content-Encoding (gzip, deflate, br) does not match what was sent',
      [{ path: '', message: 'Send the body again, uncompressed or correctly compressed' }],
    );
  }
  return new ApiError(
    'INTERNAL',
    'Something went wrong on the server. The server log has the details.',
  );
}

export function errorMiddleware(
  log: Logger | ((message: string) => void) | undefined = undefined,
): ErrorRequestHandler {
  const logger = asLogger(log);
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const apiError = toApiError(err);
    if (apiError.code === 'INTERNAL') {
      // The path and the error's own text go to the log; the answer stays generic.
      logger.error(
        { event: 'request.error', reqId: res.locals.reqId as string | undefined },
        `500 on ${req.method} ${loggablePath(req.originalUrl)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    for (const [name, value] of Object.entries(apiError.headers ?? {})) res.setHeader(name, value);
    res.status(apiError.status).json(apiError.toBody());
  };
}

/** An unknown route under /api is a 404 in the same envelope. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(
    new ApiError(
      'NOT_FOUND',
      `There is no ${req.method} ${req.originalUrl.split('?')[0]} in the API`,
    ),
  );
};
