import { useMemo, useState, type DragEvent } from 'react';
import { NEW_STEP_TYPE, makeStep, type NewStepItem } from '../canvas/drag.js';
import { insertStep, slotOf } from '../graph/document.js';
import type { Slot } from '../graph/types.js';
import { edit, editorStore, select, useEditor } from '../state/editor-store.js';

interface PanelItem {
  key: string;
  title: string;
  hint: string;
  item: NewStepItem;
}

const CONTROL_ITEMS: PanelItem[] = [
  {
    key: 'loop',
    title: 'Loop collection',
    hint: 'Run steps once for each item of a list',
    item: { kind: 'loop' },
  },
  {
    key: 'boolean',
    title: 'Boolean condition',
    hint: 'Take the True or the False branch',
    item: { kind: 'boolean' },
  },
  { key: 'break', title: 'Break', hint: 'End a loop early', item: { kind: 'break' } },
];

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
  const items = useMemo<PanelItem[]>(
    () => [
      ...connectors.map((c) => ({
        key: c.name,
        title: c.title,
        hint: `${c.operations.length} operations`,
        item: {
          kind: 'connector',
          connector: c.name,
          operation: c.operations[0]?.name ?? '',
        } as NewStepItem,
      })),
      ...CONTROL_ITEMS,
    ],
    [connectors],
  );
  const q = query.trim().toLowerCase();
  const shown = q
    ? items.filter((i) => `${i.title} ${i.key} ${i.hint}`.toLowerCase().includes(q))
    : items;

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
        placeholder="Search connectors"
        aria-label="Search connectors"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="hint">
        Drag one onto the canvas where it should run, or click to add it after the selected step.
      </p>
      <ul>
        {shown.map((entry) => (
          <li key={entry.key}>
            <button
              className="connector-item"
              draggable
              data-testid={`connector-${entry.key}`}
              onDragStart={(event: DragEvent) => {
                event.dataTransfer.setData(NEW_STEP_TYPE, JSON.stringify(entry.item));
                event.dataTransfer.effectAllowed = 'copyMove';
              }}
              onClick={() => add(entry.item)}
            >
              <strong>{entry.title}</strong>
              <span className="muted">{entry.hint}</span>
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">Nothing matches "{query}".</li>}
      </ul>
    </aside>
  );
}
