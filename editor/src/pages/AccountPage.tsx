// Your account: change your password (your other sessions end), and API tokens for scripts
// (a new token is shown once; revoke one you no longer use).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { errorText, type User } from '../api/client.js';
import { type ApiTokenRow, shellApi } from '../api/shell-api.js';
import { CopyButton } from '../ui/CopyButton.js';
import { when } from './workflows/StatusBadge.js';
import { ErrorAlert } from '../ui/PageMessages.js';

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (next !== again) {
      setError('The two new passwords are not the same');
      return;
    }
    try {
      await shellApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="card stack" aria-label="Change password" onSubmit={submit}>
      <h2>Change password</h2>
      <label>
        Current password
        <input
          type="password"
          aria-label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
      </label>
      <label>
        New password
        <input
          type="password"
          aria-label="New password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
        <span className="hint">At least 12 characters; a few unrelated words work well.</span>
      </label>
      <label>
        New password again
        <input
          type="password"
          aria-label="New password again"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
      </label>
      <ErrorAlert error={error} />
      {done && (
        <p role="status">
          Password changed. You stay signed in here; everywhere else you are signed out.
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          Change password
        </button>
      </div>
    </form>
  );
}

function ApiTokens() {
  const [tokens, setTokens] = useState<ApiTokenRow[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    shellApi.tokens().then(setTokens, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const made = await shellApi.createToken(name.trim());
      setCreated({ name: made.name, token: made.token });
      setName('');
      reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const revoke = async (t: ApiTokenRow) => {
    if (!window.confirm(`Revoke "${t.name}"? Scripts using it stop working at once.`)) return;
    setError(null);
    try {
      await shellApi.revokeToken(t.id);
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  };

  return (
    <section className="card" aria-label="API tokens">
      <h2>API tokens</h2>
      <p className="muted">
        For scripts that call the API as you: send <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <form className="row" onSubmit={create}>
        <input
          aria-label="Token name"
          placeholder="What it is for, e.g. nightly export"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      {created && (
        <div className="secret-once" role="status">
          <span>
            <strong>{created.name}</strong>: <code data-testid="new-token">{created.token}</code>
            <br />
            <span className="muted">Copy it now: it is not shown again.</span>
          </span>
          <CopyButton text={created.token} label="Copy the token" />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      {tokens && tokens.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Ends</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt) || <span className="muted">never</span>}</td>
                <td>{t.expiresAt ? when(t.expiresAt) : <span className="muted">never</span>}</td>
                <td className="actions">
                  <button type="button" className="danger" onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tokens?.length === 0 && <p className="muted">No API tokens.</p>}
    </section>
  );
}

export function AccountPage({ user }: { user: User }) {
  return (
    <>
      <div className="page-head">
        <h1>Your account</h1>
        <span className="muted">
          {user.email} · {user.role ?? 'builder'}
        </span>
      </div>
      <ChangePassword />
      <ApiTokens />
    </>
  );
}
