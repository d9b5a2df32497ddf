// Copy, duplicate and paste for the selected step (also Ctrl/Cmd+C, D and V on the canvas).
import { copySelected, duplicateSelected, paste, useClip } from '../state/clipboard.js';

export function StepClipboardActions() {
  const clip = useClip();
  const what = clip?.steps.map((s) => s.id).join(', ');
  return (
    <div className="row step-actions" role="group" aria-label="Copy and paste">
      <button type="button" title="Ctrl+C (⌘C)" onClick={copySelected}>
        Copy
      </button>
      <button type="button" title="Ctrl+D (⌘D)" onClick={duplicateSelected}>
        Duplicate
      </button>
      <button
        type="button"
        title={clip ? `Paste ${what} after this step (Ctrl+V, ⌘V)` : 'Copy a step first'}
        disabled={!clip}
        onClick={paste}
      >
        Paste after{what ? ` (${what})` : ''}
      </button>
    </div>
  );
}
