import type { StepErrorCode } from './codes.js';

/** The serializable form stored in debug records and sent to the editor. */
export interface StepErrorJson {
  code: StepErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export interface StepErrorOptions {
  details?: Record<string, unknown>;
  /** Worth another attempt (429, 5xx, network). The step's onError.retries decides how many. */
  retryable?: boolean;
  /** Milliseconds the service asked us to wait (Retry-After); the retry honours it. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Every failure a step can have is a StepError: a code from the closed list, a message a
 * person can act on (which step, which field, which JSONPath, what was found), and details.
 * Connectors throw these; anything else thrown is wrapped as INTERNAL.
 */
export class StepError extends Error {
  readonly code: StepErrorCode;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: StepErrorCode, message: string, opts: StepErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = 'StepError';
    this.code = code;
    this.details = opts.details ?? {};
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }

  toJSON(): StepErrorJson {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isStepError(err: unknown): err is StepError {
  return (
    err instanceof StepError ||
    (typeof err === 'object' &&
      err !== null &&
      (err as { name?: unknown }).name === 'StepError' &&
      typeof (err as { code?: unknown }).code === 'string')
  );
}
