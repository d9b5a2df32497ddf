// Totango wraps search and events answers in { status, response, _error }. A 2xx answer may
// still say "failed"; that is a step error, not data.
import { StepError } from '../../engine/errors/step-error.js';
import type { HttpResponse } from '../sdk/types.js';

export interface Envelope {
  status?: string;
  _error?: string;
  response?: Record<string, unknown>;
}

/**
 * Touchpoints and tasks answer plain JSON, but Totango may still send the failed envelope with
 * a 2xx status (api-reference §1.2: check both). That must fail the step, never become its output.
 */
export function refuseFailedEnvelope(res: HttpResponse, what: string): void {
  const body = Array.isArray(res.body) && res.body.length === 1 ? res.body[0] : res.body;
  if (body && typeof body === 'object' && (body as Envelope).status === 'failed') {
    const error = (body as Envelope)._error;
    throw new StepError(
      'CONNECTOR_ERROR',
      `Totango could not do ${what}: "${error ?? 'no reason given'}".`,
      { details: { status: res.status, error } },
    );
  }
}

export function checkEnvelope(res: HttpResponse, what: string): Envelope {
  const body = res.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new StepError(
      'CONNECTOR_ERROR',
      `Totango answered ${what} with something that is not JSON: "${res.text.slice(0, 200)}".`,
      { details: { status: res.status } },
    );
  }
  const env = body as Envelope;
  if (env.status === 'failed') {
    throw new StepError(
      'CONNECTOR_ERROR',
      `Totango could not do ${what}: "${env._error ?? 'no reason given'}".`,
      { details: { status: res.status, error: env._error } },
    );
  }
  return env;
}
