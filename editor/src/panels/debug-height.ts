// The debug panel's height: dragged with its top edge (or arrow keys on it), remembered in
// this browser. By default the canvas keeps most of the window (at 1280×720 the panel takes
// 216 px of 720).
import { createStore, useStore } from '../state/store.js';

const KEY = 'stepwise:debug-height';
export const MIN_HEIGHT = 120;
/** What the top bar and the canvas keep at least. */
const KEEP_ABOVE = 220;

export function defaultHeight(windowHeight: number): number {
  return Math.round(Math.min(300, windowHeight * 0.3));
}

/** A height that fits the window: at least MIN_HEIGHT, leaving KEEP_ABOVE above it. */
export function clampHeight(height: number, windowHeight: number): number {
  return Math.round(Math.max(MIN_HEIGHT, Math.min(height, windowHeight - KEEP_ABOVE)));
}

function stored(): number | null {
  const value = Number(localStorage.getItem(KEY));
  return Number.isFinite(value) && value > 0 ? value : null;
}

const heightStore = createStore<{ height: number | null }>({ height: stored() });

/** The height to draw now (the remembered one, fitted to the window; else the default). */
export function useDebugHeight(windowHeight: number): number {
  const chosen = useStore(heightStore, (s) => s.height);
  return clampHeight(chosen ?? defaultHeight(windowHeight), windowHeight);
}

export function setDebugHeight(height: number, windowHeight: number): void {
  const next = clampHeight(height, windowHeight);
  heightStore.set({ height: next });
  localStorage.setItem(KEY, String(next));
}
