import { useEffect, useState } from 'react';
import { FlowCanvas } from '../canvas/FlowCanvas.js';
import { deleteStep } from '../graph/document.js';
import { TRIGGER_NODE_ID } from '../graph/types.js';
import { ConnectorsPanel } from '../panels/ConnectorsPanel.js';
import { DebugPanel } from '../panels/DebugPanel.js';
import { PropertiesPanel } from '../panels/PropertiesPanel.js';
import {
  edit,
  editorStore,
  loadWorkflow,
  redo,
  save,
  select,
  showRun,
  startRun,
  stopFollowing,
  undo,
  useEditor,
} from '../state/editor-store.js';
import { backToLatest, resetRunVersion, showRunAsRan } from '../state/run-version.js';
import { DataFilesList } from '../ui/DataFilesList.js';
import { copySelected, duplicateSelected, paste } from '../state/clipboard.js';
import { useDebugHeight } from '../panels/debug-height.js';
import { useWindowHeight } from '../panels/window-height.js';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' ||
      el.tagName === 'TEXTAREA' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable)
  );
}

function Toolbar() {
  const doc = useEditor((s) => s.doc);
  const dirty = useEditor((s) => s.doc !== s.savedDoc || !!s.viewing?.latestDirty);
  const viewing = useEditor((s) => s.viewing);
  const version = useEditor((s) => s.viewing?.version ?? s.version);
  const saving = useEditor((s) => s.saving);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const debugOpen = useEditor((s) => s.debugOpen);
  const running = useEditor((s) => s.run?.status === 'running' || s.run?.status === 'queued');
  return (
    <header className="topbar">
      <a
        href="#/workflows"
        className="brand"
        onClick={(e) => {
          if (dirty && !window.confirm('Leave without saving your changes?')) e.preventDefault();
        }}
      >
        Stepwise
      </a>
      <span className="muted">/</span>
      <input
        className="wf-name"
        aria-label="Workflow name"
        value={doc?.name ?? ''}
        onChange={(e) => edit((d) => ({ ...d, name: e.target.value }))}
      />
      <span className="muted">
        v{version}
        {viewing ? ' · as the run ran it (read-only)' : ''}
        {dirty ? ' · unsaved changes' : ''}
      </span>
      <span className="spacer" />
      <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={() => void save()} disabled={saving || !dirty}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" onClick={() => editorStore.set({ debugOpen: !debugOpen })}>
        {debugOpen ? 'Hide debug' : 'Debug'}
      </button>
      <button
        type="button"
        className="primary"
        onClick={() => void startRun()}
        disabled={running || !!viewing}
        title={viewing ? 'Back to the latest version to run it' : undefined}
      >
        {running ? 'Running…' : 'Run'}
      </button>
    </header>
  );
}

function Banners() {
  const conflict = useEditor((s) => s.conflict);
  const notice = useEditor((s) => s.notice);
  const workflowProblems = useEditor((s) => s.workflowProblems);
  const stepProblemCount = useEditor((s) => s.stepIssues.size);
  const workflowId = useEditor((s) => s.workflowId);
  const viewing = useEditor((s) => s.viewing);
  const latest = useEditor((s) => s.version);
  return (
    <div className="banners">
      {viewing && (
        <div className="banner info" role="status" data-testid="viewing-version">
          You are looking at version {viewing.version}, the version this run ran (the latest is{' '}
          {latest}
          {viewing.latestDirty ? ', with unsaved changes' : ''}). It is read-only.
          <button type="button" onClick={() => backToLatest()}>
            Back to the latest version
          </button>
        </div>
      )}
      {conflict && (
        <div className="banner error" role="alert">
          Someone saved a newer version of this workflow. Your changes are not saved.
          <button
            type="button"
            onClick={() => {
              if (workflowId) void loadWorkflow(workflowId);
            }}
          >
            Reload
          </button>
          <button type="button" onClick={() => editorStore.set({ conflict: false })}>
            Keep editing
          </button>
        </div>
      )}
      {notice && (
        <div
          className={`banner ${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          {notice.text}
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => editorStore.set({ notice: null })}
          >
            ×
          </button>
        </div>
      )}
      {(workflowProblems.length > 0 || stepProblemCount > 0) && (
        <div className="banner warn" role="status" data-testid="problems">
          {stepProblemCount > 0 && (
            <span>
              {stepProblemCount} step{stepProblemCount > 1 ? 's have' : ' has'} problems (marked ⚠
              on the canvas).{' '}
            </span>
          )}
          {workflowProblems.map((p) => (
            <span key={p}>{p}. </span>
          ))}
        </div>
      )}
    </div>
  );
}

export function BuilderPage({ workflowId, runId }: { workflowId: string; runId?: string }) {
  const doc = useEditor((s) => (s.workflowId === workflowId ? s.doc : null));
  const debugOpen = useEditor((s) => s.debugOpen);
  const readOnly = useEditor((s) => !!s.viewing);
  const debugHeight = useDebugHeight(useWindowHeight());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    resetRunVersion();
    loadWorkflow(workflowId)
      .then(async () => {
        // A run's link (#/workflows/<id>/runs/<runId>) opens it on the version it ran.
        if (runId) return showRunAsRan(runId);
        // Show the last run's data (canvas marks and the picker's samples) without opening the panel.
        const last = editorStore.get().runs[0];
        if (last) await showRun(last.id, false);
      })
      .catch((err: Error) => setError(err.message));
    return stopFollowing;
  }, [workflowId, runId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) redo();
        else undo();
      } else if (mod && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        redo();
      } else if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      } else if (mod && !event.shiftKey && event.key.toLowerCase() === 'c') {
        // Only when no text is selected on the page: then Ctrl+C copies that text.
        if (!window.getSelection()?.toString() && copySelected()) event.preventDefault();
      } else if (mod && !event.shiftKey && event.key.toLowerCase() === 'v') {
        if (paste()) event.preventDefault();
      } else if (mod && !event.shiftKey && event.key.toLowerCase() === 'd') {
        // Also keeps the browser from bookmarking the page.
        event.preventDefault();
        duplicateSelected();
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        const { selected } = editorStore.get();
        if (selected && selected !== TRIGGER_NODE_ID) {
          edit((d) => deleteStep(d, selected));
          select(null);
        }
      }
    };
    // Closing the tab with unsaved changes asks first.
    const onUnload = (event: BeforeUnloadEvent) => {
      const { doc, savedDoc } = editorStore.get();
      if (doc !== savedDoc) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, []);

  if (error)
    return (
      <div className="loading error">
        Could not open this workflow: {error} <a href="#/workflows">Back to the list</a>
      </div>
    );
  if (!doc) return <div className="loading">Loading the workflow…</div>;
  return (
    <div
      className={`page builder${debugOpen ? ' with-debug' : ''}${readOnly ? ' read-only' : ''}`}
      // The debug panel's height is the person's (dragged, remembered); the canvas takes the rest.
      style={
        debugOpen ? { gridTemplateRows: `auto auto minmax(0, 1fr) ${debugHeight}px` } : undefined
      }
    >
      <Toolbar />
      <Banners />
      <div className="builder-main">
        <ConnectorsPanel />
        <FlowCanvas doc={doc} />
        <PropertiesPanel />
      </div>
      {debugOpen && <DebugPanel />}
      <DataFilesList />
    </div>
  );
}
