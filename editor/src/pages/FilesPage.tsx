// Data files: the file connector's folder. Upload (drop files or choose them, with progress),
// list with size and time, preview the first rows of a CSV, download, delete (asks first).
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client.js';
import { type FileInfo, shellApi } from '../api/shell-api.js';
import { FilePreview } from './files/FilePreview.js';
import { when } from './workflows/StatusBadge.js';
import { ErrorAlert, Notice } from '../ui/PageMessages.js';

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

interface Upload {
  name: string;
  fraction: number;
}

export function FilesPage() {
  const [files, setFiles] = useState<FileInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    shellApi.files().then(setFiles, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);

  const upload = async (list: FileList | File[]) => {
    setError(null);
    setNotice(null);
    const chosen = [...list];
    setUploads(chosen.map((f) => ({ name: f.name, fraction: 0 })));
    const done: string[] = [];
    for (const file of chosen) {
      try {
        const saved = await shellApi.uploadFile(file, (fraction) =>
          setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, fraction } : x))),
        );
        done.push(`${saved.path} (${size(saved.bytes)})`);
      } catch (err) {
        setError(`${file.name} was not uploaded: ${errorText(err)}`);
      }
      setUploads((u) => u.filter((x) => x.name !== file.name));
    }
    if (done.length) setNotice(`Uploaded ${done.join(', ')}`);
    reload();
  };

  const remove = async (file: FileInfo) => {
    if (!window.confirm(`Delete ${file.path}? Workflows that read it will fail until it is back.`))
      return;
    setError(null);
    try {
      await shellApi.deleteFile(file.path);
      if (previewing === file.path) setPreviewing(null);
      setNotice(`Deleted ${file.path}`);
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  };

  return (
    <>
      <div className="page-head">
        <h1>Data files</h1>
      </div>
      <p className="muted">
        Files that workflows read and write with the File connector (CSV, JSON, NDJSON, text). A
        step names a file by its name here, e.g. <code>accounts.csv</code>.
      </p>
      <section
        className={`upload-zone${over ? ' over' : ''}`}
        aria-label="Upload files"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) void upload(e.dataTransfer.files);
        }}
      >
        <p>Drop files here, or</p>
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            const chosen = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            if (chosen.length) void upload(chosen);
          }}
        />
        {uploads.map((u) => (
          <div key={u.name} className="stack">
            <span>Uploading {u.name}…</span>
            <progress
              className="progress"
              aria-label={`Uploading ${u.name}`}
              value={Math.round(u.fraction * 100)}
              max={100}
            />
          </div>
        ))}
      </section>
      <ErrorAlert error={error} />
      <Notice notice={notice} />
      {files === null ? (
        <p className="muted">Loading…</p>
      ) : files.length === 0 ? (
        <p className="muted">No files yet.</p>
      ) : (
        <table className="data-table files-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Size</th>
              <th>Changed</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.path}>
                <td>
                  <code>{f.path}</code>
                </td>
                <td className="num">{size(f.bytes)}</td>
                <td>{when(f.modifiedAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => setPreviewing(previewing === f.path ? null : f.path)}
                  >
                    {previewing === f.path ? 'Hide preview' : 'Preview'}
                  </button>
                  <a className="button-link" href={shellApi.fileUrl(f.path)} download>
                    Download
                  </a>
                  <button type="button" className="danger" onClick={() => void remove(f)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {previewing && <FilePreview path={previewing} />}
    </>
  );
}
