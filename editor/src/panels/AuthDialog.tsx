import { useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { ApiError, api, type Authentication, type ConnectorInfo } from '../api/client.js';
import { enumValues, fieldKind, humanize, unwrap } from './schema-utils.js';

/** "Add new authentication": a name, Personal or Organisational, and the connector's fields (secrets masked). */
export function AuthDialog({
  connector,
  onCreated,
  onClose,
}: {
  connector: ConnectorInfo;
  onCreated: (auth: Authentication) => void;
  onClose: () => void;
}) {
  const fieldsSchema = connector.auth?.fields ?? {};
  const properties = fieldsSchema.properties ?? {};
  const required = new Set(fieldsSchema.required ?? []);
  const [name, setName] = useState(`${connector.title} account`);
  const [scope, setScope] = useState<'personal' | 'organisational'>('personal');
  const [fields, setFields] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createAuthentication({
        name,
        connector: connector.name,
        scope,
        fields,
      });
      onCreated(created);
    } catch (err) {
      const issues =
        err instanceof ApiError
          ? err.issues.map((i) => `${humanize(i.path.replace(/^fields\./, ''))}: ${i.message}`)
          : [];
      setError(issues.length ? issues.join('; ') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const set = (key: string, value: unknown) =>
    setFields((f) => {
      const next = { ...f };
      if (value === undefined || value === '') delete next[key];
      else next[key] = value;
      return next;
    });

  // A portal: the dialog must not inherit the styles of the field it was opened from.
  return createPortal(
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-label="Add new authentication" onSubmit={submit}>
        <h3>New {connector.title} authentication</h3>
        <label>
          Name
          <input
            aria-label="Authentication name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <fieldset className="radio-row">
          <legend>Who can use it</legend>
          <label>
            <input
              type="radio"
              name="scope"
              checked={scope === 'personal'}
              onChange={() => setScope('personal')}
            />{' '}
            Personal (only you)
          </label>
          <label>
            <input
              type="radio"
              name="scope"
              checked={scope === 'organisational'}
              onChange={() => setScope('organisational')}
            />{' '}
            Organisational (everyone)
          </label>
        </fieldset>
        {Object.entries(properties).map(([key, raw]) => {
          const schema = unwrap(raw);
          const label = schema.title ?? humanize(key);
          const kind = fieldKind(schema);
          return (
            <label key={key}>
              {label}
              {required.has(key) && schema.default === undefined && (
                <span className="required"> *</span>
              )}
              {kind === 'enum' ? (
                <select
                  aria-label={label}
                  value={String(fields[key] ?? schema.default ?? '')}
                  onChange={(e) => set(key, e.target.value || undefined)}
                >
                  <option value="">(default)</option>
                  {enumValues(schema).map((v) => (
                    <option key={String(v)} value={String(v)}>
                      {String(v)}
                    </option>
                  ))}
                </select>
              ) : kind === 'boolean' ? (
                <input
                  type="checkbox"
                  aria-label={label}
                  checked={fields[key] === true}
                  onChange={(e) => set(key, e.target.checked)}
                />
              ) : (
                <input
                  aria-label={label}
                  type={schema.secret ? 'password' : kind === 'number' ? 'number' : 'text'}
                  autoComplete="off"
                  value={String(fields[key] ?? '')}
                  placeholder={
                    schema.default !== undefined ? `default: ${String(schema.default)}` : ''
                  }
                  onChange={(e) =>
                    set(
                      key,
                      kind === 'number' && e.target.value !== ''
                        ? Number(e.target.value)
                        : e.target.value,
                    )
                  }
                />
              )}
              {schema.description && <span className="hint">{schema.description}</span>}
            </label>
          );
        })}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="primary" type="submit" disabled={busy}>
            Create authentication
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
