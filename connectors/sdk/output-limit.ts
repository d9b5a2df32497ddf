// The most a step may read from a service or a file: an answer or a file past it is a step
// error (OUTPUT_TOO_LARGE), read no further, instead of a process swelling to gigabytes
// (a 480 MB answer took 5.5 GB) and a checkpoint that keeps it forever.
import { StepError } from '../../engine/errors/step-error.js';
import type { ConnectorEnv } from './types.js';

/** STEPWISE_MAX_OUTPUT_BYTES when unset: 50 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 50 * 1024 * 1024;

export function maxOutputBytes(env: ConnectorEnv | undefined): number {
  return env?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
}

/** "50 MiB", "512 KiB", "900 bytes". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/** `what` says what was too large: `Totango's answer to GET /api/v1/search`, `The file "a.csv"`. */
export function outputTooLarge(what: string, limit: number, size?: number): StepError {
  return new StepError(
    'OUTPUT_TOO_LARGE',
    `${what} is ${size === undefined ? 'larger than' : `${sizeText(size)}, over`} ${sizeText(limit)}, the most one step may read (the setting STEPWISE_MAX_OUTPUT_BYTES); ask for less at a time (a page, fewer fields, a smaller file) or raise the setting`,
    { details: { limitBytes: limit, ...(size === undefined ? {} : { bytes: size }) } },
  );
}

/**
 * The body of a fetch answer as text, read as it streams: past `limit` bytes (after any
 * gzip is undone) the rest is not read. A Content-Length over the limit stops it at once.
 */
export async function readBodyCapped(res: Response, limit: number, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw outputTooLarge(what, limit, declared);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw outputTooLarge(what, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
