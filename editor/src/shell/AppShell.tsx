// The frame of every page but the builder: navigation to the product's pages and the
// signed-in user's menu (change password, API tokens, log out).
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { User } from '../api/client.js';
import './shell.css';

export type ShellPage =
  | 'workflows'
  | 'runs'
  | 'files'
  | 'authentications'
  | 'users'
  | 'status'
  | 'account';

const LINKS: { page: ShellPage; label: string; adminOnly?: boolean }[] = [
  { page: 'workflows', label: 'Workflows' },
  { page: 'runs', label: 'Runs' },
  { page: 'files', label: 'Data files' },
  { page: 'authentications', label: 'Authentications' },
  { page: 'users', label: 'Users', adminOnly: true },
  { page: 'status', label: 'Status', adminOnly: true },
];

function UserMenu({ user, onLogout }: { user: User; onLogout: () => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        {user.email} ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          <span className="muted menu-note">Signed in as {user.role ?? 'builder'}</span>
          <a role="menuitem" href="#/account" onClick={() => setOpen(false)}>
            Change password
          </a>
          <a role="menuitem" href="#/account" onClick={() => setOpen(false)}>
            API tokens
          </a>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              onLogout();
            }}
          >
            Log out
          </button>
        </div>
      )}
    </div>
  );
}

export function AppShell({
  user,
  page,
  onLogout,
  children,
}: {
  user: User;
  page: ShellPage;
  onLogout: () => void;
  children: ReactNode;
}) {
  return (
    <div className="page shell">
      <header className="topbar">
        <a className="brand" href="#/workflows">
          Stepwise
        </a>
        <nav className="main-nav" aria-label="Main">
          {LINKS.filter((l) => !l.adminOnly || user.role === 'admin').map((l) => (
            <a
              key={l.page}
              href={`#/${l.page}`}
              aria-current={l.page === page ? 'page' : undefined}
            >
              {l.label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <UserMenu user={user} onLogout={onLogout} />
      </header>
      <main className="list-main">{children}</main>
    </div>
  );
}
