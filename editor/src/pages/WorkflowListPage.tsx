import { useCallback, useEffect, useRef, useState } from 'react';
import { api, documentOf, errorText, type User, type WorkflowSummary } from '../api/client.js';
import { describeTrigger } from '../graph/describe-trigger.js';
import type { Workflow } from '../graph/types.js';
import { navigate } from '../routes.js';
import { templates } from '../templates.js';

export function WorkflowListPage({ user, onLogout }: { user: User; onLogout: () => void }) {
  const [workflows, setWorkflows] = useState<WorkflowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [showTemplates, setShowTemplates] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    api.workflows().then(setWorkflows, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
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

  const duplicate = (id: string) =>
    act(async () => {
      const stored = await api.workflow(id);
      await api.createWorkflow({ ...documentOf(stored), name: `Copy of ${stored.name}` });
    });

  const remove = (w: WorkflowSummary) => {
    if (!window.confirm(`Delete "${w.name}" and its run history?`)) return;
    void act(() => api.deleteWorkflow(w.id));
  };

  const exportOne = (w: WorkflowSummary) =>
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
    await act(() => api.importWorkflow(doc));
  };

  return (
    <div className="page list-page">
      <header className="topbar">
        <strong className="brand">Stepwise</strong>
        <span className="spacer" />
        <span className="muted">{user.email}</span>
        <button onClick={onLogout}>Log out</button>
      </header>
      <main className="list-main">
        <h1>Workflows</h1>
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
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
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
        {workflows === null ? (
          <p className="muted">Loading…</p>
        ) : workflows.length === 0 ? (
          <p className="muted">
            No workflows yet. Give one a name above and press Create workflow.
          </p>
        ) : (
          <table className="workflows">
            <thead>
              <tr>
                <th>Name</th>
                <th>Trigger</th>
                <th>Version</th>
                <th>Updated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {workflows.map((w) => (
                <tr key={w.id}>
                  <td>
                    {renaming?.id === w.id ? (
                      <form
                        className="row"
                        onSubmit={(e) => {
                          e.preventDefault();
                          void rename(w.id, renaming.name);
                        }}
                      >
                        <input
                          aria-label="New name"
                          autoFocus
                          value={renaming.name}
                          onChange={(e) => setRenaming({ id: w.id, name: e.target.value })}
                        />
                        <button type="submit">Save</button>
                        <button type="button" onClick={() => setRenaming(null)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <a href={`#/workflows/${encodeURIComponent(w.id)}`}>{w.name}</a>
                    )}
                  </td>
                  <td>{describeTrigger(w.trigger)}</td>
                  <td>{w.version}</td>
                  <td>{w.updatedAt ? new Date(w.updatedAt).toLocaleString() : ''}</td>
                  <td className="actions">
                    <button onClick={() => setRenaming({ id: w.id, name: w.name })}>Rename</button>
                    <button onClick={() => void duplicate(w.id)}>Duplicate</button>
                    <button onClick={() => void exportOne(w)}>Export</button>
                    <button className="danger" onClick={() => remove(w)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
