// One log line per request when its answer is done: method, path (no query, no webhook token),
// status, time taken, who asked, and a request id that the answer carries too (X-Request-Id),
// so a person can match a failure they saw to its lines. API and webhook requests log at info;
// the editor's files, health checks and metrics scrapes at debug (they come by the dozen).
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { levelOn, logFlat, type Logger } from './logger.js';

/** An id a proxy in front already gave the request (X-Request-Id), when it looks like one. */
const INCOMING_ID = /^[\w.:@-]{1,100}$/;

/**
 * A webhook URL: express routes paths whatever their case (/HOOKS/… reaches the webhook), and
 * a caller may double a slash; everything after the workflow id is the token, or holds it.
 */
const HOOK_PATH = /^(\/+hooks\/+[^/]+)\/.*/i;
/** API and webhook requests (any case), logged at info; the health check is not one. */
const API_PATH = /^\/+(?:api|hooks)\//i;
const HEALTH_PATH = /^\/+api\/+health\/?$/i;
/** An absolute-form target (`POST http://host/hooks/…`): express routes it by its path. */
const ABSOLUTE = /^[a-z][a-z\d+.-]*:\/\/[^/]*/i;

/** The path without its query, and without a webhook URL's token: that token is the secret. */
export function loggablePath(url: string): string {
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  if (path.charCodeAt(0) !== 47) path = path.replace(ABSOLUTE, '') || '/';
  // Only a path whose first name starts with h (any case) can be a webhook's: the others are
  // spared the regular expression (every API request's line).
  let first = 0;
  while (path.charCodeAt(first) === 47) first++;
  if ((path.charCodeAt(first) | 32) !== 104) return path;
  return path.replace(HOOK_PATH, '$1/[token]');
}

/** Ids unique in the process and short: a random prefix per process, then a counter. */
function idMaker(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

export function requestLog(logger: Logger): RequestHandler {
  const nextId = idMaker();
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const reqId = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : nextId();
    const locals = res.locals;
    locals.reqId = reqId;
    res.setHeader('X-Request-Id', reqId);
    // Mounted first, so req.url is the URL as asked (express's req.path would parse it again).
    // What the line needs of the request is read here, once: express's requests and answers
    // come in many shapes, and each property read of one in the 'close' listener missed V8's
    // caches (a tenth of what logging cost a run).
    const path = loggablePath(req.url);
    // Health checks and scrapes come every few seconds: at debug, with the editor's files.
    const api = API_PATH.test(path) && !HEALTH_PATH.test(path);
    if (!levelOn(logger, api ? 'info' : 'debug')) return next();
    const method = req.method;
    const started = performance.now();
    // 'close' comes once; `on` spares the wrapper `once` makes and removes.
    res.on('close', () => {
      const status = res.statusCode;
      // One shape for every line, no spreads: an absent field is undefined (left out of the
      // line), where a spread in the literal went through V8's slow generic copy.
      const fields = {
        event: 'request',
        reqId,
        method,
        path,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        userId: (locals.user as { id?: string } | undefined)?.id,
        // The answer was cut before it was complete (the client went away, a stream closed).
        aborted: res.writableFinished ? undefined : true,
      };
      // The same words on every request's line (a log tool groups lines by their message);
      // what was asked and answered is in the fields.
      logFlat(logger, api ? 'info' : 'debug', fields, 'Request answered');
    });
    next();
  };
}
