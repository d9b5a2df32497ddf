// Users (admins only): add a user, change a role, switch someone off or on, set a new password
// for someone who forgot theirs, remove a user. The server keeps one admin who can sign in.
import { type FormEvent, Fragment, useCallback, useEffect, useState } from 'react';
import { errorText, type User } from '../api/client.js';
import { shellApi, type UserRow } from '../api/shell-api.js';
import { when } from './workflows/StatusBadge.js';
import { ErrorAlert, Notice } from '../ui/PageMessages.js';

function AddUser({ onAdded }: { onAdded: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'admin' | 'builder'>('builder');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await shellApi.addUser(email.trim(), password, role);
      setEmail('');
      setPassword('');
      onAdded(email.trim());
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="card stack" aria-label="Add a user" onSubmit={submit}>
      <h2>Add a user</h2>
      <label>
        Email
        <input
          type="email"
          aria-label="New user's email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
      </label>
      <label>
        First password
        <input
          type="password"
          aria-label="New user's password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <span className="hint">
          At least 12 characters, not a common password. Tell it to them; they can change it under
          their name at the top right.
        </span>
      </label>
      <label>
        Role
        <select
          aria-label="New user's role"
          value={role}
          onChange={(e) => setRole(e.target.value as 'admin' | 'builder')}
        >
          <option value="builder">Builder: builds and runs workflows</option>
          <option value="admin">Admin: also manages users</option>
        </select>
      </label>
      <ErrorAlert error={error} />
      <div className="row">
        <button type="submit" className="primary">
          Add user
        </button>
      </div>
    </form>
  );
}

function ResetPassword({
  user,
  onDone,
  onCancel,
}: {
  user: UserRow;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      aria-label={`New password for ${user.email}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await shellApi.updateUser(user.id, { password });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        New password for {user.email}
        <input
          type="password"
          aria-label="New password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <span className="hint">They are signed out everywhere and sign in with this one.</span>
      </label>
      <ErrorAlert error={error} />
      <div className="row">
        <button type="submit" className="primary">
          Set password
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function UsersPage({ me }: { me: User }) {
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);

  const reload = useCallback(() => {
    shellApi.users().then(setUsers, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(reload, [reload]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  };

  if (me.role !== 'admin')
    return (
      <p className="error" role="alert">
        Only an admin can manage users.
      </p>
    );

  return (
    <>
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <ErrorAlert error={error} />
      <Notice notice={notice} />
      {users === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="data-table users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Added</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === me.id;
              return (
                <Fragment key={u.id}>
                  <tr>
                    <td>
                      {u.email}
                      {self && <span className="muted"> (you)</span>}
                    </td>
                    <td>
                      <select
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        onChange={(e) =>
                          void act(
                            () => shellApi.updateUser(u.id, { role: e.target.value }),
                            `${u.email} is now ${e.target.value === 'admin' ? 'an admin' : 'a builder'}`,
                          )
                        }
                      >
                        <option value="builder">Builder</option>
                        <option value="admin">Admin</option>
                      </select>
                    </td>
                    <td>{u.disabled ? <span className="badge">switched off</span> : 'active'}</td>
                    <td>{when(u.createdAt)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() => setResetting(resetting === u.id ? null : u.id)}
                      >
                        Set password
                      </button>
                      {!self && (
                        <button
                          type="button"
                          onClick={() =>
                            void act(
                              () => shellApi.updateUser(u.id, { disabled: !u.disabled }),
                              u.disabled
                                ? `${u.email} can sign in again`
                                : `${u.email} is switched off and signed out`,
                            )
                          }
                        >
                          {u.disabled ? 'Switch on' : 'Switch off'}
                        </button>
                      )}
                      {!self && (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            if (
                              window.confirm(
                                `Remove ${u.email}? They can no longer sign in and their personal authentications are deleted. Their workflows stay.`,
                              )
                            )
                              void act(() => shellApi.removeUser(u.id), `Removed ${u.email}`);
                          }}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                  {resetting === u.id && (
                    <tr>
                      <td colSpan={5}>
                        <ResetPassword
                          user={u}
                          onCancel={() => setResetting(null)}
                          onDone={() => {
                            setResetting(null);
                            setNotice(`New password set for ${u.email}`);
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
      <AddUser
        onAdded={(email) => {
          setNotice(`Added ${email}`);
          reload();
        }}
      />
    </>
  );
}
