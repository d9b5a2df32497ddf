// Status (admins): how the server is doing, for whoever looks after it: the mode and version,
// how long it has been up, the data folder's size, runs queued, running and waiting, the
// workers (queue mode), the retention clean-up, and the last 20 failed runs across workflows,
// each a link to the run. Refreshes itself every 10 seconds.
import { useCallback, useEffect, useState } from 'react';
import type { ServerStatus } from '../../../wire/index.js';
import { errorText } from '../api/client.js';
import { shellApi } from '../api/shell-api.js';
import { runLink } from '../routes.js';
import { when } from './workflows/StatusBadge.js';
import { ErrorAlert } from '../ui/PageMessages.js';

const REFRESH_MS = 10_000;

/** 1536 → "1.5 KB", as people read sizes. */
export function size(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 93784 → "1 day 2 h 3 min". */
export function uptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (seconds < 60) return `${seconds} s`;
  return [
    days ? `${days} day${days === 1 ? '' : 's'}` : '',
    hours ? `${hours} h` : '',
    `${minutes} min`,
  ]
    .filter(Boolean)
    .join(' ');
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="figure" role="group" aria-label={label}>
      <span className="figure-label">{label}</span>
      <span className="figure-value">{value}</span>
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

const count = (n: number | null) => (n === null ? 'unknown' : String(n));

function Retention({ retention }: { retention: ServerStatus['retention'] }) {
  if (!retention) return null;
  const { retentionDays, retentionFailedDays, lastPass, checkedAt } = retention;
  return (
    <section className="card" aria-label="Retention">
      <h2>Retention</h2>
      <p>
        Finished runs are kept {retentionDays} days
        {retentionFailedDays !== retentionDays ? `, failed runs ${retentionFailedDays} days` : ''};
        older ones are deleted with their records (STEPWISE_RETENTION_DAYS).
      </p>
      <p className="muted">
        {lastPass
          ? `Last clean-up: ${when(lastPass.finishedAt)}, ${lastPass.rowsDeleted} rows deleted.`
          : 'Nothing has been old enough to delete since the server started.'}{' '}
        {checkedAt ? `Last looked: ${when(checkedAt)}.` : 'It has not looked yet.'}
      </p>
    </section>
  );
}

function Failures({ failures }: { failures: ServerStatus['failures'] }) {
  if (failures.length === 0)
    return <p className="muted">No failed runs. Failures of every workflow show here.</p>;
  return (
    <table className="data-table" aria-label="Last failures">
      <thead>
        <tr>
          <th>Ended</th>
          <th>Workflow</th>
          <th>How</th>
          <th>Error</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {failures.map((f) => (
          <tr key={f.runId}>
            <td>{when(f.finishedAt)}</td>
            <td>
              {f.workflowName} <span className="muted">v{f.workflowVersion}</span>
            </td>
            <td>{f.trigger}</td>
            <td className="error">
              {f.error ? (
                <>
                  {f.error.stepId && <code>{f.error.stepId}</code>} {f.error.message}
                </>
              ) : (
                'failed'
              )}
            </td>
            <td className="actions">
              <a
                className="button-link"
                href={runLink(f.workflowId, f.runId)}
                aria-label={`Open the failed run of ${f.workflowName}`}
              >
                Open run
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StatusPage() {
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await shellApi.status());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const queueMode = status?.mode === 'queue';
  return (
    <>
      <div className="page-head">
        <h1>Status</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={error} />
      {!status ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <section className="card" aria-label="Server">
            <h2>Server</h2>
            <div className="figures">
              <Figure
                label="Mode"
                value={queueMode ? 'Queue mode' : 'Embedded'}
                hint={
                  queueMode
                    ? 'Runs go through Redis to workers'
                    : 'One process: SQLite and an in-process queue'
                }
              />
              <Figure label="Version" value={status.version} />
              <Figure
                label="Up for"
                value={uptime(status.uptimeSeconds)}
                hint={`since ${when(status.startedAt)}`}
              />
              <Figure label="Data folder" value={size(status.dataBytes)} />
              {queueMode && (
                <Figure
                  label="Redis"
                  value={status.redis === 'up' ? 'Answers' : 'Does not answer'}
                />
              )}
              {queueMode && (
                <Figure
                  label="Workers"
                  value={count(status.workersSeen)}
                  hint="seen in the last 30 seconds"
                />
              )}
            </div>
          </section>
          <section className="card" aria-label="Runs now">
            <h2>Runs now</h2>
            <div className="figures">
              <Figure
                label="Queued"
                value={count(status.queue.depth)}
                hint="waiting for a free place to run"
              />
              <Figure label="Running" value={count(status.queue.running)} />
              <Figure
                label="Waiting"
                value={count(status.queue.waiting)}
                hint="paused by a delay or a call step"
              />
            </div>
          </section>
          <Retention retention={status.retention} />
          <section className="card" aria-label="Recent failures">
            <h2>Last failures</h2>
            <Failures failures={status.failures} />
          </section>
        </>
      )}
    </>
  );
}
