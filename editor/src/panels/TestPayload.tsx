// The trigger's test payload (`sample.trigger` in the document, like n8n's pinned data): what
// the builder's Run sends as `$.trigger`, and what the mapping picker shows for the trigger.
// Saved with the workflow; runs started any other way never see it.
import { useEffect, useRef, useState } from 'react';
import type { Workflow } from '../graph/types.js';
import { edit, useEditor } from '../state/editor-store.js';

const EXAMPLES: Partial<Record<Workflow['trigger']['type'], string>> = {
  manual: '{ "account": "Initech" }',
  callable: '{ "account": "Initech" }',
  webhook: '{ "body": { "account": "Initech" }, "query": {}, "headers": {} }',
};

const render = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

function setSample(doc: Workflow, payload: unknown): Workflow {
  const next = { ...doc };
  if (payload === undefined) delete next.sample;
  else next.sample = { ...doc.sample, trigger: payload };
  return next;
}

export function TestPayload({ type }: { type: Workflow['trigger']['type'] }) {
  const payload = useEditor((s) => s.doc?.sample?.trigger);
  const lastTrigger = useEditor((s) => s.run?.trigger.output);
  const [text, setText] = useState(render(payload));
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(payload);
  useEffect(() => {
    // Undo, another tab's save, or "use the last run's": show the document's value.
    if (payload !== shown.current) {
      shown.current = payload;
      setText(render(payload));
      setError(null);
    }
  }, [payload]);

  const commit = (value: string) => {
    if (value.trim() === '') {
      shown.current = undefined;
      setError(null);
      edit((d) => setSample(d, undefined), 'sample');
      return;
    }
    try {
      const parsed = JSON.parse(value) as unknown;
      shown.current = parsed;
      setError(null);
      edit((d) => setSample(d, parsed), 'sample');
    } catch (err) {
      setError(`This is not valid JSON: ${(err as Error).message}`);
    }
  };
  const hasLast =
    lastTrigger !== undefined &&
    lastTrigger !== null &&
    !(typeof lastTrigger === 'object' && Object.keys(lastTrigger).length === 0);

  return (
    <div className="field test-payload">
      <label htmlFor="test-payload">Test payload</label>
      <p className="hint">
        JSON sent as <code>$.trigger</code> when you press Run here; the mapping picker offers its
        fields. Saved with the workflow; webhook calls and other runs never see it.
      </p>
      <textarea
        id="test-payload"
        className="json-input"
        rows={Math.min(14, Math.max(4, text.split('\n').length))}
        value={text}
        placeholder={EXAMPLES[type]}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
      />
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {hasLast && (
        <button
          type="button"
          onClick={() => {
            setText(render(lastTrigger));
            commit(JSON.stringify(lastTrigger));
          }}
        >
          Use the last run's trigger data
        </button>
      )}
    </div>
  );
}
