// Start a real HTTP server on 127.0.0.1, on an ephemeral port unless one is given (fakes of
// Totango, Slack, Salesforce, and counters of side effects all use this).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** `port` 0 (the default) picks a free one; a fixed port that is taken rejects (EADDRINUSE). */
export async function listen(handler: http.RequestListener, port = 0): Promise<Listening> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Read a whole request body as text. */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a fake service saw of one request, for a test to assert on. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Read one request whole: its method, URL, headers and body. */
export async function seeRequest(req: http.IncomingMessage): Promise<SeenRequest> {
  return { method: req.method!, url: req.url!, headers: req.headers, body: await readBody(req) };
}
