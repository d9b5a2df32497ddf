// Turning an HTTP failure into a StepError a person can act on: which service, what status,
// and the service's own words.
import { StepError } from '../../engine/errors/step-error.js';
import type { HttpExchange } from './types.js';

const MAX_TEXT = 300;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The service's own error text from a parsed body (Totango `_error`, Slack `error`, Salesforce `[{ message }]`, OAuth `error_description`). */
export function serviceErrorText(body: unknown, text: string): string | undefined {
  if (Array.isArray(body)) {
    const first: unknown = body[0];
    if (first && typeof first === 'object') {
      const o = first as Record<string, unknown>;
      const msg = str(o.message) ?? str(o.error);
      if (msg) return str(o.errorCode) ? `${String(o.errorCode)}: ${msg}` : msg;
    }
  } else if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const nested =
      o.error && typeof o.error === 'object'
        ? str((o.error as Record<string, unknown>).message)
        : undefined;
    const found =
      str(o._error) ??
      str(o.error_description) ??
      str(o.message) ??
      nested ??
      str(o.error) ??
      str(o.detail) ??
      str(o.title);
    if (found) return found.slice(0, MAX_TEXT);
    if (Array.isArray(o.errors)) return serviceErrorText(o.errors, '');
  }
  const t = text.trim();
  if (t === '' || t.startsWith('<') || t.startsWith('GIF')) return undefined;
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function details(ex: HttpExchange): Record<string, unknown> {
  return { request: ex.request, response: ex.response, attempt: ex.attempt };
}

function said(text: string | undefined): string {
  return text ? `: "${text}".` : '.';
}

export function statusError(
  service: string,
  ex: HttpExchange,
  serviceText: string | undefined,
  retryAfterMs: number | undefined,
): StepError {
  const status = ex.response?.status ?? 0;
  const where = `${ex.request.method} ${new URL(ex.request.url).pathname}`;
  if (status === 401) {
    return new StepError(
      'AUTH_FAILED',
      `${service} rejected the credentials (HTTP 401 on ${where})${said(serviceText)} Check the authentication's token or password.`,
      { details: details(ex) },
    );
  }
  if (status === 429) {
    const wait =
      retryAfterMs !== undefined ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new StepError(
      'RATE_LIMITED',
      `${service} is limiting calls (HTTP 429 on ${where}) and still refused after our retries.${wait}${serviceText ? ` It said: "${serviceText}"` : ''}`,
      {
        details: details(ex),
        retryable: true,
        retryAfterMs,
      },
    );
  }
  const server = status >= 500;
  const hint = server ? ' The service had a problem on its side; trying again later may work.' : '';
  return new StepError(
    `CONNECTOR_HTTP_${status}`,
    `${service} answered HTTP ${status} on ${where}${said(serviceText)}${hint}`,
    {
      details: details(ex),
      retryable: server,
      retryAfterMs: server ? retryAfterMs : undefined,
    },
  );
}
