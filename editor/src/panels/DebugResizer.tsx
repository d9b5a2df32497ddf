// The debug panel's top edge: drag it (or focus it and press ↑/↓) to give the panel or the
// canvas more room. The height is remembered (panels/debug-height.ts).
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_HEIGHT, setDebugHeight, useDebugHeight } from './debug-height.js';
import { useWindowHeight } from './window-height.js';

export function DebugResizer() {
  const windowHeight = useWindowHeight();
  const height = useDebugHeight(windowHeight);
  const dragging = useRef(false);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    // The panel sits at the bottom of the window: its height is what lies below the pointer.
    if (dragging.current) setDebugHeight(window.innerHeight - event.clientY, window.innerHeight);
  };
  const stop = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 96 : 24;
    if (event.key === 'ArrowUp') setDebugHeight(height + step, window.innerHeight);
    else if (event.key === 'ArrowDown') setDebugHeight(height - step, window.innerHeight);
    else return;
    event.preventDefault();
  };
  return (
    <div
      className="debug-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the debug panel"
      aria-valuemin={MIN_HEIGHT}
      aria-valuemax={windowHeight}
      aria-valuenow={height}
      tabIndex={0}
      title="Drag to resize the debug panel (or focus and press ↑ ↓)"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      onKeyDown={onKeyDown}
    />
  );
}
