import { lazy, Suspense, useEffect, useState } from 'react';
import { ApiError, SIGNED_IN_KEY, api, type User } from './api/client.js';
import { AccountPage } from './pages/AccountPage.js';
import { AuthenticationsPage } from './pages/AuthenticationsPage.js';
import { FilesPage } from './pages/FilesPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { RunRedirect } from './pages/RunRedirect.js';
import { RunsPage } from './pages/RunsPage.js';
import { StatusPage } from './pages/StatusPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { WorkflowListPage } from './pages/WorkflowListPage.js';
import { navigate, parseRoute, type Route, useHash } from './routes.js';
import { AppShell } from './shell/AppShell.js';

// The builder (canvas, forms, debug panel: most of the code) loads only when a workflow is
// opened, so signing in and the lists load a fraction of it.
const BuilderPage = lazy(() =>
  import('./pages/BuilderPage.js').then((m) => ({ default: m.BuilderPage })),
);

function ShellPage({ route, user }: { route: Route; user: User }) {
  switch (route.page) {
    case 'runs':
      return <RunsPage key={route.workflowId ?? ''} workflowId={route.workflowId} />;
    case 'files':
      return <FilesPage />;
    case 'authentications':
      return <AuthenticationsPage />;
    case 'users':
      return <UsersPage me={user} />;
    case 'status':
      return <StatusPage />;
    case 'account':
      return <AccountPage user={user} />;
    default:
      return <WorkflowListPage />;
  }
}

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
    // Whoever signs in next starts at the workflows, not on the page the last person left.
    sessionStorage.removeItem('stepwise:after-login');
    navigate('/login');
    setUser(null);
  };
  if (route.page === 'builder')
    return (
      <Suspense fallback={<div className="loading">Loading the builder…</div>}>
        <BuilderPage
          key={`${route.workflowId}/${route.runId ?? ''}`}
          workflowId={route.workflowId}
          runId={route.runId}
        />
      </Suspense>
    );
  if (route.page === 'run') return <RunRedirect runId={route.runId} />;
  return (
    <AppShell user={user} page={route.page} onLogout={logout}>
      <ShellPage route={route} user={user} />
    </AppShell>
  );
}
