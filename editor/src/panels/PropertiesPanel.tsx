import { useMemo } from 'react';
import { deleteStep, findStep, moveStep, slotOf, updateStep } from '../graph/document.js';
import type { Step } from '../graph/types.js';
import { TRIGGER_NODE_ID } from '../graph/types.js';
import { edit, select, useEditor } from '../state/editor-store.js';
import { AuthField } from './AuthField.js';
import { SchemaForm } from './SchemaForm.js';
import { StepContextValue } from './step-context.js';
import { StepClipboardActions } from './StepClipboardActions.js';
import { KIND_TITLES, KindForm } from './step-forms.js';
import { humanize } from './schema-utils.js';
import { TriggerPanel } from './TriggerPanel.js';
import { WorkflowSettings } from './WorkflowSettings.js';

function ErrorPolicy({ step, onChange }: { step: Step; onChange: (s: Step) => void }) {
  const policy = step.onError;
  const then = policy?.then ?? 'fail';
  return (
    <details className="error-policy">
      <summary>When this step fails</summary>
      <div className="field">
        <label htmlFor="retries">Retries</label>
        <input
          id="retries"
          type="number"
          min={0}
          max={10}
          value={policy?.retries ?? 0}
          onChange={(e) =>
            onChange({
              ...step,
              onError: {
                retries: Number(e.target.value),
                backoff: policy?.backoff ?? 'exponential',
                then,
              },
            })
          }
        />
      </div>
      <div className="field">
        <label htmlFor="then">Then</label>
        <select
          id="then"
          value={then}
          onChange={(e) => {
            const next = {
              ...step,
              onError: {
                retries: policy?.retries ?? 0,
                backoff: policy?.backoff ?? 'exponential',
                then: e.target.value as 'fail' | 'continue' | 'branch',
              },
            } as Step;
            if (e.target.value === 'branch' && !Array.isArray(next.error)) next.error = [];
            if (e.target.value !== 'branch' && Array.isArray(next.error) && next.error.length === 0)
              delete next.error;
            onChange(next);
          }}
        >
          <option value="fail">Stop the run</option>
          <option value="continue">Continue with the next step</option>
          <option value="branch">Run the error branch</option>
        </select>
      </div>
    </details>
  );
}

/** The right-hand panel: the selected step's name, operation, authentication and inputs (or the trigger). */
export function PropertiesPanel() {
  const selected = useEditor((s) => s.selected);
  const doc = useEditor((s) => s.doc);
  const connectors = useEditor((s) => s.connectors);
  const step = doc && selected && selected !== TRIGGER_NODE_ID ? findStep(doc, selected) : null;
  const issues = useEditor((s) => (selected ? s.stepIssues.get(selected) : undefined));

  const problems = useMemo(() => {
    const input = new Map<string, string>();
    const authMessages: string[] = [];
    const other: string[] = [];
    for (const issue of issues ?? []) {
      if (issue.field.startsWith('input.')) input.set(issue.field.split('.')[1], issue.message);
      else if (issue.field === 'auth' || issue.field.startsWith('auth.'))
        authMessages.push(
          issue.field === 'auth' ? issue.message : `${issue.field.slice(5)}: ${issue.message}`,
        );
      else other.push(issue.field ? `${issue.field}: ${issue.message}` : issue.message);
    }
    const auth = authMessages.length ? authMessages.join(' ') : undefined;
    /** A two-service step: the problems that name this service (by path or in the message). */
    const authOf = (service: string) => {
      const mine = authMessages.filter((m) => m.toLowerCase().includes(service.toLowerCase()));
      return mine.length ? mine.join(' ') : undefined;
    };
    return { input, auth, authOf, other };
  }, [issues]);

  if (selected === TRIGGER_NODE_ID)
    return (
      <aside className="properties-panel" aria-label="Properties">
        <TriggerPanel />
      </aside>
    );
  if (!doc || !step) {
    return (
      <aside className="properties-panel" aria-label="Properties">
        <WorkflowSettings />
      </aside>
    );
  }

  const change = (next: Step) => edit((d) => updateStep(d, step.id, () => next), `step:${step.id}`);
  const connector =
    'connector' in step ? connectors.find((c) => c.name === step.connector) : undefined;
  const operation =
    connector && 'operation' in step
      ? connector.operations.find((o) => o.name === step.operation)
      : undefined;
  const slot = slotOf(doc, step.id);

  return (
    <aside className="properties-panel" aria-label="Properties">
      <header className="panel-head">
        <h2>{step.name ?? connector?.title ?? KIND_TITLES[step.type ?? 'connector'] ?? 'Step'}</h2>
        <code>{step.id}</code>
      </header>
      <div className="field">
        <label htmlFor="step-name">Name</label>
        <input
          id="step-name"
          value={step.name ?? ''}
          placeholder="A name people will understand"
          onChange={(e) => {
            const next = { ...step, name: e.target.value } as Step;
            if (!e.target.value) delete next.name;
            change(next);
          }}
        />
      </div>
      {problems.other.map((p) => (
        <p key={p} className="error" role="note">
          {p}
        </p>
      ))}
      {'connector' in step && (
        <>
          {!connector && (
            <p className="error">
              The connector "{step.connector}" is not installed on this server.
            </p>
          )}
          {connector && (
            <div className="field">
              <label htmlFor="operation">Operation</label>
              <select
                id="operation"
                aria-label="Operation"
                value={step.operation}
                onChange={(e) => {
                  const next = { ...step, operation: e.target.value, input: {} } as Step & {
                    auth?: unknown;
                  };
                  // Keep the authentication only when its shape (one id, or one per service) still fits.
                  const wantsServices = !!connector.operations.find(
                    (o) => o.name === e.target.value,
                  )?.services;
                  if (next.auth !== undefined && wantsServices !== (typeof next.auth === 'object'))
                    delete next.auth;
                  change(next);
                }}
              >
                {!operation && <option value={step.operation}>{step.operation} (unknown)</option>}
                {connector.operations.map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.title}
                  </option>
                ))}
              </select>
              {operation?.description && <p className="hint">{operation.description}</p>}
            </div>
          )}
          {operation?.services
            ? operation.services.map((service) => {
                // One authentication per service: `auth: { salesforce: id, totango: id }`.
                const auths = step.auth && typeof step.auth === 'object' ? step.auth : {};
                const serviceConnector = connectors.find((c) => c.name === service.name) ?? {
                  name: service.name,
                  title: humanize(service.name),
                  description: '',
                  auth: {
                    kind: service.kind,
                    title: humanize(service.name),
                    optional: false,
                    fields: service.fields,
                  },
                  operations: [],
                };
                return (
                  <AuthField
                    key={service.name}
                    label={`${serviceConnector.title} authentication`}
                    connector={serviceConnector}
                    value={auths[service.name]}
                    problem={problems.authOf(service.name)}
                    onChange={(id) => {
                      const nextAuths: Record<string, string> = { ...auths };
                      if (id) nextAuths[service.name] = id;
                      else delete nextAuths[service.name];
                      change({ ...step, auth: nextAuths } as Step);
                    }}
                  />
                );
              })
            : connector?.auth && (
                <AuthField
                  connector={connector}
                  value={step.auth}
                  problem={problems.auth}
                  onChange={(id) => {
                    const next = { ...step, auth: id } as Step;
                    if (!id) delete (next as { auth?: unknown }).auth;
                    change(next);
                  }}
                />
              )}
          <h3>Input</h3>
          {/* Fields with dynamic choices list them with this step's authentication and input. */}
          <StepContextValue.Provider
            value={{
              connector: step.connector,
              operation: step.operation,
              auth: step.auth,
              input: (step.input ?? {}) as Record<string, unknown>,
            }}
          >
            <SchemaForm
              schema={operation?.input}
              value={(step.input ?? {}) as Record<string, unknown>}
              stepId={step.id}
              problems={problems.input}
              onChange={(input) => change({ ...step, input } as Step)}
            />
          </StepContextValue.Provider>
        </>
      )}
      <KindForm step={step} onChange={change} problems={problems.input} />
      {step.type !== 'break' && step.type !== 'terminate' && (
        <ErrorPolicy step={step} onChange={change} />
      )}
      <div className="row step-actions">
        <button
          type="button"
          disabled={!slot || slot.index === 0}
          onClick={() =>
            slot && edit((d) => moveStep(d, step.id, { ...slot, index: slot.index - 1 }))
          }
        >
          Move up
        </button>
        <button
          type="button"
          onClick={() =>
            slot && edit((d) => moveStep(d, step.id, { ...slot, index: slot.index + 2 }))
          }
        >
          Move down
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            edit((d) => deleteStep(d, step.id));
            select(null);
          }}
        >
          Delete step
        </button>
      </div>
      <StepClipboardActions />
    </aside>
  );
}
