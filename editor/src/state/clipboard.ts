// The builder's copy, paste and duplicate (Ctrl/Cmd+C, V, D and the step's buttons). The clip
// is kept in this browser's localStorage, so a step copied in one workflow can be pasted in
// another (another tab too).
import { clipOf, isClip, pasteSteps, type Clip } from '../graph/copy-steps.js';
import { findStep, slotOf } from '../graph/document.js';
import type { Slot } from '../graph/types.js';
import { TRIGGER_NODE_ID } from '../graph/types.js';
import { createStore, useStore } from './store.js';
import { edit, editorStore, select } from './editor-store.js';

const KEY = 'stepwise:clipboard';

function read(): Clip | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown;
    return isClip(value) ? value : null;
  } catch {
    return null;
  }
}

/** Whether something can be pasted (and what), for the buttons. */
const clipStore = createStore<{ clip: Clip | null }>({ clip: read() });
window.addEventListener('storage', (event) => {
  if (event.key === KEY) clipStore.set({ clip: read() });
});

export function useClip(): Clip | null {
  return useStore(clipStore, (s) => s.clip);
}

const say = (text: string) => editorStore.set({ notice: { kind: 'info', text } });

/** Copy the selected step (with everything nested in it). */
export function copySelected(): boolean {
  const { doc, selected } = editorStore.get();
  const step = doc && selected && selected !== TRIGGER_NODE_ID ? findStep(doc, selected) : null;
  if (!step) return false;
  const clip = clipOf(step);
  localStorage.setItem(KEY, JSON.stringify(clip));
  clipStore.set({ clip });
  say(`Copied ${step.id}${step.name ? ` (${step.name})` : ''}: paste it with Ctrl+V (⌘V)`);
  return true;
}

/** After the selected step, else at the end of the workflow. */
function pasteSlot(): Slot {
  const { doc, selected } = editorStore.get();
  const slot = doc && selected && selected !== TRIGGER_NODE_ID ? slotOf(doc, selected) : null;
  return slot
    ? { ...slot, index: slot.index + 1 }
    : { parent: null, branch: 'steps', index: doc?.steps.length ?? 0 };
}

function pasteClip(clip: Clip, at: Slot, what: string): boolean {
  let ids: string[] = [];
  const done = edit((doc) => {
    const pasted = pasteSteps(doc, clip, at);
    ids = pasted.ids;
    return pasted.doc;
  });
  if (!done) return false;
  select(ids[0] ?? null);
  say(`${what} as ${ids.join(', ')}`);
  return true;
}

/** Paste the clip after the selected step (or at the end). */
export function paste(): boolean {
  const clip = clipStore.get().clip;
  if (!clip) return false;
  return pasteClip(clip, pasteSlot(), 'Pasted');
}

/** A copy of the selected step right after it (the clipboard is left as it was). */
export function duplicateSelected(): boolean {
  const { doc, selected } = editorStore.get();
  const step = doc && selected && selected !== TRIGGER_NODE_ID ? findStep(doc, selected) : null;
  if (!step) return false;
  return pasteClip(clipOf(step), pasteSlot(), `Duplicated ${step.id}`);
}
