import { useEffect, useRef, useState, type DragEvent } from 'react';
import { DATA_FILES_LIST } from '../ui/DataFilesList.js';
import { jsonPathOf, modeOf, type ValueMode } from '../graph/json-path.js';
import type { JsonSchema } from '../graph/scope-tree.js';
import { ChoiceInput } from './ChoiceInput.js';
import { declarationOf } from './choices.js';
import { KeyValueField } from './KeyValueField.js';
import { MappingPicker, PATH_TYPE } from './MappingPicker.js';
import {
  acceptsString,
  emptyValue,
  enumValues,
  fieldKind,
  humanize,
  unwrap,
} from './schema-utils.js';

export interface ValueFieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  required?: boolean;
  /** The step whose input this is (for the mapping picker's scope). */
  stepId: string;
  /** The picker offers `stepId` itself too. */
  includeSelf?: boolean;
  /**
   * The field's path in the step's input (`channel`, `query.fields[]`, `fields.*`): what a field
   * with dynamic choices names when it asks for them. Default: `name`.
   */
  path?: string;
  problem?: string;
  onChange: (value: unknown) => void;
}

/** How the server answers a secret input it keeps encrypted (server/services/secret-inputs.ts). */
const SEALED_PREFIX = 'stepwise-secret:v1:';

function droppedPath(event: DragEvent): string | null {
  return event.dataTransfer.getData(PATH_TYPE) || null;
}

/** A JSON text area: parses on blur; text that is not JSON stays text when the field accepts a string. */
function JsonInput({
  label,
  schema,
  value,
  onChange,
}: {
  label: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const render = (v: unknown) =>
    v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  const [text, setText] = useState(render(value));
  const [error, setError] = useState<string | null>(null);
  const last = useRef(value);
  useEffect(() => {
    if (value !== last.current) {
      setText(render(value));
      last.current = value;
    }
  }, [value]);
  const commit = () => {
    if (text.trim() === '') {
      last.current = undefined;
      onChange(undefined);
      setError(null);
      return;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      last.current = parsed;
      onChange(parsed);
      setError(null);
    } catch (err) {
      if (acceptsString(schema)) {
        last.current = text;
        onChange(text);
        setError(null);
        return;
      }
      setError(`This is not valid JSON: ${(err as Error).message}`);
    }
  };
  return (
    <>
      <textarea
        aria-label={label}
        className="json-input"
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        spellCheck={false}
      />
      {error && <span className="error">{error}</span>}
    </>
  );
}

function PlainValue({
  label,
  schema,
  value,
  stepId,
  path,
  onChange,
}: {
  label: string;
  schema: JsonSchema;
  value: unknown;
  stepId: string;
  path: string;
  onChange: (v: unknown) => void;
}) {
  const s = unwrap(schema);
  const choices = declarationOf(s);
  switch (fieldKind(s)) {
    case 'enum':
      return (
        <select
          aria-label={label}
          value={value === undefined ? '' : JSON.stringify(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}
        >
          <option value="">(choose)</option>
          {enumValues(s).map((v) => (
            <option key={JSON.stringify(v)} value={JSON.stringify(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <input
          type="checkbox"
          aria-label={label}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'number':
      return (
        <input
          type="number"
          aria-label={label}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'string':
      // A secret input the server stored sealed (docs/server.md, "Secrets"): it is not shown;
      // typing replaces it, and leaving the field empty keeps the stored one.
      if (s.secret && typeof value === 'string' && value.startsWith(SEALED_PREFIX))
        return (
          <input
            type="password"
            aria-label={label}
            value=""
            placeholder="Stored (hidden): type a new value to replace it"
            onChange={(e) => onChange(e.target.value === '' ? value : e.target.value)}
          />
        );
      // A value from a list the service keeps (a Slack channel): a searchable dropdown.
      if (choices && choices.fills !== 'key' && !s.secret)
        return (
          <ChoiceInput
            label={label}
            field={path}
            declaration={choices}
            value={value}
            onChange={(v) => onChange(v === '' ? undefined : v)}
          />
        );
      return (
        <input
          type={s.secret ? 'password' : 'text'}
          aria-label={label}
          list={s.suggest === 'data-files' ? DATA_FILES_LIST : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      );
    case 'object': {
      const obj =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : {};
      return (
        <fieldset className="nested">
          {Object.entries(s.properties ?? {}).map(([key, child]) => (
            <ValueField
              key={key}
              name={key}
              schema={child}
              value={obj[key]}
              required={s.required?.includes(key)}
              stepId={stepId}
              path={`${path}.${key}`}
              onChange={(v) => {
                const next = { ...obj };
                if (v === undefined) delete next[key];
                else next[key] = v;
                onChange(Object.keys(next).length ? next : undefined);
              }}
            />
          ))}
        </fieldset>
      );
    }
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      const itemSchema = s.items as JsonSchema;
      const setItems = (next: unknown[]) => onChange(next.length ? next : undefined);
      return (
        <fieldset className="nested array-items" aria-label={label}>
          {items.map((item, i) => (
            <div key={i} className="array-item">
              <ValueField
                name={`${label} ${i + 1}`}
                schema={{ ...itemSchema, title: `${label} ${i + 1}` }}
                value={item}
                stepId={stepId}
                path={`${path}[]`}
                onChange={(v) => setItems(items.map((old, j) => (j === i ? v : old)))}
              />
              <button
                type="button"
                aria-label={`Remove ${label} ${i + 1}`}
                onClick={() => setItems(items.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setItems([...items, emptyValue(itemSchema)])}>
            Add {label.toLowerCase()}
          </button>
        </fieldset>
      );
    }
    case 'record':
      return (
        <KeyValueField
          label={label}
          path={path}
          schema={s}
          value={value}
          renderValue={(props) => <ValueField {...props} stepId={stepId} />}
          onChange={onChange}
        />
      );
    default:
      return <JsonInput label={label} schema={s} value={value} onChange={onChange} />;
  }
}

/**
 * One input: a value, a JSONPath, or text with `{$.…}` mappings in it, switched by the
 * mode selector; the Map button opens the picker (the connector-snake).
 */
export function ValueField({
  name,
  schema,
  value,
  required,
  stepId,
  includeSelf,
  path = name,
  problem,
  onChange,
}: ValueFieldProps) {
  const s = unwrap(schema);
  const label = s.title ?? humanize(name);
  const [mode, setMode] = useState<ValueMode>(modeOf(value));
  const [picking, setPicking] = useState(false);
  const textArea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // Follow the value when it clearly has a mode; plain text typed in "Text" mode stays there.
    const inherent = modeOf(value);
    setMode((prev) =>
      inherent !== 'value'
        ? inherent
        : prev === 'text' && (typeof value === 'string' || value === undefined)
          ? 'text'
          : 'value',
    );
  }, [value]);

  const insertMapping = (path: string) => {
    const text = typeof value === 'string' ? value : '';
    const at = textArea.current?.selectionStart ?? text.length;
    onChange(`${text.slice(0, at)}{${path}}${text.slice(at)}`);
    setMode('text');
  };
  const pick = (path: string) => {
    if (mode === 'text') insertMapping(path);
    else {
      onChange({ $jsonpath: path });
      setMode('jsonpath');
    }
    setPicking(false);
  };
  const switchMode = (next: ValueMode) => {
    setMode(next);
    if (next === 'jsonpath')
      onChange({
        $jsonpath:
          jsonPathOf(value) ?? (typeof value === 'string' && value.startsWith('$') ? value : '$.'),
      });
    if (next === 'text')
      onChange(
        typeof value === 'string'
          ? value
          : value === undefined || jsonPathOf(value) !== null
            ? ''
            : JSON.stringify(value),
      );
    if (next === 'value' && (jsonPathOf(value) !== null || mode === 'text')) onChange(undefined);
  };
  const onDrop = (event: DragEvent) => {
    const path = droppedPath(event);
    if (!path) return;
    event.preventDefault();
    pick(path);
  };

  return (
    <div
      className={`field${problem ? ' has-problem' : ''}`}
      data-field={name}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(PATH_TYPE)) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <div className="field-head">
        <label>
          {label}
          {required && (
            <span className="required" title="Required">
              {' '}
              *
            </span>
          )}
        </label>
        <select
          className="mode"
          aria-label={`${label} mode`}
          value={mode}
          onChange={(e) => switchMode(e.target.value as ValueMode)}
        >
          <option value="value">Value</option>
          <option value="jsonpath">JSONPath</option>
          <option value="text">Text with mappings</option>
        </select>
        <button
          type="button"
          className="map-button"
          aria-label={`Map ${label}`}
          title="Map from an earlier step"
          onClick={() => setPicking(!picking)}
        >
          ⤷ Map
        </button>
      </div>
      {s.description && <p className="hint">{s.description}</p>}
      {mode === 'jsonpath' && (
        <input
          className="jsonpath-input"
          aria-label={label}
          value={jsonPathOf(value) ?? ''}
          placeholder="$.steps.<step>.<property>"
          spellCheck={false}
          onChange={(e) => onChange({ ...(value as object), $jsonpath: e.target.value })}
        />
      )}
      {mode === 'text' && (
        <textarea
          ref={textArea}
          aria-label={label}
          rows={3}
          value={typeof value === 'string' ? value : ''}
          placeholder="Text with {$.steps.<step>.<property>} mappings"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {mode === 'value' && (
        <PlainValue
          label={label}
          schema={s}
          value={value}
          stepId={stepId}
          path={path}
          onChange={onChange}
        />
      )}
      {problem && (
        <span className="error" role="note">
          {problem}
        </span>
      )}
      {picking && (
        <MappingPicker
          stepId={stepId}
          includeSelf={includeSelf}
          onPick={pick}
          onClose={() => setPicking(false)}
        />
      )}
    </div>
  );
}
