// Importing a workflow that runs by itself (a schedule or a webhook): ask whether the copy
// starts switched on. Off is the default, so importing a copy never makes a second live
// schedule by accident.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { describeTrigger } from '../../graph/describe-trigger.js';
import type { Workflow } from '../../graph/types.js';

export function ImportDialog({
  name,
  trigger,
  onImport,
  onCancel,
}: {
  name: string;
  trigger: Workflow['trigger'];
  onImport: (enabled: boolean) => void;
  onCancel: () => void;
}) {
  const [keepOff, setKeepOff] = useState(true);
  const what = trigger.type === 'schedule' ? 'schedule' : 'webhook';
  return createPortal(
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-label="Import a workflow"
        onSubmit={(e) => {
          e.preventDefault();
          onImport(!keepOff);
        }}
      >
        <h3>Import “{name}”</h3>
        <p className="muted">{describeTrigger(trigger)}</p>
        <label className="row">
          <input type="checkbox" checked={keepOff} onChange={(e) => setKeepOff(e.target.checked)} />
          Keep the copy switched off (its {what} does not run until you switch it on)
        </label>
        <div className="row end">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Import
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
