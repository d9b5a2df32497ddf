// Who may read the metrics: with STEPWISE_METRICS_TOKEN set, whoever sends it as a Bearer
// token; without it, only this machine (a Prometheus or an agent on the same host), asking
// directly. A request that came through a proxy (X-Forwarded-For or Forwarded) never counts as
// this machine's: otherwise a reverse proxy on the same host would hand the metrics to anyone.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type MetricsAccess =
  | { ok: true }
  | { ok: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function metricsAccess(req: IncomingMessage, token: string | undefined): MetricsAccess {
  if (token) {
    const sent = bearer(req);
    // Compared as digests: equal length, so the comparison takes the same time whatever was sent.
    if (sent && timingSafeEqual(digest(sent), digest(token))) return { ok: true };
    return {
      ok: false,
      status: 401,
      code: 'UNAUTHENTICATED',
      message:
        'GET /metrics needs the metrics token: send Authorization: Bearer <STEPWISE_METRICS_TOKEN>',
    };
  }
  const proxied =
    req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  if (isLoopback(req.socket.remoteAddress) && !proxied) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'FORBIDDEN',
    message:
      'GET /metrics answers only to this machine, asked directly. To scrape it from elsewhere or through a proxy, set STEPWISE_METRICS_TOKEN and send it as a Bearer token (docs/operations.md, "Metrics").',
  };
}
