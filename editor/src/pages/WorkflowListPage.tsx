import { useCallback, useEffect, useRef, useState } from 'react';
import { api, documentOf, errorText } from '../api/client.js';
import { type ScheduleItem, shellApi, type WorkflowRow } from '../api/shell-api.js';
import { describeTrigger } from '../graph/describe-trigger.js';
import type { Workflow } from '../graph/types.js';
import { navigate, runLink } from '../routes.js';
import { templates } from '../templates.js';
import { ImportDialog } from './workflows/ImportDialog.js';
import { StatusBadge, when } from './workflows/StatusBadge.js';
import { ErrorAlert, Notice } from '../ui/PageMessages.js';
import { RenameForm } from '../ui/RenameForm.js';

/** Triggers that run by themselves, so their workflow has an on/off switch. */
const switchable = (trigger: Workflow['trigger'] | undefined) =>
  trigger?.type === 'schedule' || trigger?.type === 'webhook';

export function WorkflowListPage() {
  const [workflows, setWorkflows] = useState<WorkflowRow[] | null>(null);
  const [schedules, setSchedules] = useState<Map<string, ScheduleItem>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [showTemplates, setShowTemplates] = useState(false);
  const [importing, setImporting] = useState<{ file: string; doc: Workflow } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    shellApi.workflows().then(setWorkflows, (err: unknown) => setError(errorText(err)));
    // The next fire times come from the scheduler; the list works without them.
    shellApi.schedules().then(
      (items) => setSchedules(new Map(items.map((s) => [s.workflowId, s]))),
      () => setSchedules(new Map()),
    );
  }, []);
  useEffect(reload, [reload]);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const create = (doc: Workflow) =>
    act(async () => {
      const created = await api.createWorkflow(doc);
      navigate(`/workflows/${encodeURIComponent(created.id)}`);
    });

  const rename = (id: string, name: string) =>
    act(async () => {
      const stored = await api.workflow(id);
      await api.saveWorkflow(id, { ...documentOf(stored), name }, stored.version);
      setRenaming(null);
    });

  // A copy of a scheduled or webhook workflow starts switched off: two live schedules by
  // accident would run everything twice.
  const duplicate = (id: string) =>
    act(async () => {
      const stored = await api.workflow(id);
      const doc = { ...documentOf(stored), name: `Copy of ${stored.name}` };
      const live = switchable(doc.trigger);
      await shellApi.createWorkflow(doc, !live);
      if (live) setNotice(`"${doc.name}" is switched off: switch it on when it should run.`);
    });

  const remove = (w: WorkflowRow) => {
    if (!window.confirm(`Delete "${w.name}" and its run history?`)) return;
    void act(() => api.deleteWorkflow(w.id));
  };

  const toggle = (w: WorkflowRow, enabled: boolean) =>
    act(async () => {
      // Shown at once; the reload confirms it (or the error puts it back).
      setWorkflows((list) => list?.map((x) => (x.id === w.id ? { ...x, enabled } : x)) ?? null);
      await shellApi.setEnabled(w.id, enabled);
    });

  const exportOne = (w: WorkflowRow) =>
    act(async () => {
      const doc = await api.exportWorkflow(w.id);
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `${w.name.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase() || 'workflow'}.json`;
      a.click();
      URL.revokeObjectURL(url);
    });

  const importFile = async (file: File) => {
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      setError(`${file.name} is not JSON, so it cannot be imported as a workflow.`);
      return;
    }
    const trigger = (doc as Partial<Workflow> | null)?.trigger;
    // Only a workflow that runs by itself has a switch worth asking about.
    if (switchable(trigger)) setImporting({ file: file.name, doc: doc as Workflow });
    else await act(() => shellApi.importWorkflow(doc, true));
  };

  return (
    <>
      <div className="page-head">
        <h1>Workflows</h1>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (newName.trim())
            void create({
              name: newName.trim(),
              trigger: { type: 'manual' },
              config: {},
              steps: [],
            } as Workflow);
        }}
      >
        <input
          aria-label="New workflow name"
          placeholder="Name of a new workflow"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <button className="primary" type="submit" disabled={!newName.trim()}>
          Create workflow
        </button>
        <button type="button" onClick={() => setShowTemplates((v) => !v)}>
          New from template
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Import a workflow file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </form>
      <ErrorAlert error={error} />
      <Notice notice={notice} />
      {showTemplates && (
        <section className="templates" aria-label="Templates">
          {templates.length === 0 && (
            <p className="muted">No templates are bundled with this build.</p>
          )}
          {templates.map((t) => (
            <button key={t.file} className="template" onClick={() => void create({ ...t.doc })}>
              <strong>{t.name}</strong>
              <span className="muted">{t.description || t.file}</span>
            </button>
          ))}
        </section>
      )}
      {importing && (
        <ImportDialog
          name={importing.doc.name || importing.file}
          trigger={importing.doc.trigger}
          onCancel={() => setImporting(null)}
          onImport={(enabled) => {
            const doc = importing.doc;
            setImporting(null);
            void act(() => shellApi.importWorkflow(doc, enabled));
          }}
        />
      )}
      {workflows === null ? (
        <p className="muted">Loading…</p>
      ) : workflows.length === 0 ? (
        <p className="muted">No workflows yet. Give one a name above and press Create workflow.</p>
      ) : (
        <table className="workflows data-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Trigger</th>
              <th>On</th>
              <th>Last run</th>
              <th>Owner</th>
              <th>Version</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {workflows.map((w) => {
              const schedule = schedules.get(w.id);
              return (
                <tr key={w.id}>
                  <td>
                    {renaming?.id === w.id ? (
                      <RenameForm
                        name={renaming.name}
                        onChange={(name) => setRenaming({ id: w.id, name })}
                        onSave={() => void rename(w.id, renaming.name)}
                        onCancel={() => setRenaming(null)}
                      />
                    ) : (
                      <a href={`#/workflows/${encodeURIComponent(w.id)}`}>{w.name}</a>
                    )}
                  </td>
                  <td>
                    {describeTrigger(w.trigger)}
                    {w.trigger?.type === 'schedule' && (
                      <div className="hint" data-testid="next-fire">
                        {!w.enabled
                          ? 'Switched off: does not fire'
                          : schedule?.problem
                            ? `Cannot fire: ${schedule.problem}`
                            : schedule?.nextRunAt
                              ? `Next: ${when(schedule.nextRunAt)}`
                              : ''}
                      </div>
                    )}
                  </td>
                  <td>
                    {switchable(w.trigger) ? (
                      <label className="switch">
                        <input
                          type="checkbox"
                          role="switch"
                          aria-label={`${w.name} switched on`}
                          checked={w.enabled}
                          onChange={(e) => void toggle(w, e.target.checked)}
                        />
                        <span className="muted">{w.enabled ? 'On' : 'Off'}</span>
                      </label>
                    ) : (
                      <span className="muted" title="Runs only when started">
                        —
                      </span>
                    )}
                  </td>
                  <td>
                    {w.lastRun ? (
                      <a href={runLink(w.id, w.lastRun.id)} className="row">
                        <StatusBadge status={w.lastRun.status} />
                        <span className="muted">{when(w.lastRun.startedAt)}</span>
                      </a>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>{w.ownerEmail ?? <em className="muted">removed user</em>}</td>
                  <td>{w.version}</td>
                  <td className="actions">
                    <button onClick={() => setRenaming({ id: w.id, name: w.name })}>Rename</button>
                    <button onClick={() => void duplicate(w.id)}>Duplicate</button>
                    <button onClick={() => void exportOne(w)}>Export</button>
                    <a
                      className="button-link"
                      href={`#/runs?workflowId=${encodeURIComponent(w.id)}`}
                    >
                      Runs
                    </a>
                    <button className="danger" onClick={() => remove(w)}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
