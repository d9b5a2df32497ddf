import { memo, type DragEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DropNode } from '../../graph/types.js';
import { edit, select } from '../../state/editor-store.js';
import { applyDrop, isOurDrag } from '../drag.js';
import { endDrag, slotKey, useDrag } from '../drop-target.js';

/**
 * A place a step can be dropped: between two steps, at the end of a list, in a loop or a
 * branch. Every zone shows while a step is dragged over the canvas; the one the drop would go
 * to (the nearest, or the end of the workflow on open canvas) is highlighted.
 */
export const DropZoneNode = memo(function DropZoneNode({ data }: NodeProps<DropNode>) {
  const { slot } = data;
  const key = slotKey(slot);
  const target = useDrag((s) => s.target === key);
  const onDrop = (event: DragEvent) => {
    if (!isOurDrag(event.dataTransfer)) return;
    // Handled here: the canvas's own drop handler sees defaultPrevented and leaves it.
    event.preventDefault();
    endDrag();
    let selected: string | null = null;
    edit((doc) => {
      const result = applyDrop(doc, event.dataTransfer, slot);
      if (!result) return doc;
      selected = result.stepId;
      return result.doc;
    });
    if (selected) select(selected);
  };
  return (
    <div
      className={`drop-zone nodrag nopan${target ? ' over' : ''}`}
      data-testid={`drop-${slot.parent ?? 'root'}-${slot.branch}-${slot.index}`}
      data-slot={JSON.stringify(slot)}
      title="Drop a connector here"
      onDrop={onDrop}
    >
      <span>{target ? 'Drop here' : '+'}</span>
    </div>
  );
});
