import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, errorText, type User } from '../api/client.js';
import { ErrorAlert } from '../ui/PageMessages.js';

/** Sign in, or on a fresh server set up the owner (an admin). */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const [mode, setMode] = useState<'login' | 'setup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.setupNeeded().then(
      (h) => setMode(h.needsSetup ? 'setup' : 'login'),
      () => undefined,
    );
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer =
        mode === 'setup' ? await api.setup(email, password) : await api.login(email, password);
      onLoggedIn(answer.user);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && mode === 'setup') {
        setError('This server already has an owner. Sign in instead.');
        setMode('login');
      } else if (err instanceof ApiError && err.status === 401) {
        setError('That email and password do not match an account.');
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form
        className="login-card"
        onSubmit={submit}
        aria-label={mode === 'setup' ? 'Set up the owner' : 'Sign in'}
      >
        <h1>Stepwise</h1>
        <div className="tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'login'}
            onClick={() => setMode('login')}
          >
            Sign in
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'setup'}
            onClick={() => setMode('setup')}
          >
            First start: set up the owner
          </button>
        </div>
        {mode === 'setup' && (
          <p className="hint">
            Create the first account. It owns this server and can add other people later.
          </p>
        )}
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <ErrorAlert error={error} />
        <button className="primary" type="submit" disabled={busy}>
          {mode === 'setup' ? 'Create owner and sign in' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
