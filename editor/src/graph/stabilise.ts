// Keep node and edge objects from the previous render when nothing about them changed, so
// React Flow and the memoised node components skip them (a 500-step canvas re-renders
// only the node that was edited).
import type { Edge } from '@xyflow/react';
import type { EditorNode, Graph } from './types.js';

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

function sameData(a: EditorNode, b: EditorNode): boolean {
  if (a.type !== b.type) return false;
  const da = a.data as Record<string, unknown>;
  const db = b.data as Record<string, unknown>;
  for (const key of Object.keys(da)) {
    const x = da[key];
    const y = db[key];
    if (x === y) continue;
    if (key === 'lanes' || key === 'slot') {
      if (JSON.stringify(x) !== JSON.stringify(y)) return false;
      continue;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x)) {
      if (!shallowEqual(x as Record<string, unknown>, y as Record<string, unknown>)) return false;
      continue;
    }
    return false;
  }
  return Object.keys(da).length === Object.keys(db).length;
}

export function stabilise(previous: Graph | undefined, next: Graph): Graph {
  if (!previous) return next;
  const oldNodes = new Map(previous.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map<string, Edge>(previous.edges.map((e) => [e.id, e]));
  const nodes = next.nodes.map((node) => {
    const old = oldNodes.get(node.id);
    if (
      old &&
      old.position.x === node.position.x &&
      old.position.y === node.position.y &&
      old.width === node.width &&
      old.height === node.height &&
      old.zIndex === node.zIndex &&
      sameData(old, node)
    )
      return old;
    return node;
  });
  const edges = next.edges.map((edge) => oldEdges.get(edge.id) ?? edge);
  return { nodes, edges };
}
