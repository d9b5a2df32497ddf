import { useEffect, useState } from 'react';
import { api, type Authentication, type ConnectorInfo } from '../api/client.js';
import { AuthDialog } from './AuthDialog.js';

const ADD_NEW = '__add_new__';

/** The step's authentication: the user's and the organisation's for this connector, or a new one. */
export function AuthField({
  connector,
  value,
  onChange,
  problem,
  label = 'Authentication',
}: {
  connector: ConnectorInfo;
  value: unknown;
  onChange: (id: string | undefined) => void;
  problem?: string;
  label?: string;
}) {
  const [auths, setAuths] = useState<Authentication[]>([]);
  const [adding, setAdding] = useState(false);
  // Keyed by the authentication tested: the panel is reused from step to step, and a result
  // must never show beside another authentication (or arrive late on another step).
  const [tested, setTested] = useState<{ authId: string; text: string } | null>(null);
  const test = tested && tested.authId === value ? tested.text : null;

  useEffect(() => {
    let live = true;
    api.authentications(connector.name).then(
      (list) => {
        if (live) setAuths(list);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [connector.name]);

  if (value !== undefined && typeof value !== 'string') {
    return (
      <div className="field">
        <label>Authentication</label>
        <code>{JSON.stringify(value)}</code>
        <p className="hint">
          This step uses one authentication per service; edit it in the exported JSON.
        </p>
      </div>
    );
  }
  const testIt = async () => {
    if (!value) return;
    const authId = value;
    setTested({ authId, text: 'Testing…' });
    try {
      const r = await api.testAuthentication(authId);
      setTested({ authId, text: r.ok ? `Works: ${r.message}` : `Failed: ${r.message}` });
    } catch (err) {
      setTested({ authId, text: `Failed: ${(err as Error).message}` });
    }
  };
  return (
    <div className={`field${problem ? ' has-problem' : ''}`}>
      <label htmlFor={`auth-${connector.name}`}>{label}</label>
      <div className="row">
        <select
          id={`auth-${connector.name}`}
          aria-label={label}
          value={value ?? ''}
          onChange={(e) => {
            if (e.target.value === ADD_NEW) setAdding(true);
            else onChange(e.target.value || undefined);
          }}
        >
          <option value="">(none)</option>
          {value && !auths.some((a) => a.id === value) && <option value={value}>{value}</option>}
          {auths.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.scope === 'personal' ? 'Personal' : 'Organisational'})
            </option>
          ))}
          <option value={ADD_NEW}>Add new authentication…</option>
        </select>
        <button type="button" onClick={() => setAdding(true)}>
          Add new authentication
        </button>
        {value && (
          <button type="button" onClick={() => void testIt()}>
            Test
          </button>
        )}
      </div>
      {test && (
        <p className="hint" role="status">
          {test}
        </p>
      )}
      {problem && (
        <span className="error" role="note">
          {problem}
        </span>
      )}
      {adding && (
        <AuthDialog
          connector={connector}
          onClose={() => setAdding(false)}
          onCreated={(auth) => {
            setAuths((list) => [...list, auth]);
            onChange(auth.id);
            setAdding(false);
          }}
        />
      )}
    </div>
  );
}
