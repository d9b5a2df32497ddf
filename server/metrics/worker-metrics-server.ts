// A queue worker's own GET /metrics (STEPWISE_WORKER_METRICS_PORT): a worker has no API, so a
// small HTTP server answers Prometheus, under the same rule as the API's (metrics-access.ts).
// Without a token it listens on 127.0.0.1 only; with one, on every interface.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerMetrics } from './metrics-route.js';
import type { Metrics } from './metrics.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** STEPWISE_WORKER_METRICS_PORT: unset or empty, no metrics server. */
export function workerMetricsPort(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.STEPWISE_WORKER_METRICS_PORT?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`STEPWISE_WORKER_METRICS_PORT must be a port number, not "${text}"`);
  return port;
}

export async function serveWorkerMetrics(options: {
  port: number;
  metrics: Metrics;
  token: string | undefined;
  host?: string;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          error: { code: 'NOT_FOUND', message: 'A worker answers only GET /metrics' },
        }),
      );
      return;
    }
    void answerMetrics(req, res, options.metrics, options.token);
  });
  const host = options.host ?? (options.token ? '0.0.0.0' : '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `STEPWISE_WORKER_METRICS_PORT ${options.port} is in use on ${host} (another worker on this machine?): give each worker its own port`,
            )
          : err,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
