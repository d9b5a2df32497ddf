import { useCallback, useMemo, useRef } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  type NodeMouseHandler,
  type ReactFlowInstance,
} from '@xyflow/react';
import { fromWorkflow } from '../graph/from-workflow.js';
import { stabilise } from '../graph/stabilise.js';
import type { EditorNode, Graph, Workflow } from '../graph/types.js';
import { TRIGGER_NODE_ID } from '../graph/types.js';
import { select } from '../state/editor-store.js';
import { nodeTypes } from './node-types.js';

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

  const onInit = useCallback((flow: ReactFlowInstance<EditorNode>) => {
    // Start at the top with the trigger centred, whatever the workflow's length.
    const width = wrapper.current?.clientWidth ?? 800;
    void flow.setViewport({ x: width / 2, y: 24, zoom: 0.9 });
  }, []);

  return (
    <div className="canvas" ref={wrapper} data-testid="canvas">
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
