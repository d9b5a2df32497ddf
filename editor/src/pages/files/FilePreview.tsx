// The first rows of a CSV (as a table), or the first lines of any other file.
import { useEffect, useState } from 'react';
import { readHead, wholeLines } from './read-head.js';

const ROWS = 20;

type Preview =
  | { kind: 'table'; header: string[]; rows: string[][]; more: boolean }
  | { kind: 'text'; text: string; more: boolean };

async function load(path: string): Promise<Preview> {
  const head = await readHead(path);
  const text = wholeLines(head.text, head.complete);
  if (!/\.(csv|tsv)$/i.test(path)) {
    const lines = text.split('\n');
    return {
      kind: 'text',
      text: lines.slice(0, ROWS * 2).join('\n'),
      more: !head.complete || lines.length > ROWS * 2,
    };
  }
  // The parser is loaded only when a CSV is previewed, so the page stays small.
  const { parse } = await import('csv-parse/browser/esm/sync');
  const records = parse(text, {
    delimiter: /\.tsv$/i.test(path) ? '\t' : ',',
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    to: ROWS + 1,
  }) as string[][];
  const [header = [], ...rows] = records;
  return { kind: 'table', header, rows, more: !head.complete || rows.length >= ROWS };
}

export function FilePreview({ path }: { path: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    setError(null);
    load(path).then(setPreview, (err: Error) => setError(err.message));
  }, [path]);
  return (
    <section className="card" aria-label={`Preview of ${path}`}>
      <h2>
        Preview of <code>{path}</code>
      </h2>
      {error && (
        <p className="error" role="alert">
          This file cannot be previewed: {error}
        </p>
      )}
      {!preview && !error && <p className="muted">Reading…</p>}
      {preview?.kind === 'table' && (
        <div className="preview">
          <table>
            <thead>
              <tr>
                {preview.header.map((h, i) => (
                  <th key={i}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview?.kind === 'text' && <pre className="preview">{preview.text}</pre>}
      {preview?.more && <p className="muted">The first rows only.</p>}
    </section>
  );
}
