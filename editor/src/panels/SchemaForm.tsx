import type { JsonSchema } from '../graph/scope-tree.js';
import { ValueField } from './ValueField.js';

/** An operation's input as a form, one field per property of its JSON Schema. */
export function SchemaForm({
  schema,
  value,
  stepId,
  problems,
  onChange,
}: {
  schema: JsonSchema | undefined;
  value: Record<string, unknown>;
  stepId: string;
  /** Problem messages by input key (from validate). */
  problems: Map<string, string>;
  onChange: (value: Record<string, unknown>) => void;
}) {
  const properties = schema?.properties ?? {};
  const extra = Object.keys(value).filter((k) => !(k in properties));
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className="schema-form">
      {Object.entries(properties).map(([key, child]) => (
        <ValueField
          key={key}
          name={key}
          schema={child}
          value={value[key]}
          required={schema?.required?.includes(key)}
          stepId={stepId}
          problem={problems.get(key)}
          onChange={(v) => set(key, v)}
        />
      ))}
      {extra.map((key) => (
        <ValueField
          key={key}
          name={key}
          schema={{
            description:
              'Not part of this operation: remove it, or keep it if you know why it is here.',
          }}
          value={value[key]}
          stepId={stepId}
          problem={problems.get(key)}
          onChange={(v) => set(key, v)}
        />
      ))}
      {Object.keys(properties).length === 0 && extra.length === 0 && (
        <p className="muted">This operation takes no input.</p>
      )}
    </div>
  );
}
