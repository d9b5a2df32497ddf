// "Replace secret": the connector's authentication fields, all empty. Only the fields filled
// in are sent (PATCH), so a new token replaces the old one and everything else stays.
import { type FormEvent, useState } from 'react';
import { ApiError, type ConnectorInfo } from '../../api/client.js';
import type { JsonSchema } from '../../graph/scope-tree.js';
import { fieldKind, humanize, unwrap } from '../../panels/schema-utils.js';
import { ErrorAlert } from '../../ui/PageMessages.js';

/** Every field the schema can have (a union, like the HTTP connector's, has them per option). */
function fieldsOf(schema: JsonSchema | undefined): [string, JsonSchema][] {
  if (!schema) return [];
  const seen = new Map<string, JsonSchema>();
  const visit = (s: JsonSchema) => {
    for (const [key, value] of Object.entries(s.properties ?? {}))
      if (!seen.has(key) && unwrap(value).const === undefined) seen.set(key, value);
    for (const option of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) visit(option);
  };
  visit(schema);
  return [...seen.entries()];
}

export function ReplaceFieldsForm({
  connector,
  onSave,
  onCancel,
}: {
  connector: ConnectorInfo | undefined;
  onSave: (fields: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const fields = fieldsOf(connector?.auth?.fields);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, unknown> = {};
    for (const [key, schema] of fields) {
      const raw = values[key];
      if (raw === undefined || raw === '') continue;
      changed[key] = fieldKind(schema) === 'number' ? Number(raw) : raw;
    }
    if (Object.keys(changed).length === 0) {
      setError('Fill in at least one field to replace');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(changed);
    } catch (err) {
      const issues =
        err instanceof ApiError
          ? err.issues.map(
              (i) => `${humanize(i.path.replace(/^fields\.?/, '')) || 'Fields'}: ${i.message}`,
            )
          : [];
      setError(issues.length ? issues.join('; ') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" aria-label="Replace fields" onSubmit={submit}>
      <p className="muted">Fill in only what changes; empty fields keep their current value.</p>
      {fields.length === 0 && <p className="muted">This connector has no fields to replace.</p>}
      {fields.map(([key, raw]) => {
        const schema = unwrap(raw);
        const label = schema.title ?? humanize(key);
        return (
          <label key={key}>
            {label}
            <input
              aria-label={`New ${label}`}
              type={schema.secret ? 'password' : fieldKind(schema) === 'number' ? 'number' : 'text'}
              autoComplete="off"
              placeholder={schema.secret ? 'unchanged (hidden)' : 'unchanged'}
              value={values[key] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
            />
          </label>
        );
      })}
      <ErrorAlert error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Save the new values
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
