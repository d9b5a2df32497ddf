// Headers on every answer that tell the browser what our pages may do: load code, styles and
// data only from this server, never be framed (clickjacking), never sniff a type into HTML,
// and send no address to other sites. The editor is a Vite build with no inline script, so
// the CSP needs no 'unsafe-inline' for scripts (test/browser/csp.test.ts proves the editor
// runs under it with no violation).
import type { RequestHandler } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style through the DOM (not blocked); @xyflow/react writes a few style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // For browsers that predate frame-ancestors.
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};
