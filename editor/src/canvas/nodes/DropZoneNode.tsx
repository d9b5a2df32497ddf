import { memo, useState, type DragEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DropNode } from '../../graph/types.js';
import { edit, select } from '../../state/editor-store.js';
import { applyDrop, isOurDrag } from '../drag.js';

/** A place a step can be dropped: between two steps, at the end of a list, in a loop or a branch. */
export const DropZoneNode = memo(function DropZoneNode({ data }: NodeProps<DropNode>) {
  const [over, setOver] = useState(false);
  const { slot } = data;
  const onDragOver = (event: DragEvent) => {
    if (!isOurDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
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
      className={`drop-zone nodrag nopan${over ? ' over' : ''}`}
      data-testid={`drop-${slot.parent ?? 'root'}-${slot.branch}-${slot.index}`}
      title="Drop a connector here"
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span>+</span>
    </div>
  );
});
