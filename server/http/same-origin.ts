// Cross-site request refusal. A browser sends the session cookie with requests that another
// site's page starts (an auto-submitting form, a fetch with no-cors), and SameSite=Lax does
// not stop a page on a same-site origin (another port of the same host, a sibling subdomain).
// So a state-changing request authenticated by the cookie must prove it comes from our own
// pages: an Origin equal to ours, `Sec-Fetch-Site: same-origin`, or the `X-Stepwise-Request`
// header the editor sends (a custom header cannot be sent cross-origin without a CORS
// preflight, which this server never grants). Bearer-token requests carry no ambient
// credential and are not checked.
import type { Request, RequestHandler } from 'express';
import { ApiError } from '../errors.js';
import { SESSION_COOKIE } from './auth-middleware.js';

/** The header the editor sends on every API call (editor/src/api/client.ts). */
export const REQUEST_HEADER = 'x-stepwise-request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hasSessionCookie(req: Request): boolean {
  const cookies = req.headers.cookie;
  return (
    cookies !== undefined &&
    cookies.split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`))
  );
}

function usesBearer(req: Request): boolean {
  return req.headers.authorization?.startsWith('Bearer ') === true;
}

/** This server's own origin as the browser sees it (the proxy's, behind a trusted proxy). */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/** True when the request shows it comes from one of our own pages. */
export function provesSameOrigin(req: Request, extraOrigins: readonly string[] = []): boolean {
  if (req.headers[REQUEST_HEADER] !== undefined) return true;
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  return origin === ownOrigin(req) || extraOrigins.includes(origin);
}

/**
 * Refuses state-changing requests that ride on the session cookie without proof of a
 * same-origin page. `publicUrl` (STEPWISE_PUBLIC_URL) is accepted as an origin too.
 */
export function requireSameOrigin(options: { publicUrl?: string } = {}): RequestHandler {
  const extra = options.publicUrl ? [new URL(options.publicUrl).origin] : [];
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || usesBearer(req) || !hasSessionCookie(req)) return next();
    if (provesSameOrigin(req, extra)) return next();
    next(
      new ApiError(
        'FORBIDDEN',
        'This request came from another site, or without proof that it came from Stepwise: send it from the editor, or call the API with "Authorization: Bearer <token>"',
      ),
    );
  };
}
