// Authentications: every one you can see, with its connector, scope, who made it and which
// workflows use it; rename, replace a secret (a new token), test, delete (warning with the
// workflows that would break), and add a new one.
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ConnectorInfo, errorText } from '../api/client.js';
import { type AuthenticationRow, shellApi } from '../api/shell-api.js';
import { AuthDialog } from '../panels/AuthDialog.js';
import { ReplaceFieldsForm } from './auths/ReplaceFieldsForm.js';
import { ErrorAlert, Notice } from '../ui/PageMessages.js';
import { RenameForm } from '../ui/RenameForm.js';

type TestResult = { ok: boolean; message: string } | 'testing';

export function AuthenticationsPage() {
  const [auths, setAuths] = useState<AuthenticationRow[] | null>(null);
  const [connectors, setConnectors] = useState<ConnectorInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);
  // Keyed by authentication id: a result is shown only beside the one that was tested.
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [adding, setAdding] = useState<ConnectorInfo | null>(null);
  const [newConnector, setNewConnector] = useState('');

  const byName = useMemo(() => new Map(connectors.map((c) => [c.name, c])), [connectors]);
  const withAuth = connectors.filter((c) => c.auth);

  const reload = useCallback(() => {
    shellApi.authentications().then(setAuths, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);
  useEffect(() => {
    api.connectors().then(setConnectors, (err: unknown) => setError(errorText(err)));
  }, []);

  const act = async (what: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      if (done) setNotice(done);
      reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const test = async (id: string) => {
    setTests((t) => ({ ...t, [id]: 'testing' }));
    try {
      const result = await api.testAuthentication(id);
      setTests((t) => ({ ...t, [id]: result }));
    } catch (err) {
      setTests((t) => ({ ...t, [id]: { ok: false, message: errorText(err) } }));
    }
  };

  const remove = (a: AuthenticationRow) => {
    const uses = a.usedBy.map((w) => `• ${w.name}`).join('\n');
    const message = a.usedBy.length
      ? `Delete "${a.name}"? These workflows use it and will fail at the steps that need it:\n${uses}`
      : `Delete "${a.name}"? No workflow uses it.`;
    if (!window.confirm(message)) return;
    void act(() => shellApi.deleteAuthentication(a.id), `Deleted "${a.name}"`);
  };

  return (
    <>
      <div className="page-head">
        <h1>Authentications</h1>
        <span className="spacer" />
        <label className="row">
          <select
            aria-label="Connector for a new authentication"
            value={newConnector}
            onChange={(e) => setNewConnector(e.target.value)}
          >
            <option value="">Connector…</option>
            {withAuth.map((c) => (
              <option key={c.name} value={c.name}>
                {c.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="primary"
            disabled={!newConnector}
            onClick={() => setAdding(byName.get(newConnector) ?? null)}
          >
            Add authentication
          </button>
        </label>
      </div>
      <p className="muted">
        Credentials for the services your workflows call. Secrets are never shown again: to change
        one, replace it. Personal ones are yours only; organisational ones everyone can use.
      </p>
      <ErrorAlert error={error} />
      <Notice notice={notice} />
      {adding && (
        <AuthDialog
          connector={adding}
          onClose={() => setAdding(null)}
          onCreated={(created) => {
            setAdding(null);
            setNotice(`Added "${created.name}"`);
            reload();
          }}
        />
      )}
      {auths === null ? (
        <p className="muted">Loading…</p>
      ) : auths.length === 0 ? (
        <p className="muted">No authentications yet.</p>
      ) : (
        <table className="data-table auths-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Connector</th>
              <th>Scope</th>
              <th>Owner</th>
              <th>Used by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {auths.map((a) => {
              const result = tests[a.id];
              return (
                <Fragment key={a.id}>
                  <tr data-auth-id={a.id}>
                    <td>
                      {renaming?.id === a.id ? (
                        <RenameForm
                          name={renaming.name}
                          onChange={(name) => setRenaming({ id: a.id, name })}
                          onSave={() =>
                            void act(async () => {
                              await shellApi.updateAuthentication(a.id, { name: renaming.name });
                              setRenaming(null);
                            })
                          }
                          onCancel={() => setRenaming(null)}
                        />
                      ) : (
                        <strong>{a.name}</strong>
                      )}
                      {result && (
                        <div
                          className={`test-result ${result === 'testing' ? '' : result.ok ? 'ok' : 'bad'}`}
                          role="status"
                        >
                          {result === 'testing'
                            ? 'Testing…'
                            : `${result.ok ? 'Works' : 'Does not work'}: ${result.message}`}
                        </div>
                      )}
                    </td>
                    <td>{byName.get(a.connector)?.title ?? a.connector}</td>
                    <td>{a.scope === 'personal' ? 'Personal' : 'Organisational'}</td>
                    <td>{a.createdByEmail ?? <em className="muted">removed user</em>}</td>
                    <td>
                      {a.usedBy.length === 0 ? (
                        <span className="muted">no workflow</span>
                      ) : (
                        <ul className="used-by">
                          {a.usedBy.map((w) => (
                            <li key={w.id}>
                              <a href={`#/workflows/${encodeURIComponent(w.id)}`}>{w.name}</a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="actions">
                      <button type="button" onClick={() => setRenaming({ id: a.id, name: a.name })}>
                        Rename
                      </button>
                      <button
                        type="button"
                        onClick={() => setReplacing(replacing === a.id ? null : a.id)}
                      >
                        Replace secret
                      </button>
                      <button
                        type="button"
                        disabled={result === 'testing'}
                        onClick={() => void test(a.id)}
                      >
                        Test
                      </button>
                      <button type="button" className="danger" onClick={() => remove(a)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                  {replacing === a.id && (
                    <tr>
                      <td colSpan={6}>
                        <ReplaceFieldsForm
                          connector={byName.get(a.connector)}
                          onCancel={() => setReplacing(null)}
                          onSave={async (fields) => {
                            await shellApi.updateAuthentication(a.id, { fields });
                            setReplacing(null);
                            // An old test result said nothing about the new values.
                            setTests(({ [a.id]: _old, ...rest }) => rest);
                            setNotice(
                              `Saved new values for "${a.name}": the next step that uses it uses them`,
                            );
                            reload();
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
