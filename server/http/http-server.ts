// The HTTP server in front of the express app, with express's request and answer prototypes
// from the start. express gives each request and answer its own (Object.setPrototypeOf(req,
// app.request)) when it comes in, and V8 gives an object whose prototype was changed a hidden
// class (map) of its own at the next property it gains. So no two requests shared a map, and
// every read of a request or answer in code that sees many of them (express's router, our
// middleware, the log's request line) missed V8's caches: about 200 misses a run, a quarter of
// a warm run's instructions (docs/operations.md, "Logs and metrics"). Built with these
// prototypes, express's change is no change, and requests share their maps as plain Node's do.
import { IncomingMessage, ServerResponse, createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

export function httpServerFor(app: Express): Server {
  // Node's constructors are plain functions (not classes): a function whose prototype is
  // express's object calls them on the new request or answer.
  function Request(this: IncomingMessage, socket: Socket) {
    IncomingMessage.call(this, socket);
  }
  Request.prototype = app.request;
  function Response(this: ServerResponse, req: IncomingMessage, options: unknown) {
    (ServerResponse as unknown as (req: IncomingMessage, options: unknown) => void).call(
      this,
      req,
      options,
    );
  }
  Response.prototype = app.response;
  return createServer(
    {
      IncomingMessage: Request as unknown as typeof IncomingMessage,
      ServerResponse: Response as unknown as typeof ServerResponse,
    },
    app,
  );
}
