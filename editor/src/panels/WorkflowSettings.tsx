import { useEffect, useState } from 'react';
import type { Workflow } from '../graph/types.js';
import { edit, useEditor } from '../state/editor-store.js';
import { AuthField } from './AuthField.js';

type Notifications = NonNullable<Workflow['notifications']>;

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One config entry: its name and its value (JSON when it parses, else text). */
function ConfigRow({
  name,
  value,
  onRename,
  onChange,
  onRemove,
}: {
  name: string;
  value: unknown;
  onRename: (n: string) => void;
  onChange: (v: unknown) => void;
  onRemove: () => void;
}) {
  const render = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const [key, setKey] = useState(name);
  const [text, setText] = useState(render(value));
  useEffect(() => setText(render(value)), [value]);
  return (
    <div className="row config-row">
      <input
        aria-label={`Name of ${name}`}
        value={key}
        onChange={(e) => setKey(e.target.value)}
        onBlur={() => {
          if (key && key !== name) onRename(key);
        }}
      />
      <input
        aria-label={`Value of ${name}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange(parseLoose(text))}
      />
      <button type="button" aria-label={`Remove ${name}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

/** What the properties panel shows when no step is selected: the workflow's own settings. */
export function WorkflowSettings() {
  const doc = useEditor((s) => s.doc);
  const slack = useEditor((s) => s.connectors.find((c) => c.name === 'slack'));
  if (!doc) return null;
  const config = doc.config ?? {};
  const setConfig = (next: Record<string, unknown>) => edit((d) => ({ ...d, config: next }));
  const notifications: Notifications = doc.notifications ?? { onFailure: true, onSuccess: false };
  const setNotifications = (patch: Partial<Notifications>) =>
    edit((d) => {
      const next = { ...notifications, ...patch } as Record<string, unknown>;
      for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
      return { ...d, notifications: next as Notifications };
    });
  const newKey = () => {
    let n = 1;
    while (`setting${n}` in config) n++;
    return `setting${n}`;
  };

  return (
    <div className="workflow-settings">
      <header className="panel-head">
        <h2>Workflow settings</h2>
      </header>
      <p className="hint">
        Select a step (or the trigger) to edit it. These settings belong to the whole workflow.
      </p>
      <div className="field">
        <label htmlFor="wf-description">Description</label>
        <textarea
          id="wf-description"
          rows={3}
          value={doc.description ?? ''}
          onChange={(e) =>
            edit((d) => {
              const next: Workflow = { ...d, description: e.target.value };
              if (!e.target.value) delete next.description;
              return next;
            }, 'description')
          }
        />
      </div>
      <div className="field">
        <label>Config</label>
        <p className="hint">
          Values every step can map from as <code>$.config.&lt;name&gt;</code> (a channel, a
          threshold…).
        </p>
        {Object.entries(config).map(([key, value]) => (
          <ConfigRow
            key={key}
            name={key}
            value={value}
            onRename={(to) =>
              setConfig(
                Object.fromEntries(Object.entries(config).map(([k, v]) => [k === key ? to : k, v])),
              )
            }
            onChange={(v) => setConfig({ ...config, [key]: v })}
            onRemove={() =>
              setConfig(Object.fromEntries(Object.entries(config).filter(([k]) => k !== key)))
            }
          />
        ))}
        <button type="button" onClick={() => setConfig({ ...config, [newKey()]: '' })}>
          Add config value
        </button>
      </div>
      <fieldset>
        <legend>Notifications</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={notifications.onFailure ?? true}
            onChange={(e) => setNotifications({ onFailure: e.target.checked })}
          />{' '}
          When a run fails
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={notifications.onSuccess ?? false}
            onChange={(e) => setNotifications({ onSuccess: e.target.checked })}
          />{' '}
          When a run succeeds
        </label>
        {slack && (
          <AuthField
            label="Post to Slack with"
            connector={slack}
            value={notifications.slack?.auth}
            onChange={(id) =>
              setNotifications({
                slack: id ? { auth: id, channel: notifications.slack?.channel ?? '' } : undefined,
              })
            }
          />
        )}
        {notifications.slack && (
          <div className="field">
            <label htmlFor="notify-channel">Slack channel</label>
            <input
              id="notify-channel"
              value={notifications.slack.channel}
              placeholder="#alerts"
              onChange={(e) =>
                setNotifications({
                  slack: { auth: notifications.slack?.auth ?? '', channel: e.target.value },
                })
              }
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="notify-url">Or POST to this URL</label>
          <input
            id="notify-url"
            value={notifications.url ?? ''}
            placeholder="https://…"
            onChange={(e) => setNotifications({ url: e.target.value || undefined })}
          />
        </div>
      </fieldset>
    </div>
  );
}
