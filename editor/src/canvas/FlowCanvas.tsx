import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  type NodeMouseHandler,
  type ReactFlowInstance,
} from '@xyflow/react';
import { fromWorkflow } from '../graph/from-workflow.js';
import { stabilise } from '../graph/stabilise.js';
import type { EditorNode, Graph, Slot, Workflow } from '../graph/types.js';
import { TRIGGER_NODE_ID } from '../graph/types.js';
import { edit, select } from '../state/editor-store.js';
import { applyDrop, isOurDrag } from './drag.js';
import {
  dragStore,
  endDrag,
  endSlot,
  nearestZone,
  slotKey,
  useDrag,
  type ZoneRect,
} from './drop-target.js';
import { nodeTypes } from './node-types.js';
import './canvas.css';

/** The drop zones on screen now, measured. */
function measureZones(root: HTMLElement): ZoneRect[] {
  const zones: ZoneRect[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[data-slot]')) {
    const slot = JSON.parse(el.dataset.slot as string) as Slot;
    const r = el.getBoundingClientRect();
    zones.push({
      key: slotKey(slot),
      slot,
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
    });
  }
  return zones;
}

/** The builder's canvas: nodes derived from the document, never edited directly by React Flow. */
export function FlowCanvas({ doc }: { doc: Workflow }) {
  const previous = useRef<Graph | undefined>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);
  const graph = useMemo(() => {
    const next = stabilise(previous.current, fromWorkflow(doc));
    previous.current = next;
    return next;
  }, [doc]);

  const onNodeClick: NodeMouseHandler<EditorNode> = useCallback((_event, node) => {
    if (node.type === 'trigger') select(TRIGGER_NODE_ID);
    else if (node.type === 'step' || node.type === 'container') select(node.data.stepId);
  }, []);

  const dragging = useDrag((s) => s.dragging);
  useEffect(() => {
    // However a drag ends (dropped anywhere, Escape, outside the window), the zones hide again.
    window.addEventListener('dragend', endDrag);
    window.addEventListener('drop', endDrag);
    return () => {
      window.removeEventListener('dragend', endDrag);
      window.removeEventListener('drop', endDrag);
    };
  }, []);

  /** The slot a drop at (x, y) goes to: the nearest zone, else the end of the workflow. */
  const targetAt = (x: number, y: number): Slot => {
    const near = wrapper.current ? nearestZone(measureZones(wrapper.current), x, y) : null;
    return near?.slot ?? endSlot(doc.steps?.length ?? 0);
  };
  const onDragOver = (event: DragEvent) => {
    if (!isOurDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const key = slotKey(targetAt(event.clientX, event.clientY));
    const now = dragStore.get();
    if (!now.dragging || now.target !== key) dragStore.set({ dragging: true, target: key });
  };
  const onDrop = (event: DragEvent) => {
    // A drop zone handled it already; else the drop is on open canvas or beside a zone.
    if (event.defaultPrevented || !isOurDrag(event.dataTransfer)) return;
    event.preventDefault();
    const slot = targetAt(event.clientX, event.clientY);
    endDrag();
    let selected: string | null = null;
    edit((d) => {
      const result = applyDrop(d, event.dataTransfer, slot);
      if (!result) return d;
      selected = result.stepId;
      return result.doc;
    });
    if (selected) select(selected);
  };

  const onInit = useCallback((flow: ReactFlowInstance<EditorNode>) => {
    // Start at the top with the trigger centred, whatever the workflow's length.
    const width = wrapper.current?.clientWidth ?? 800;
    void flow.setViewport({ x: width / 2, y: 24, zoom: 0.9 });
  }, []);

  return (
    <div
      className={`canvas${dragging ? ' dragging' : ''}`}
      ref={wrapper}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        // Left the canvas (not just moved between its children): no slot is meant now.
        if (!wrapper.current?.contains(event.relatedTarget as Node | null))
          dragStore.set({ target: null });
      }}
      onDrop={onDrop}
    >
      {dragging && (
        <div className="drop-hint" role="status">
          Drop on a highlighted place, or anywhere else on the canvas to add it at the end
        </div>
      )}
      <ReactFlow<EditorNode>
        nodes={graph.nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={() => select(null)}
        onInit={onInit}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onlyRenderVisibleElements
        panOnScroll
        minZoom={0.1}
        maxZoom={1.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
