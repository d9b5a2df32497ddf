// A text box with a searchable list of the values the service offers (dynamic choices: a
// Slack channel, a Salesforce object or field, a Totango activity type). Typing filters the
// list and stays possible: a value the list does not have is kept as typed.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { errorText, type ChoicesAnswer } from '../api/client.js';
import './fields.css';
import {
  choicesQuery,
  knownChoices,
  loadChoices,
  notReady,
  type ChoicesDeclaration,
} from './choices.js';
import { useStepContext } from './step-context.js';

/** The most options drawn at once; typing narrows the rest. */
const SHOWN = 200;

export function ChoiceInput({
  label,
  field,
  declaration,
  value,
  onChange,
  placeholder,
}: {
  /** The field's label (the input's accessible name). */
  label: string;
  /** The field's path in the step's input (`channel`, `fields`, `fields[]`). */
  field: string;
  declaration: ChoicesDeclaration;
  value: unknown;
  onChange: (value: unknown) => void;
  placeholder?: string;
}) {
  const step = useStepContext();
  const id = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [answer, setAnswer] = useState<{ key: string; list: ChoicesAnswer } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const waiting = step ? notReady(declaration, step) : 'This field offers choices only in a step.';
  const query = step && !waiting ? choicesQuery(declaration, step, field) : null;
  const queryKey = JSON.stringify(query);
  const latestKey = useRef(queryKey);
  latestKey.current = queryKey;
  const known = query
    ? answer?.key === queryKey
      ? answer.list
      : (knownChoices(query) ?? null)
    : null;
  const text = value === undefined || value === null ? '' : String(value);
  const current = known?.choices.find((c) => String(c.value) === text);

  const load = async (refresh = false) => {
    if (!query) return;
    setLoading(true);
    setError(null);
    try {
      const list = await loadChoices(query, refresh);
      // The step may have changed meanwhile: an answer to an older question is not shown.
      if (latestKey.current === queryKey) setAnswer({ key: queryKey, list });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };
  const show = (withFilter: string) => {
    setFilter(withFilter);
    setActive(0);
    setOpen(true);
    if (query && !knownChoices(query)) void load();
  };

  const options = useMemo(() => {
    const words = filter.toLowerCase().trim();
    const all = known?.choices ?? [];
    return words
      ? all.filter(
          (c) =>
            c.label.toLowerCase().includes(words) || String(c.value).toLowerCase().includes(words),
        )
      : all;
  }, [known, filter]);

  const pick = (choice: { value: unknown }) => {
    onChange(choice.value);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) show('');
      else setActive((i) => Math.min(i + 1, Math.min(options.length, SHOWN) - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div
      className="choice-input"
      ref={wrapper}
      onBlur={(e) => {
        if (!wrapper.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <div className="row">
        <input
          role="combobox"
          aria-label={label}
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${id}-${active}` : undefined}
          value={text}
          placeholder={placeholder}
          onChange={(e) => {
            onChange(e.target.value === '' ? undefined : e.target.value);
            show(e.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="choice-toggle"
          aria-label={`Choose ${label} from a list`}
          title="Choose from the list the service keeps"
          onClick={() => (open ? setOpen(false) : show(''))}
        >
          ▾
        </button>
      </div>
      {current && current.label !== text && (
        <span className="choice-label" data-testid="choice-label">
          {current.label}
        </span>
      )}
      {open && (
        <div className="choice-popup">
          {waiting ? (
            <p className="hint">{waiting}</p>
          ) : (
            <>
              {loading && <p className="muted">Loading the list…</p>}
              {error && (
                <p className="error" role="alert">
                  Could not load the list: {error} You can still type the value.
                </p>
              )}
              {known && (
                <ul role="listbox" id={`${id}-list`} aria-label={`${label} choices`}>
                  {options.slice(0, SHOWN).map((c, i) => (
                    <li
                      key={JSON.stringify(c.value)}
                      id={`${id}-${i}`}
                      role="option"
                      aria-selected={String(c.value) === text}
                      className={i === active ? 'active' : undefined}
                      // Before the input's blur closes the list.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => pick(c)}
                    >
                      <span>{c.label}</span>
                      {c.label !== String(c.value) && (
                        <span className="muted"> {String(c.value)}</span>
                      )}
                    </li>
                  ))}
                  {options.length === 0 && (
                    <li className="muted" aria-disabled="true">
                      Nothing in the list matches "{filter}": it is kept as typed.
                    </li>
                  )}
                </ul>
              )}
              <div className="row choice-foot">
                <span className="muted">
                  {options.length > SHOWN
                    ? `${options.length - SHOWN} more: type to narrow the list`
                    : known?.truncated
                      ? 'The list was cut: type the value if it is not here'
                      : ''}
                </span>
                <button
                  type="button"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => void load(true)}
                >
                  Reload the list
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
