import { useMemo, useState, type DragEvent } from 'react';
import { panelGroups, type PanelItem } from './panel-items.js';
import { NEW_STEP_TYPE, makeStep, type NewStepItem } from '../canvas/drag.js';
import { insertStep, slotOf } from '../graph/document.js';
import type { Slot } from '../graph/types.js';
import { edit, editorStore, select, useEditor } from '../state/editor-store.js';

/** Where a click (instead of a drag) puts a new step: after the selected step, else at the end. */
function clickSlot(): Slot {
  const { doc, selected } = editorStore.get();
  const slot = doc && selected ? slotOf(doc, selected) : null;
  if (slot) return { ...slot, index: slot.index + 1 };
  return { parent: null, branch: 'steps', index: doc?.steps.length ?? 0 };
}

export function ConnectorsPanel() {
  const connectors = useEditor((s) => s.connectors);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => panelGroups(connectors, query), [connectors, query]);

  const add = (item: NewStepItem) => {
    const slot = clickSlot();
    let id: string | null = null;
    edit((doc) => {
      const step = makeStep(doc, item, slot);
      id = step.id;
      return insertStep(doc, slot, step);
    });
    if (id) select(id);
  };

  return (
    <aside className="connectors-panel" aria-label="Connectors">
      <h2>Connectors</h2>
      <input
        type="search"
        placeholder="Search connectors and operations"
        aria-label="Search connectors"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="hint">
        Drag one onto the canvas where it should run, or click to add it after the selected step.
      </p>
      {groups.map((group) => (
        <section key={group.key} className="panel-group" aria-label={group.title}>
          <h3>{group.title}</h3>
          <ul>
            {group.items.map((entry) => (
              <li key={entry.key}>
                <PanelButton entry={entry} onAdd={add} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && <p className="muted">Nothing matches "{query}".</p>}
    </aside>
  );
}

function PanelButton({ entry, onAdd }: { entry: PanelItem; onAdd: (item: NewStepItem) => void }) {
  const testId =
    entry.item.kind === 'connector' && entry.connectorTitle
      ? `operation-${entry.item.connector}-${entry.item.operation}`
      : `connector-${entry.key}`;
  return (
    <button
      type="button"
      className="connector-item"
      draggable
      data-testid={testId}
      onDragStart={(event: DragEvent) => {
        event.dataTransfer.setData(NEW_STEP_TYPE, JSON.stringify(entry.item));
        event.dataTransfer.effectAllowed = 'copyMove';
      }}
      onClick={() => onAdd(entry.item)}
    >
      <strong>
        {entry.connectorTitle ? `${entry.connectorTitle} · ` : ''}
        {entry.title}
      </strong>
      {entry.hint && <span className="muted">{entry.hint}</span>}
    </button>
  );
}
