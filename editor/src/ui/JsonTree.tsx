import { memo, useState } from 'react';
import { CopyButton } from './CopyButton.js';

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[ ${value.length} items ]`;
  if (value && typeof value === 'object') return `{ ${Object.keys(value).length} keys }`;
  return JSON.stringify(value) ?? 'undefined';
}

const Entry = memo(function Entry({
  name,
  value,
  depth,
}: {
  name: string;
  value: unknown;
  depth: number;
}) {
  const container = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  if (!container) {
    return (
      <div className="json-row">
        <span className="json-key">{name}</span>
        <span className={`json-value json-${value === null ? 'null' : typeof value}`}>
          {JSON.stringify(value) ?? 'undefined'}
        </span>
      </div>
    );
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as object);
  return (
    <div className="json-node">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span className="caret">{open ? '▾' : '▸'}</span>
        <span className="json-key">{name}</span>
        {!open && <span className="muted">{summary(value)}</span>}
      </button>
      {open && (
        <div className="json-children">
          {entries.slice(0, 500).map(([k, v]) => (
            <Entry key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > 500 && <div className="muted">… {entries.length - 500} more</div>}
        </div>
      )}
    </div>
  );
});

/** A collapsible JSON view with a copy button (debug panel: Input, Output, Error). */
export function JsonTree({ title, value }: { title: string; value: unknown }) {
  return (
    <section className="json-tree" aria-label={title}>
      <header>
        <strong>{title}</strong>
        <CopyButton text={JSON.stringify(value, null, 2) ?? 'null'} label={`Copy ${title}`} />
      </header>
      <div className="json-body">
        {value !== null && typeof value === 'object' ? (
          <Entry name={Array.isArray(value) ? '[ ]' : '{ }'} value={value} depth={0} />
        ) : (
          <div className="json-row">
            <span className="json-value">{JSON.stringify(value) ?? 'nothing'}</span>
          </div>
        )}
      </div>
    </section>
  );
}
