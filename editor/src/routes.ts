// Hash routes, so deep links work without any server routing:
// #/login, #/workflows, #/workflows/<id>, #/runs/<runId>.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'login' }
  | { page: 'workflows' }
  | { page: 'builder'; workflowId: string }
  | { page: 'run'; runId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login') return { page: 'login' };
  if (parts[0] === 'workflows' && parts[1]) return { page: 'builder', workflowId: parts[1] };
  if (parts[0] === 'runs' && parts[1]) return { page: 'run', runId: parts[1] };
  return { page: 'workflows' };
}

export function navigate(path: string): void {
  window.location.hash = path;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
