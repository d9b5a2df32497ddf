// Where the log's lines go: a file descriptor (stdout, or a file), each text written at once
// and whole. The logger hands it one text per batch of lines (logger.ts). pino's sonic-boom
// went over every batch three times (it measured the text's bytes, wrote it, then encoded it
// again into a Buffer as large as the batch to see what was left); this encodes a batch once,
// into a buffer it keeps.
// fs's functions looked up when called, so that whatever watches fs (a test's preload) sees
// the writes, as it saw sonic-boom's.
import fs from 'node:fs';

/** A full pipe (stdout read by something that is behind) is tried again after this long. */
const FULL_PIPE_WAIT_MS = 10;
/** Texts up to this many UTF-16 units are encoded into the kept buffer (3 bytes a unit at most). */
const KEPT_UNITS = 256 * 1024;
const nap = new Int32Array(new SharedArrayBuffer(4));

export interface LineFile {
  /** Write the text whole before returning. A write that fails (EPIPE: stdout is gone) drops it. */
  write(text: string): void;
  /**
   * Encode the text now, to be written with what else is kept at the next flush (or sooner, when
   * the kept buffer is full): a batch waits as bytes, outside V8's heap, not as strings the
   * garbage collector copies until the batch is written.
   */
  append(text: string): void;
  /** Write what append kept, whole. */
  flush(): void;
  /** Close a file this opened (not a descriptor it was given). */
  end(): void;
}

export function lineFile(dest: number | string): LineFile {
  const fd = typeof dest === 'number' ? dest : fs.openSync(dest, 'a');
  let kept: Buffer | undefined;
  /** Bytes of `kept` holding text not written yet. */
  let used = 0;
  const writeOut = (bytes: Buffer, length: number) => {
    try {
      writeWhole(fd, bytes, length);
    } catch {
      // Nowhere left to tell: the lines are lost, the process goes on.
    }
  };
  const flush = () => {
    if (kept && used > 0) writeOut(kept, used);
    used = 0;
  };
  const append = (text: string) => {
    if (text.length > KEPT_UNITS) {
      flush();
      const bytes = Buffer.from(text);
      writeOut(bytes, bytes.length);
      return;
    }
    kept ??= Buffer.allocUnsafe(KEPT_UNITS * 3);
    if (used + text.length * 3 > kept.length) flush();
    used += kept.write(text, used);
  };
  return {
    write(text) {
      append(text);
      flush();
    },
    append,
    flush,
    end() {
      flush();
      if (typeof dest === 'string') fs.closeSync(fd);
    },
  };
}

function writeWhole(fd: number, bytes: Buffer, length: number): void {
  let done = 0;
  while (done < length) {
    try {
      done += fs.writeSync(fd, bytes, done, length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(nap, 0, 0, FULL_PIPE_WAIT_MS);
    }
  }
}
