// Where a step dragged over the canvas lands: the drop zone nearest the pointer when it is
// close to one, else (open canvas) the end of the workflow. The canvas highlights that slot
// while dragging, so what is highlighted is where the drop goes.
import { createStore, useStore } from '../state/store.js';
import type { Slot } from '../graph/types.js';

/** A drop zone as the canvas measured it (screen pixels). */
export interface ZoneRect {
  key: string;
  slot: Slot;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** How far (screen pixels) from a drop zone the pointer still means that zone. */
export const NEAR_PX = 56;

export function slotKey(slot: Slot): string {
  return `${slot.parent ?? ''}:${slot.branch}:${slot.index}`;
}

/** The end of the workflow's top-level list. */
export const endSlot = (topLevelSteps: number): Slot => ({
  parent: null,
  branch: 'steps',
  index: topLevelSteps,
});

/**
 * The zone nearest to the pointer within NEAR_PX (distance to its box, 0 inside it; on a tie
 * the innermost, i.e. the smallest box), or null: the pointer is on open canvas.
 */
export function nearestZone(zones: ZoneRect[], x: number, y: number): ZoneRect | null {
  let best: ZoneRect | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of zones) {
    const dx = Math.max(zone.left - x, 0, x - zone.right);
    const dy = Math.max(zone.top - y, 0, y - zone.bottom);
    const distance = Math.hypot(dx, dy);
    if (distance > NEAR_PX) continue;
    const area = (zone.right - zone.left) * (zone.bottom - zone.top);
    const bestArea = best ? (best.right - best.left) * (best.bottom - best.top) : 0;
    if (distance < bestDistance || (distance === bestDistance && area < bestArea)) {
      best = zone;
      bestDistance = distance;
    }
  }
  return best;
}

export interface DragState {
  /** A step (new or moved) is being dragged: every drop zone shows. */
  dragging: boolean;
  /** The slot the drop would go to (slotKey), highlighted. */
  target: string | null;
}

export const dragStore = createStore<DragState>({ dragging: false, target: null });

export function useDrag<T>(select: (s: DragState) => T): T {
  return useStore(dragStore, select);
}

export function endDrag(): void {
  if (dragStore.get().dragging || dragStore.get().target)
    dragStore.set({ dragging: false, target: null });
}
