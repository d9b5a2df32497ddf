// The one error type services and routes throw for an answer that is not a success. The error
// middleware turns it into API.md's envelope; anything else becomes a 500 without details.
import type { z } from 'zod';

export type ApiErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'SERVICE_FAILED';

export interface Issue {
  path: string;
  message: string;
}

const statusOf: Record<ApiErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** A connector's service failed a call made for the editor (listing dynamic choices). */
  SERVICE_FAILED: 502,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf[code];
  }

  toBody(): { error: { code: ApiErrorCode; message: string; issues?: Issue[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues ? { issues: this.issues } : {}),
      },
    };
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError('NOT_FOUND', `${what} "${id}" does not exist`);
export const invalid = (message: string, issues: Issue[]) =>
  new ApiError('VALIDATION', message, issues);

/** zod's issues as ours: a dotted path (under `prefix`) and the message. */
export function zodIssues(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: i.message };
  });
}
