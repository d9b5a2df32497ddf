// Hash routes, so deep links work without any server routing:
// #/login, #/workflows, #/workflows/<id>, #/workflows/<id>/runs/<runId> (a run on the version
// it ran), #/runs (all runs; ?workflowId= filters), #/runs/<runId>, #/files,
// #/authentications, #/users, #/status (admins), #/account.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'login' }
  | { page: 'workflows' }
  | { page: 'builder'; workflowId: string; runId?: string }
  | { page: 'run'; runId: string }
  | { page: 'runs'; workflowId?: string }
  | { page: 'files' }
  | { page: 'authentications' }
  | { page: 'users' }
  | { page: 'status' }
  | { page: 'account' };

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  switch (parts[0]) {
    case 'login':
      return { page: 'login' };
    case 'workflows':
      if (!parts[1]) return { page: 'workflows' };
      if (parts[2] === 'runs' && parts[3])
        return { page: 'builder', workflowId: parts[1], runId: parts[3] };
      return { page: 'builder', workflowId: parts[1] };
    case 'runs':
      if (parts[1]) return { page: 'run', runId: parts[1] };
      return params.get('workflowId')
        ? { page: 'runs', workflowId: params.get('workflowId') as string }
        : { page: 'runs' };
    case 'files':
    case 'authentications':
    case 'users':
    case 'status':
    case 'account':
      return { page: parts[0] };
    default:
      return { page: 'workflows' };
  }
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** The link to a run opened in its builder, on the version it ran. */
export function runLink(workflowId: string, runId: string): string {
  return `#/workflows/${encodeURIComponent(workflowId)}/runs/${encodeURIComponent(runId)}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
