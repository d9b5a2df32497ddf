// One request as the fake Totango saw it, with the body parsed the way Totango reads it.
import type http from 'node:http';

export interface RecordedTotangoRequest {
  method: string;
  path: string;
  /** When the fake received it, on the fake's clock (tests check pacing with it). */
  at: number;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  contentType: string | undefined;
  appToken: string | undefined;
  rawBody: string;
  /** The form fields of a form-encoded body. */
  form?: Record<string, string>;
  /** A JSON body, parsed. */
  json?: unknown;
  /** The search/events `query` form field, parsed (undefined if it was not JSON). */
  searchQuery?: unknown;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function recordRequest(
  req: http.IncomingMessage,
  rawBody: string,
  at: number,
): RecordedTotangoRequest {
  const url = new URL(req.url ?? '/', 'http://fake');
  const contentType = req.headers['content-type'];
  const rec: RecordedTotangoRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    at,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    contentType,
    appToken: typeof req.headers['app-token'] === 'string' ? req.headers['app-token'] : undefined,
    rawBody,
  };
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    rec.form = Object.fromEntries(new URLSearchParams(rawBody));
    if (rec.form.query !== undefined) rec.searchQuery = tryJson(rec.form.query);
  } else if (contentType?.startsWith('application/json') && rawBody !== '') {
    rec.json = tryJson(rawBody);
  }
  return rec;
}

/** The body's fields, JSON or form (form values that are JSON lists are read as lists). */
export function bodyFields(rec: RecordedTotangoRequest): Record<string, unknown> | undefined {
  if (rec.json && typeof rec.json === 'object' && !Array.isArray(rec.json))
    return rec.json as Record<string, unknown>;
  if (!rec.form) return undefined;
  const out: Record<string, unknown> = { ...rec.form };
  for (const k of ['participantList', 'touchpoint_tags']) {
    const parsed = typeof out[k] === 'string' ? tryJson(out[k] as string) : undefined;
    if (Array.isArray(parsed)) out[k] = parsed;
  }
  return out;
}
