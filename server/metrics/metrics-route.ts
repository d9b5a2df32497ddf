// GET /metrics for the API server (express) and a worker's own small HTTP server: the same
// access rule (metrics-access.ts) and the same answer, Prometheus text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsAccess } from './metrics-access.js';
import type { Metrics } from './metrics.js';

export async function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  token: string | undefined,
): Promise<void> {
  const access = metricsAccess(req, token);
  res.setHeader('Cache-Control', 'no-store');
  if (!access.ok) {
    if (access.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    res.statusCode = access.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code: access.code, message: access.message } }));
    return;
  }
  try {
    const text = await metrics.text();
    res.statusCode = 200;
    res.setHeader('Content-Type', metrics.contentType);
    res.end(text);
  } catch (err) {
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        error: {
          code: 'INTERNAL',
          message: `The metrics could not be read: ${err instanceof Error ? err.message : String(err)}`,
        },
      }),
    );
  }
}
