// An object of names and values (HTTP headers, query parameters, a Salesforce record's fields)
// as rows of a name and a value instead of a JSON box. Rows are kept while being typed (an
// empty name, two rows with one name); the value sent on is made of the named rows, the last
// of a repeated name winning, in row order.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { JsonSchema } from '../graph/scope-tree.js';
import { ChoiceInput } from './ChoiceInput.js';
import { declarationOf } from './choices.js';
import { fieldKind, unwrap } from './schema-utils.js';

/** How a value that is not plain text is edited: ValueField, passed in (it draws this field too). */
export type RenderValue = (props: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  path: string;
  onChange: (value: unknown) => void;
}) => ReactNode;

type Row = { key: string; value: unknown };

function rowsOf(value: unknown): Row[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: v }));
}

function objectOf(rows: Row[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const row of rows)
    if (row.key.trim() !== '' && row.value !== undefined) out[row.key] = row.value;
  return Object.keys(out).length ? out : undefined;
}

/** The schema of each value: a plain text box for text (and text-or-number), else the full field. */
function valueSchema(schema: JsonSchema, title: string): JsonSchema {
  const extra = schema.additionalProperties;
  const base = extra && typeof extra === 'object' ? (extra as JsonSchema) : {};
  return { ...base, title };
}

export function KeyValueField({
  label,
  path,
  schema,
  value,
  renderValue,
  onChange,
}: {
  label: string;
  /** The field's path in the step's input (a key with dynamic choices asks with it). */
  path: string;
  schema: JsonSchema;
  value: unknown;
  renderValue: RenderValue;
  onChange: (value: unknown) => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  const sent = useRef<unknown>(value);
  useEffect(() => {
    // A change from elsewhere (undo, a mapping, another mode): show it.
    if (value !== sent.current) {
      sent.current = value;
      setRows(rowsOf(value));
    }
  }, [value]);
  const keyChoices = declarationOf(unwrap(schema));
  const fillsKeys = keyChoices?.fills === 'key' ? keyChoices : null;
  const singular = label.replace(/ parameters$/i, ' parameter').replace(/s$/i, '');

  const update = (next: Row[]) => {
    setRows(next);
    const object = objectOf(next);
    sent.current = object;
    onChange(object);
  };
  const setRow = (i: number, row: Row) => update(rows.map((old, j) => (j === i ? row : old)));
  const textValues = fieldKind(valueSchema(schema, '')) === 'string';

  return (
    <fieldset className="nested key-values" aria-label={label}>
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, i) => {
        const name = `${singular} ${i + 1}`;
        return (
          // Rows have no identity but their place (a row's name changes as it is typed).
          <div key={i} className="key-value-row">
            {fillsKeys ? (
              <ChoiceInput
                label={`${name} name`}
                field={path}
                declaration={fillsKeys}
                value={row.key}
                placeholder="Name"
                onChange={(key) => setRow(i, { ...row, key: key === undefined ? '' : String(key) })}
              />
            ) : (
              <input
                aria-label={`${name} name`}
                value={row.key}
                placeholder="Name"
                spellCheck={false}
                onChange={(e) => setRow(i, { ...row, key: e.target.value })}
              />
            )}
            {textValues && (typeof row.value === 'string' || row.value === undefined) ? (
              <input
                aria-label={`${name} value`}
                value={typeof row.value === 'string' ? row.value : ''}
                placeholder="Value, or text with {$.…} mappings"
                spellCheck={false}
                onChange={(e) => setRow(i, { ...row, value: e.target.value })}
              />
            ) : (
              renderValue({
                name: `${name} value`,
                schema: valueSchema(schema, `${name} value`),
                value: row.value,
                path: `${path}.*`,
                onChange: (v) => setRow(i, { ...row, value: v }),
              })
            )}
            <button
              type="button"
              aria-label={`Remove ${name.toLowerCase()}`}
              title="Remove"
              onClick={() => update(rows.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        Add {singular.toLowerCase()}
      </button>
    </fieldset>
  );
}
