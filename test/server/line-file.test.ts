// Where the log's lines go (server/log/line-file.ts): a text is written whole and at once, to a
// file or to a pipe whose reader is behind (the write waits and goes on), and a pipe whose
// reader is gone loses the text without stopping the process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineFile } from '../../server/log/line-file.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A real process that reads its stdin into a file, starting after `delayMs`. */
function slowReader(out: string, delayMs: number) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `setTimeout(() => process.stdin.pipe(require('fs').createWriteStream(${JSON.stringify(out)})), ${delayMs})`,
    ],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  // The pipe's descriptor as Node opened it: non-blocking, so a full pipe answers EAGAIN.
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, fd, done };
}

describe('the log file', () => {
  it('keeps appended texts as bytes until flushed, then writes them whole, in order', () => {
    const dir = tempDir('stepwise-line-file-');
    try {
      const path = join(dir.path, 'log.jsonl');
      const file = lineFile(path);
      const read = () => readFileSync(path, 'utf8');
      file.append('{"a":1}\n');
      file.append('{"wide":"café ☕ 𝄞"}\n');
      expect(read()).toBe('');
      file.flush();
      expect(read()).toBe('{"a":1}\n{"wide":"café ☕ 𝄞"}\n');
      // More than the kept buffer holds (256 Ki units, 3 bytes each at most): what is kept is
      // written first, then the rest is kept; a text larger than the buffer goes out on its own.
      const wide = `"${'€'.repeat(200_000)}"\n`;
      file.append('{"b":2}\n');
      file.append(wide);
      file.append(wide);
      file.append(`"${'x'.repeat(300_000)}"\n`);
      file.append('{"c":3}\n');
      file.flush();
      file.flush();
      file.end();
      const expected = `{"a":1}\n{"wide":"café ☕ 𝄞"}\n{"b":2}\n${wide}${wide}"${'x'.repeat(300_000)}"\n{"c":3}\n`;
      expect(read()).toBe(expected);
    } finally {
      dir.remove();
    }
  });

  it('appends each text whole, in order, small and large, with characters of every width', () => {
    const dir = tempDir('stepwise-line-file-');
    try {
      const path = join(dir.path, 'log.jsonl');
      const file = lineFile(path);
      const texts = [
        '{"a":1}\n',
        `{"wide":"café ☕ 𝄞 ${'ü'.repeat(1000)}"}\n`,
        // Larger than the kept buffer: encoded on its own.
        `{"big":"${'x'.repeat(300_000)}"}\n`,
        '{"b":2}\n',
      ];
      for (const text of texts) file.write(text);
      file.end();
      expect(readFileSync(path, 'utf8')).toBe(texts.join(''));
    } finally {
      dir.remove();
    }
  });

  it('waits for a pipe whose reader is behind and writes everything', async () => {
    const dir = tempDir('stepwise-line-file-');
    try {
      const out = join(dir.path, 'read.txt');
      const reader = slowReader(out, 300);
      const file = lineFile(reader.fd);
      // Far more than a pipe holds (64 KiB): the first writes fill it, then EAGAIN until the
      // reader starts.
      const line = `{"n":"${'y'.repeat(1000)}"}\n`;
      const started = Date.now();
      for (let i = 0; i < 1000; i++) file.write(line);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      reader.child.stdin!.end();
      await reader.done;
      expect(readFileSync(out, 'utf8')).toBe(line.repeat(1000));
    } finally {
      dir.remove();
    }
  });

  it('drops a text when the reader is gone, and the process goes on', async () => {
    const reader = slowReader('/dev/null', 0);
    reader.child.kill('SIGKILL');
    await reader.done;
    const file = lineFile(reader.fd);
    expect(() => file.write('{"lost":true}\n')).not.toThrow();
    expect(() => file.write('{"lost":true}\n')).not.toThrow();
  });
});
