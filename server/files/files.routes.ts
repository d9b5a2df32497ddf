// The files API (API.md "Files"): the file connector's folder, so a user can bring a CSV from
// their computer and read it in a workflow. Mounted at /api/files before the JSON parser,
// because uploads are raw bytes or multipart. Path checks are the file connector's own.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { isStepError } from '../../engine/index.js';
import {
  deleteFile,
  listFiles,
  notFound,
  resolveFilePath,
  writeAtomically,
} from '../../connectors/index.js';
import { ApiError } from '../errors.js';
import { byteLimit, cutShort, receiveUpload, tooLarge } from './upload.js';

export interface FilesRouterOptions {
  filesDir: string;
  /** Largest upload accepted (413 past it). Default 256 MiB. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ndjson': 'application/x-ndjson; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The connector's step errors in API.md's envelope: a path leaving the folder is a 400. */
function toApiError(err: unknown): unknown {
  if (!isStepError(err)) return err;
  if (err.code === 'NOT_FOUND') return new ApiError('NOT_FOUND', err.message);
  if (err.code === 'FORBIDDEN' || err.code === 'INPUT_INVALID')
    return new ApiError('VALIDATION', err.message, [{ path: 'path', message: err.message }]);
  return err;
}

function pathParam(req: Request, required: true): string;
function pathParam(req: Request, required: false): string | undefined;
function pathParam(req: Request, required: boolean): string | undefined {
  const value = req.query.path;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (value !== undefined && typeof value !== 'string')
    throw new ApiError('VALIDATION', 'Give one path', [
      { path: 'path', message: 'Give the path once, e.g. ?path=accounts.csv' },
    ]);
  if (required)
    throw new ApiError(
      'VALIDATION',
      'Say which file: add ?path=<file name>, e.g. ?path=accounts.csv',
      [{ path: 'path', message: 'Required' }],
    );
  return undefined;
}

export function filesRouter(options: FilesRouterOptions): Router {
  const { filesDir } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const router = Router();

  router.post('/', async (req, res, next) => {
    try {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
      const asked = pathParam(req, false);
      if (!asked && !req.is('multipart/form-data')) pathParam(req, true);
      const upload = await receiveUpload(req);
      const userPath = asked ?? upload.filename;
      if (!userPath)
        throw new ApiError('VALIDATION', 'Say which file: add ?path=<file name>', [
          { path: 'path', message: 'Required' },
        ]);
      const { absolute, relative } = await resolveFilePath(filesDir, userPath);
      const bytes = await writeAtomically(absolute, userPath, (temp) =>
        pipeline(upload.stream, byteLimit(maxBytes), createWriteStream(temp)).catch((err) => {
          // The form's own stream failed: the upload was cut short (a dropped connection, a
          // form without its closing boundary), not a fault of ours.
          throw !(err instanceof ApiError) && upload.stream.errored === err ? cutShort() : err;
        }),
      );
      res.status(201).json({ path: relative, bytes });
    } catch (err) {
      // Whatever of the body is still coming is not read: close the connection after answering.
      res.setHeader('Connection', 'close');
      next(toApiError(err));
    }
  });

  router.get('/', async (req, res, next) => {
    try {
      const dir = typeof req.query.dir === 'string' ? req.query.dir : '';
      res.json(await listFiles(filesDir, dir));
    } catch (err) {
      next(toApiError(err));
    }
  });

  router.get('/content', async (req, res, next) => {
    try {
      const userPath = pathParam(req, true);
      const { absolute, relative } = await resolveFilePath(filesDir, userPath);
      const info = await stat(absolute).catch(() => undefined);
      if (!info?.isFile()) throw toApiError(notFound(userPath));
      const name = path.basename(relative);
      res.setHeader(
        'Content-Type',
        CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      );
      res.setHeader('Content-Length', String(info.size));
      res.setHeader(
        'Content-Disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      await pipeline(createReadStream(absolute), res);
    } catch (err) {
      if (res.headersSent) return res.destroy();
      next(toApiError(err));
    }
  });

  router.delete('/', async (req, res, next) => {
    try {
      const userPath = pathParam(req, true);
      if (!(await deleteFile(filesDir, userPath))) throw toApiError(notFound(userPath));
      res.status(204).end();
    } catch (err) {
      next(toApiError(err));
    }
  });

  return router;
}
