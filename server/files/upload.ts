// Reading an upload from a request: the raw body as it is, or the `file` field of a
// multipart form (busboy). Bytes are counted as they pass so a body past the limit stops early.
import { Transform, type Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { ApiError } from '../errors.js';

export interface Upload {
  stream: Readable;
  /** The file name the browser sent with a multipart upload. */
  filename?: string;
}

/** The request's file: the raw body, or the multipart `file` field once it starts arriving. */
export function receiveUpload(req: Request): Promise<Upload> {
  if (!req.is('multipart/form-data')) return Promise.resolve({ stream: req });
  return new Promise((resolve, reject) => {
    let found = false;
    const form = busboy({ headers: req.headers, limits: { files: 1 } });
    form.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      // A form cut short ("Unexpected end of form") errors this stream, possibly before the
      // route pipes it anywhere: an 'error' with no listener would stop the whole process.
      // The error stays on the stream (stream.errored), so the pipeline still fails with it.
      stream.on('error', () => {});
      resolve({ stream, filename: info.filename });
    });
    form.on('error', () =>
      reject(
        new ApiError('VALIDATION', 'The multipart form could not be read', [
          {
            path: 'file',
            message: 'Send the file as multipart/form-data with a field named "file"',
          },
        ]),
      ),
    );
    form.on('close', () => {
      if (!found)
        reject(
          new ApiError('VALIDATION', 'The form has no file: send it in a field named "file"', [
            { path: 'file', message: 'Required' },
          ]),
        );
    });
    req.pipe(form);
  });
}

export function cutShort(): ApiError {
  return new ApiError(
    'VALIDATION',
    'The upload ended before the whole file arrived: send it again',
    [{ path: 'file', message: 'The form ended early (its closing boundary never came)' }],
  );
}

export function tooLarge(maxBytes: number): ApiError {
  const limit =
    maxBytes >= 1024 * 1024
      ? `${Math.round(maxBytes / (1024 * 1024))} MiB`
      : `${Math.ceil(maxBytes / 1024)} KiB`;
  return new ApiError('TOO_LARGE', `The file is too large: the limit is ${limit}`);
}

/** Passes bytes through and fails with 413 once more than `maxBytes` have passed. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(tooLarge(maxBytes));
      done(null, chunk);
    },
  });
}
