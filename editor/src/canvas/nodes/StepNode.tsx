import { memo, type DragEvent } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { ContainerNode, StepData, StepNode as StepNodeType } from '../../graph/types.js';
import { useEditor } from '../../state/editor-store.js';
import { KIND_TITLES } from '../../panels/step-forms.js';
import { MOVE_STEP_TYPE } from '../drag.js';
import { StepSummary } from './step-summary.js';

function StepHeader({ data }: { data: StepData }) {
  const { stepId, kind, step } = data;
  const connector = useEditor((s) =>
    'connector' in step ? s.connectors.find((c) => c.name === step.connector) : undefined,
  );
  const state = useEditor((s) => s.stepStates.get(stepId));
  const issues = useEditor((s) => s.stepIssues.get(stepId));
  const problems = issues?.map((issue) =>
    issue.field ? `${issue.field}: ${issue.message}` : issue.message,
  );
  const operation =
    'operation' in step
      ? (connector?.operations.find((o) => o.name === step.operation)?.title ?? step.operation)
      : '';
  const title =
    kind === 'connector'
      ? (connector?.title ?? ('connector' in step ? step.connector : ''))
      : KIND_TITLES[kind];
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(MOVE_STEP_TYPE, stepId);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <div className="step-header">
      <div className="step-line">
        <span
          className="drag-handle nodrag nopan"
          draggable
          onDragStart={onDragStart}
          title="Drag to move this step"
          aria-label={`Move ${stepId}`}
        >
          ⠿
        </span>
        <span className={`step-icon kind-${kind}`}>{title.slice(0, 1).toUpperCase()}</span>
        <span className="step-title">{step.name ?? title}</span>
        {state?.status === 'running' ? (
          <span
            className="status status-running"
            role="status"
            aria-label={`${stepId} is running`}
            data-testid={`running-${stepId}`}
          >
            <span className="spinner" aria-hidden="true" />
            Running…
          </span>
        ) : (
          state && (
            <span className={`status status-${state.status}`} title={state.status}>
              {state.status === 'ok' ? '✓' : state.status === 'error' ? '!' : '·'}
            </span>
          )
        )}
      </div>
      <div className="step-sub">
        <code>{stepId}</code>
        {operation && <span> · {operation}</span>}
        <StepSummary step={step} />
      </div>
      {state?.status === 'error' && state.message && (
        <div className="step-error" role="note">
          {state.message}
        </div>
      )}
      {problems && problems.length > 0 && (
        <div className="step-problems" title={problems.join('\n')}>
          ⚠ {problems.length === 1 ? problems[0] : `${problems.length} problems`}
        </div>
      )}
    </div>
  );
}

function useClasses(data: StepData, base: string): string {
  const selected = useEditor((s) => s.selected === data.stepId);
  const status = useEditor((s) => s.stepStates.get(data.stepId)?.status);
  const hasProblems = useEditor((s) => s.stepIssues.has(data.stepId));
  return `${base}${selected ? ' selected' : ''}${status ? ` run-${status}` : ''}${hasProblems ? ' has-problems' : ''}`;
}

export const StepNode = memo(function StepNode({ data }: NodeProps<StepNodeType>) {
  const classes = useClasses(data, 'step-node');
  return (
    <div className={classes} data-testid={`step-${data.stepId}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <StepHeader data={data} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

/** A loop, a boolean or a step with an error branch: a header and lanes for the nested steps. */
export const ContainerStepNode = memo(function ContainerStepNode({
  data,
}: NodeProps<ContainerNode>) {
  const classes = useClasses(data, `container-node kind-${data.kind}`);
  return (
    <div className={classes} data-testid={`step-${data.stepId}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <StepHeader data={data} />
      {data.lanes.map((lane) => (
        <div
          key={lane.branch}
          className={`lane lane-${lane.branch.replace(/\./g, '-')}`}
          style={{ left: lane.x, top: lane.y, width: lane.width, height: lane.height }}
        >
          <span className="lane-title">{lane.title}</span>
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
