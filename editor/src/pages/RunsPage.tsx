// Runs across workflows: filter by status, workflow and day, page back in time, open a run in
// its builder (on the version that ran), stop a run that is still going. Filtered to one
// scheduled workflow, it also shows that schedule's fire history.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText, type Run } from '../api/client.js';
import { type ScheduleItem, shellApi, type WorkflowRow } from '../api/shell-api.js';
import { navigate, runLink } from '../routes.js';
import { StatusBadge, took, when } from './workflows/StatusBadge.js';
import { ErrorAlert } from '../ui/PageMessages.js';

const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const ACTIVE = new Set(['queued', 'running', 'waiting']);
const PAGE_SIZE = 25;
const REFRESH_MS = 3000;

/** The day after `day` (YYYY-MM-DD): "to" is exclusive, the filter's day is inclusive. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A local day as the start of that day in UTC terms, for the API's `from`/`to`. */
function startOfLocalDay(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

function ScheduleHistory({ item }: { item: ScheduleItem }) {
  return (
    <section className="card" aria-label="Schedule fires">
      <h2>Schedule</h2>
      <p className="muted">
        {!item.enabled
          ? 'Switched off: the schedule does not fire.'
          : item.problem
            ? `Cannot fire: ${item.problem}`
            : item.nextRunAt
              ? `Next fire: ${when(item.nextRunAt)}`
              : 'No next fire.'}
      </p>
      {item.fires.length === 0 ? (
        <p className="muted">It has not fired yet.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>Due</th>
              <th>Started</th>
              <th>Run</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {item.fires.map((f) => (
              <tr key={f.dueAt}>
                <td>{when(f.dueAt)}</td>
                <td>{when(f.startedAt) || '—'}</td>
                <td>
                  {f.runId ? (
                    <a href={runLink(item.workflowId, f.runId)}>
                      <code>{f.runId}</code>
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <StatusBadge status={f.status} />
                  {f.error && <span className="error"> {f.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function RunsPage({ workflowId }: { workflowId?: string }) {
  const [status, setStatus] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  // Cursors of the pages shown so far: [undefined] is the newest page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ runs: Run[]; next: string | null } | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowRow[]>([]);
  const [schedule, setSchedule] = useState<ScheduleItem | null>(null);
  const [error, setError] = useState<string | null>(null);

  const names = useMemo(() => new Map(workflows.map((w) => [w.id, w.name])), [workflows]);
  const before = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    try {
      setPage(
        await shellApi.runs({
          status: status || undefined,
          workflowId,
          from: fromDay ? startOfLocalDay(fromDay) : undefined,
          to: toDay ? startOfLocalDay(dayAfter(toDay)) : undefined,
          before,
          limit: PAGE_SIZE,
        }),
      );
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [status, workflowId, fromDay, toDay, before]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    shellApi.workflows().then(setWorkflows, () => setWorkflows([]));
  }, []);

  useEffect(() => {
    setSchedule(null);
    if (!workflowId) return;
    shellApi.schedules().then(
      (items) => setSchedule(items.find((s) => s.workflowId === workflowId) ?? null),
      () => setSchedule(null),
    );
  }, [workflowId]);

  // While a run on the newest page is still going, follow it without a Refresh button.
  const live = !before && (page?.runs.some((r) => ACTIVE.has(r.status)) ?? false);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, load]);

  const filterChanged = () => setCursors([undefined]);

  const stop = async (run: Run) => {
    setError(null);
    try {
      await shellApi.cancelRun(run.id);
    } catch (err) {
      setError(errorText(err));
    }
    void load();
  };

  return (
    <>
      <div className="page-head">
        <h1>Runs</h1>
        {workflowId && (
          <span className="muted">
            of{' '}
            <a href={`#/workflows/${encodeURIComponent(workflowId)}`}>
              {names.get(workflowId) ?? workflowId}
            </a>
          </span>
        )}
      </div>
      <div className="filters" role="search">
        <label>
          Status
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              filterChanged();
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Workflow
          <select
            aria-label="Workflow"
            value={workflowId ?? ''}
            onChange={(e) => {
              filterChanged();
              navigate(
                e.target.value ? `/runs?workflowId=${encodeURIComponent(e.target.value)}` : '/runs',
              );
            }}
          >
            <option value="">All workflows</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            aria-label="From"
            value={fromDay}
            onChange={(e) => {
              setFromDay(e.target.value);
              filterChanged();
            }}
          />
        </label>
        <label>
          To
          <input
            type="date"
            aria-label="To"
            value={toDay}
            onChange={(e) => {
              setToDay(e.target.value);
              filterChanged();
            }}
          />
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={error} />
      {page === null ? (
        <p className="muted">Loading…</p>
      ) : page.runs.length === 0 ? (
        <p className="muted">No runs match.</p>
      ) : (
        <table className="data-table runs-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Workflow</th>
              <th>Started</th>
              <th>Took</th>
              <th>How</th>
              <th>Error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {page.runs.map((r) => (
              <tr key={r.id} data-run-id={r.id}>
                <td>
                  <StatusBadge status={r.status} />
                  {r.status === 'waiting' && (
                    <div className="hint">
                      {r.resumeAt ? `until ${when(r.resumeAt)}` : 'for a called workflow'}
                    </div>
                  )}
                </td>
                <td>
                  {names.get(r.workflowId) ?? <code>{r.workflowId}</code>}{' '}
                  <span className="muted">v{r.workflowVersion}</span>
                </td>
                <td>{when(r.startedAt) || <span className="muted">not yet</span>}</td>
                <td className="num">{took(r.startedAt, r.finishedAt)}</td>
                <td>{r.trigger?.type ?? ''}</td>
                <td className="error">
                  {r.error && (
                    <>
                      {r.error.stepId && <code>{r.error.stepId}</code>} {r.error.message}
                    </>
                  )}
                </td>
                <td className="actions">
                  <a className="button-link" href={runLink(r.workflowId, r.id)}>
                    Open
                  </a>
                  {ACTIVE.has(r.status) && (
                    <button type="button" className="danger" onClick={() => void stop(r)}>
                      Stop
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button
          type="button"
          disabled={cursors.length === 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Newer runs
        </button>
        <button
          type="button"
          disabled={!page?.next}
          onClick={() => page?.next && setCursors((c) => [...c, page.next as string])}
        >
          Older runs
        </button>
      </div>
      {schedule && <ScheduleHistory item={schedule} />}
    </>
  );
}
