// Salesforce answers errors as a JSON array of { errorCode, message, fields? }. They become
// step errors that keep errorCode and fields: SALESFORCE_<ERRORCODE>, or a closed-list code
// where one says the same thing (NOT_FOUND, AUTH_FAILED).
import { StepError } from '../../engine/errors/step-error.js';
import type { HttpResponse } from '../sdk/types.js';

export interface SalesforceErrorItem {
  errorCode: string;
  message: string;
  fields?: string[];
}

export interface LimitInfo {
  used: number;
  max: number;
}

/** `Sforce-Limit-Info: api-usage=18/5000` → { used: 18, max: 5000 }. */
export function parseLimitInfo(headers: Record<string, string>): LimitInfo | undefined {
  const m = (headers['sforce-limit-info'] ?? '').match(/api-usage=(\d+)\/(\d+)/);
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

/** The error items of a body: the REST array, or a collection result's `statusCode` shape. */
export function errorItems(body: unknown): SalesforceErrorItem[] {
  if (!Array.isArray(body)) return [];
  return body
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      errorCode: String(e.errorCode ?? e.statusCode ?? 'UNKNOWN_ERROR'),
      message: String(e.message ?? ''),
      ...(Array.isArray(e.fields) && e.fields.length ? { fields: e.fields.map(String) } : {}),
    }));
}

export function salesforceError(res: HttpResponse, where: string): StepError {
  const items = errorItems(res.body);
  const first = items[0];
  const limitInfo = parseLimitInfo(res.headers);
  const details: Record<string, unknown> = {
    status: res.status,
    errorCode: first?.errorCode,
    message: first?.message,
    fields: first?.fields ?? [],
    errors: items,
    ...(limitInfo ? { limitInfo } : {}),
  };
  const on = ` (HTTP ${res.status} on ${where})`;
  if (res.status === 300) {
    const count = Array.isArray(res.body) ? res.body.length : 'several';
    return new StepError(
      'SALESFORCE_MULTIPLE_CHOICES',
      `The external id matched ${count} Salesforce records, so nothing was written${on}. Make the external id unique.`,
      { details: { ...details, errorCode: 'MULTIPLE_CHOICES', matches: res.body } },
    );
  }
  if (!first) {
    const text = res.text.trim().slice(0, 300);
    return new StepError(
      `CONNECTOR_HTTP_${res.status}`,
      `Salesforce answered HTTP ${res.status} on ${where}${text ? `: "${text}"` : '.'}`,
      { details, retryable: res.status >= 500 },
    );
  }
  const fields = first.fields?.length ? ` Fields: ${first.fields.join(', ')}.` : '';
  const said = `Salesforce said ${first.errorCode}: "${first.message}"${on}.${fields}`;
  switch (first.errorCode) {
    case 'REQUEST_LIMIT_EXCEEDED': {
      const usage = limitInfo ? ` (${limitInfo.used} of ${limitInfo.max} calls used)` : '';
      return new StepError(
        'SALESFORCE_REQUEST_LIMIT_EXCEEDED',
        `The Salesforce org's daily API request limit is spent${usage}, so Salesforce refuses every call until its 24-hour window frees up. Wait, or ask your Salesforce admin to raise the limit. ${said}`,
        { details },
      );
    }
    case 'INVALID_SESSION_ID':
      return new StepError(
        'AUTH_FAILED',
        `Salesforce rejected the session even after signing in again. Check the authentication. ${said}`,
        { details },
      );
    case 'NOT_FOUND':
    case 'ENTITY_IS_DELETED':
      return new StepError(
        'NOT_FOUND',
        `The Salesforce record or resource does not exist. ${said}`,
        { details },
      );
    default:
      return new StepError(`SALESFORCE_${first.errorCode}`, said, {
        details,
        retryable: res.status >= 500,
      });
  }
}
