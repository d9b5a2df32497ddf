import { conditionOperators } from '../../../engine/model/workflow.schema.js';
import { allSteps } from '../graph/document.js';
import type { Step } from '../graph/types.js';
import { useEditor } from '../state/editor-store.js';
import { ValueField } from './ValueField.js';

type Loop = Extract<Step, { type: 'loop' }>;
type BooleanStep = Extract<Step, { type: 'boolean' }>;
type Break = Extract<Step, { type: 'break' }>;

const NO_RIGHT = new Set(['is_empty', 'is_not_empty', 'is_true', 'is_false']);

export function LoopForm({
  step,
  onChange,
  problems,
}: {
  step: Loop;
  onChange: (s: Step) => void;
  problems: Map<string, string>;
}) {
  const input = (step.input ?? {}) as Record<string, unknown>;
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="loop-mode">Operation</label>
        <select
          id="loop-mode"
          aria-label="Loop operation"
          value={step.mode ?? 'list'}
          onChange={(e) => {
            const mode = e.target.value as Loop['mode'];
            onChange(
              mode === 'forever'
                ? { ...step, mode, maxIterations: step.maxIterations ?? 100, input: {} }
                : mode === 'object'
                  ? { ...step, mode, input: { object: input.object ?? {} } }
                  : { ...step, mode, input: { list: input.list ?? [] } },
            );
          }}
        >
          <option value="list">Loop list</option>
          <option value="object">Loop object (each key)</option>
          <option value="forever">Loop forever (until Break)</option>
        </select>
      </div>
      {step.mode === 'object' ? (
        <ValueField
          name="object"
          schema={{
            title: 'Object',
            type: 'object',
            description:
              'The object to go through, one key per iteration: inside, key, value and index.',
          }}
          value={input.object}
          required
          stepId={step.id}
          problem={problems.get('object')}
          onChange={(v) => onChange({ ...step, input: { ...input, object: v } })}
        />
      ) : (step.mode ?? 'list') === 'list' ? (
        <ValueField
          name="list"
          schema={{
            title: 'List',
            type: 'array',
            description:
              'The list to go through, one item per iteration (usually mapped from an earlier step).',
          }}
          value={input.list}
          required
          stepId={step.id}
          problem={problems.get('list')}
          onChange={(v) => onChange({ ...step, input: { ...input, list: v } })}
        />
      ) : (
        <div className="field">
          <label htmlFor="loop-max">Stop after this many iterations</label>
          <input
            id="loop-max"
            type="number"
            min={1}
            value={step.maxIterations ?? ''}
            onChange={(e) =>
              onChange({
                ...step,
                maxIterations: e.target.value ? Number(e.target.value) : undefined,
              })
            }
          />
        </div>
      )}
      <ValueField
        name="collect"
        schema={{
          title: 'Collect after each iteration (optional)',
          description: 'A value kept from every iteration, available after the loop as results.',
        }}
        value={step.collect}
        stepId={step.steps.at(-1)?.id ?? step.id}
        includeSelf={step.steps.length > 0}
        onChange={(v) => {
          const next = { ...step } as Loop;
          if (v === undefined) delete next.collect;
          else next.collect = v;
          onChange(next);
        }}
      />
    </div>
  );
}

export function BooleanForm({
  step,
  onChange,
}: {
  step: BooleanStep;
  onChange: (s: Step) => void;
}) {
  const { conditions, match } = step.input;
  const setCondition = (i: number, patch: Partial<(typeof conditions)[number]>) =>
    onChange({
      ...step,
      input: {
        ...step.input,
        conditions: conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)),
      },
    });
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="bool-match">Take the True branch when</label>
        <select
          id="bool-match"
          value={match ?? 'all'}
          onChange={(e) =>
            onChange({ ...step, input: { ...step.input, match: e.target.value as 'all' | 'any' } })
          }
        >
          <option value="all">all conditions hold</option>
          <option value="any">any condition holds</option>
        </select>
      </div>
      {conditions.map((c, i) => (
        <fieldset key={i} className="condition">
          <legend>Condition {i + 1}</legend>
          <ValueField
            name={`left-${i}`}
            schema={{ title: 'Value' }}
            value={c.left}
            stepId={step.id}
            onChange={(v) => setCondition(i, { left: v })}
          />
          <select
            aria-label={`Condition ${i + 1} operator`}
            value={c.op}
            onChange={(e) => setCondition(i, { op: e.target.value as typeof c.op })}
          >
            {conditionOperators.map((op) => (
              <option key={op} value={op}>
                {op.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          {!NO_RIGHT.has(c.op) && (
            <ValueField
              name={`right-${i}`}
              schema={{ title: 'Compared with' }}
              value={c.right}
              stepId={step.id}
              onChange={(v) => setCondition(i, { right: v })}
            />
          )}
          {conditions.length > 1 && (
            <button
              type="button"
              onClick={() =>
                onChange({
                  ...step,
                  input: { ...step.input, conditions: conditions.filter((_, j) => j !== i) },
                })
              }
            >
              Remove condition
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() =>
          onChange({
            ...step,
            input: {
              ...step.input,
              conditions: [...conditions, { left: '', op: 'equals' as const, right: '' }],
            },
          })
        }
      >
        Add condition
      </button>
    </div>
  );
}

export function BreakForm({ step, onChange }: { step: Break; onChange: (s: Step) => void }) {
  const doc = useEditor((s) => s.doc);
  const loops = doc ? allSteps(doc).filter((s) => s.type === 'loop') : [];
  return (
    <div className="field">
      <label htmlFor="break-loop">Loop to end</label>
      <select
        id="break-loop"
        value={step.loop}
        onChange={(e) => onChange({ ...step, loop: e.target.value })}
      >
        {!loops.some((l) => l.id === step.loop) && (
          <option value={step.loop}>{step.loop} (not found)</option>
        )}
        {loops.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name ?? l.id}
          </option>
        ))}
      </select>
    </div>
  );
}
