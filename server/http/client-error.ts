// Requests Node's HTTP parser refuses before express sees them (headers or a URL past the
// header limit, bytes that are not HTTP) get API.md's error envelope too, not Node's bare
// status line. Node would answer 431/400 and close; we do the same, with a JSON body.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

function envelope(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or a socket already written to has nobody left to answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // A request that took too long to send its headers: Node's own 408 handling.
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const answer =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? envelope(
            431,
            'TOO_LARGE',
            'The request headers (with the URL) are too large: send a shorter URL, fewer cookies or smaller headers',
          )
        : envelope(400, 'VALIDATION', 'The request is not valid HTTP');
    socket.end(answer);
  });
}
