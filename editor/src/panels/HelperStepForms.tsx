// Forms of the helper control steps (HELPERS.md): branch, delay, terminate, call workflow and
// respond. Values that may be mapped use ValueField (value, mapping or text with mappings).
import { useEffect, useState } from 'react';
import { api, type WorkflowSummary } from '../api/client.js';
import type { Step } from '../graph/types.js';
import { ValueField } from './ValueField.js';

type Branch = Extract<Step, { type: 'branch' }>;
type Delay = Extract<Step, { type: 'delay' }>;
type Terminate = Extract<Step, { type: 'terminate' }>;
type Call = Extract<Step, { type: 'call' }>;
type Respond = Extract<Step, { type: 'respond' }>;

interface FormProps<S> {
  step: S;
  onChange: (s: Step) => void;
  problems: Map<string, string>;
}

/**
 * What a person types as a case's value: `gold` is the text "gold"; `3`, `true`, `null`,
 * `"3"` and `{ … }` are read as JSON (so 3 and "3" stay different, as the branch compares).
 */
export function parseCaseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

export function showCaseValue(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? '';
  // Text that would read back as something else (a number, true, JSON) is shown quoted.
  return parseCaseValue(value) === value ? value : JSON.stringify(value);
}

function CaseValueInput({
  value,
  label,
  onChange,
}: {
  value: unknown;
  label: string;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(showCaseValue(value));
  useEffect(() => setText(showCaseValue(value)), [value]);
  return (
    <input
      aria-label={label}
      value={text}
      placeholder='gold, 3, true or "3"'
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onChange(parseCaseValue(text))}
    />
  );
}

export function BranchForm({ step, onChange, problems }: FormProps<Branch>) {
  const cases = step.cases ?? [];
  const setCase = (i: number, patch: Partial<Branch['cases'][number]>) =>
    onChange({ ...step, cases: cases.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <div className="schema-form">
      <ValueField
        name="value"
        schema={{
          title: 'Value',
          description: 'Compared with each case, in order; the first case that equals it runs.',
        }}
        value={step.input?.value}
        required
        stepId={step.id}
        problem={problems.get('value')}
        onChange={(v) => onChange({ ...step, input: { ...step.input, value: v } })}
      />
      {cases.map((c, i) => (
        <fieldset key={i} className="condition" data-testid={`case-${i}`}>
          <legend>Case {i + 1}</legend>
          <div className="field">
            <label htmlFor={`case-label-${i}`}>Label (optional)</label>
            <input
              id={`case-label-${i}`}
              value={c.label ?? ''}
              placeholder="Gold"
              onChange={(e) => {
                const next: Branch['cases'][number] = { ...c, label: e.target.value };
                if (!e.target.value) delete next.label;
                onChange({ ...step, cases: cases.map((x, j) => (j === i ? next : x)) });
              }}
            />
          </div>
          <div className="field">
            <label>Equals</label>
            <CaseValueInput
              label={`Case ${i + 1} equals`}
              value={c.equals}
              onChange={(v) => setCase(i, { equals: v })}
            />
          </div>
          {cases.length > 1 && (
            <button
              type="button"
              onClick={() => onChange({ ...step, cases: cases.filter((_, j) => j !== i) })}
            >
              Remove case
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() =>
          onChange({
            ...step,
            cases: [...cases, { equals: `value ${cases.length + 1}`, steps: [] }],
          })
        }
      >
        Add case
      </button>
      <p className="hint">Steps in "Default" run when no case equals the value.</p>
    </div>
  );
}

const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
type Unit = keyof typeof UNITS;

function bestUnit(seconds: number): Unit {
  for (const unit of ['days', 'hours', 'minutes'] as const)
    if (seconds >= UNITS[unit] && seconds % UNITS[unit] === 0) return unit;
  return 'seconds';
}

export function DelayForm({ step, onChange, problems }: FormProps<Delay>) {
  const input = step.input ?? {};
  const byTime = 'until' in input;
  const seconds = typeof input.seconds === 'number' ? input.seconds : null;
  const [unit, setUnit] = useState<Unit>(seconds ? bestUnit(seconds) : 'minutes');
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="delay-mode">Wait</label>
        <select
          id="delay-mode"
          value={byTime ? 'until' : 'for'}
          onChange={(e) =>
            onChange({
              ...step,
              input: e.target.value === 'until' ? { until: '' } : { seconds: 60 },
            })
          }
        >
          <option value="for">for a while</option>
          <option value="until">until a time</option>
        </select>
      </div>
      {byTime ? (
        <ValueField
          name="until"
          schema={{
            title: 'Until',
            type: 'string',
            description: 'An ISO time such as 2026-03-01T09:00:00Z, at most 30 days ahead.',
          }}
          value={input.until}
          required
          stepId={step.id}
          problem={problems.get('until')}
          onChange={(v) => onChange({ ...step, input: { until: v } })}
        />
      ) : (
        <div className="field">
          <label htmlFor="delay-amount">How long</label>
          <div className="row">
            <input
              id="delay-amount"
              type="number"
              min={0}
              value={seconds === null ? '' : seconds / UNITS[unit]}
              onChange={(e) =>
                onChange({
                  ...step,
                  input: { seconds: Math.round(Number(e.target.value) * UNITS[unit]) },
                })
              }
            />
            <select
              aria-label="Unit"
              value={unit}
              onChange={(e) => setUnit(e.target.value as Unit)}
            >
              {Object.keys(UNITS).map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </div>
          {problems.get('seconds') && <p className="error">{problems.get('seconds')}</p>}
          <p className="hint">
            At most 30 days. The run waits without holding anything, also across a restart.
          </p>
        </div>
      )}
    </div>
  );
}

export function TerminateForm({ step, onChange, problems }: FormProps<Terminate>) {
  const input = step.input ?? {};
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="terminate-status">End the run as</label>
        <select
          id="terminate-status"
          value={String(input.status ?? 'succeeded')}
          onChange={(e) => onChange({ ...step, input: { ...input, status: e.target.value } })}
        >
          <option value="succeeded">succeeded</option>
          <option value="failed">failed</option>
        </select>
        {problems.get('status') && <p className="error">{problems.get('status')}</p>}
      </div>
      <ValueField
        name="message"
        schema={{ title: 'Message (optional)', type: 'string' }}
        value={input.message}
        stepId={step.id}
        problem={problems.get('message')}
        onChange={(v) => {
          const next = { ...input, message: v };
          if (v === undefined) delete next.message;
          onChange({ ...step, input: next });
        }}
      />
    </div>
  );
}

export function CallForm({ step, onChange, problems }: FormProps<Call>) {
  const [workflows, setWorkflows] = useState<WorkflowSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    api.workflows().then(
      (list) => live && setWorkflows(list),
      () => live && setWorkflows([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const callable = (workflows ?? []).filter((w) => w.trigger?.type === 'callable');
  const known = callable.some((w) => w.id === step.workflow);
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="call-workflow">Workflow to call</label>
        <select
          id="call-workflow"
          value={step.workflow}
          onChange={(e) => onChange({ ...step, workflow: e.target.value })}
        >
          {!step.workflow && <option value="">Choose a callable workflow</option>}
          {step.workflow && !known && (
            <option value={step.workflow}>
              {workflows ? `${step.workflow} (not a callable workflow)` : step.workflow}
            </option>
          )}
          {callable.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        {workflows && callable.length === 0 && (
          <p className="hint">
            No workflow can be called yet: give one the trigger "Called by another workflow".
          </p>
        )}
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={step.wait ?? true}
            onChange={(e) => onChange({ ...step, wait: e.target.checked })}
          />{' '}
          Wait for it to finish and use its response
        </label>
      </div>
      <ValueField
        name="payload"
        schema={{
          title: 'Payload (optional)',
          description: 'What the called workflow gets as its trigger ($.trigger).',
        }}
        value={step.input?.payload}
        stepId={step.id}
        problem={problems.get('payload')}
        onChange={(v) => {
          const input = { ...step.input, payload: v };
          if (v === undefined) delete input.payload;
          onChange({ ...step, input });
        }}
      />
    </div>
  );
}

export function RespondForm({ step, onChange, problems }: FormProps<Respond>) {
  const input = step.input ?? {};
  const set = (key: string, v: unknown) => {
    const next = { ...input, [key]: v };
    if (v === undefined) delete next[key];
    onChange({ ...step, input: next });
  };
  return (
    <div className="schema-form">
      <ValueField
        name="body"
        schema={{ title: 'Body', description: 'The answer: what the caller or the webhook gets.' }}
        value={input.body}
        stepId={step.id}
        problem={problems.get('body')}
        onChange={(v) => set('body', v)}
      />
      <ValueField
        name="status"
        schema={{ title: 'HTTP status (for a webhook)', type: 'integer', default: 200 }}
        value={input.status}
        stepId={step.id}
        problem={problems.get('status')}
        onChange={(v) => set('status', v)}
      />
      <ValueField
        name="headers"
        schema={{ title: 'Headers (for a webhook)', type: 'object' }}
        value={input.headers}
        stepId={step.id}
        problem={problems.get('headers')}
        onChange={(v) => set('headers', v)}
      />
    </div>
  );
}
