import { useEffect, useState } from 'react';
import { ApiError, SIGNED_IN_KEY, api, type User } from './api/client.js';
import { BuilderPage } from './pages/BuilderPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { RunRedirect } from './pages/RunRedirect.js';
import { WorkflowListPage } from './pages/WorkflowListPage.js';
import { navigate, parseRoute, useHash } from './routes.js';

export function App() {
  const hash = useHash();
  const route = parseRoute(hash);
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    // Without the marker nobody signed in from this browser: skip the /me call, whose 401
    // the browser would log as a console error on every first visit.
    if (!localStorage.getItem(SIGNED_IN_KEY)) {
      setUser(null);
      return;
    }
    api.me().then(
      (me) => setUser(me.user),
      (err: unknown) => {
        localStorage.removeItem(SIGNED_IN_KEY);
        if (!(err instanceof ApiError) || err.status !== 401)
          console.warn('Could not read the session', err);
        setUser(null);
      },
    );
  }, []);

  useEffect(() => {
    // Whoever is not logged in goes to the login page, and comes back to the link they opened.
    if (user === null && route.page !== 'login') {
      sessionStorage.setItem('stepwise:after-login', hash);
      navigate('/login');
    }
  }, [user, route.page, hash]);

  if (user === undefined) return <div className="loading">Loading…</div>;
  if (route.page === 'login' || user === null) {
    return (
      <LoginPage
        onLoggedIn={(u) => {
          localStorage.setItem(SIGNED_IN_KEY, '1');
          setUser(u);
          const back = sessionStorage.getItem('stepwise:after-login');
          sessionStorage.removeItem('stepwise:after-login');
          navigate(back && !back.includes('login') ? back.replace(/^#/, '') : '/workflows');
        }}
      />
    );
  }
  const logout = async () => {
    await api.logout().catch(() => undefined);
    localStorage.removeItem(SIGNED_IN_KEY);
    setUser(null);
  };
  if (route.page === 'builder')
    return <BuilderPage key={route.workflowId} workflowId={route.workflowId} />;
  if (route.page === 'run') return <RunRedirect runId={route.runId} />;
  return <WorkflowListPage user={user} onLogout={logout} />;
}
