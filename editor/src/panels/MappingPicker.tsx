import { useMemo, useState } from 'react';
import { findStep } from '../graph/document.js';
import { scopeTree, type JsonSchema, type TreeItem } from '../graph/scope-tree.js';
import type { Step } from '../graph/types.js';
import { useEditor } from '../state/editor-store.js';

export const PATH_TYPE = 'application/x-stepwise-path';

function Item({
  item,
  onPick,
  depth,
}: {
  item: TreeItem;
  onPick: (path: string) => void;
  depth: number;
}) {
  const [open, setOpen] = useState(depth < 1);
  return (
    <li>
      <div className="pick-row">
        {item.children.length > 0 ? (
          <button
            type="button"
            className="caret"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${item.label}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="caret" />
        )}
        <button
          type="button"
          className="pick-item"
          draggable
          data-path={item.path}
          title={item.path}
          onDragStart={(e) => {
            e.dataTransfer.setData(PATH_TYPE, item.path);
            e.dataTransfer.setData('text/plain', item.path);
          }}
          onClick={() => onPick(item.path)}
        >
          <span className="pick-label">{item.label}</span>
          <span className="muted"> {item.type}</span>
          {item.preview && <span className="pick-preview"> {item.preview}</span>}
        </button>
      </div>
      {open && item.children.length > 0 && (
        <ul>
          {item.children.map((c) => (
            <Item key={c.key} item={c} onPick={onPick} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The connector-snake: the outputs of the steps in scope for `stepId`, as a tree. Clicking a
 * property (or dragging it onto a field) fills in its JSONPath.
 */
export function MappingPicker({
  stepId,
  includeSelf = false,
  onPick,
  onClose,
}: {
  stepId: string;
  /** Offer the step itself too (a loop's collect runs after its last body step). */
  includeSelf?: boolean;
  onPick: (path: string) => void;
  onClose: () => void;
}) {
  const doc = useEditor((s) => s.doc);
  const records = useEditor((s) => s.records);
  const run = useEditor((s) => s.run);
  const connectors = useEditor((s) => s.connectors);
  const groups = useMemo(() => {
    if (!doc || !findStep(doc, stepId)) return [];
    const outputs = new Map<string, unknown>();
    for (const r of records)
      if (r.status === 'ok' && !outputs.has(r.stepId)) outputs.set(r.stepId, r.output);
    const schemaOf = (step: Step): JsonSchema | undefined => {
      if (!('connector' in step)) return undefined;
      return connectors
        .find((c) => c.name === step.connector)
        ?.operations.find((o) => o.name === step.operation)?.output;
    };
    // A manual run's trigger output is empty: offer it only when it holds something.
    const triggerOutput = run?.trigger?.output;
    const hasTrigger =
      triggerOutput !== undefined &&
      triggerOutput !== null &&
      !(typeof triggerOutput === 'object' && Object.keys(triggerOutput).length === 0);
    return scopeTree(
      doc,
      stepId,
      { outputs, schemaOf, trigger: hasTrigger ? triggerOutput : undefined },
      includeSelf,
    );
  }, [doc, stepId, includeSelf, records, run, connectors]);

  return (
    <div className="mapping-picker" role="dialog" aria-label="Mapping picker">
      <header>
        <strong>Map from an earlier step</strong>
        <button type="button" onClick={onClose} aria-label="Close the picker">
          ×
        </button>
      </header>
      <p className="hint">Click a property, or drag it onto a field.</p>
      {groups.map((g) => (
        <section key={g.stepId} className="pick-group" data-testid={`pick-group-${g.stepId}`}>
          <h4>
            {g.title}{' '}
            <span className="muted">
              {g.fromSample ? '(test payload)' : g.fromRun ? '(last run)' : '(schema)'}
            </span>
          </h4>
          {g.items.length === 0 ? (
            <p className="muted">No known properties. Run the workflow once to see its data.</p>
          ) : (
            <ul>
              {g.items.map((i) => (
                <Item key={i.key} item={i} onPick={onPick} depth={0} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
