import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { TriggerNode as TriggerNodeType } from '../../graph/types.js';
import { describeTrigger } from '../../graph/describe-trigger.js';
import { useEditor } from '../../state/editor-store.js';

export const TriggerNode = memo(function TriggerNode({ data }: NodeProps<TriggerNodeType>) {
  const selected = useEditor((s) => s.selected === '__trigger');
  return (
    <div className={`trigger-node${selected ? ' selected' : ''}`} data-testid="trigger">
      <div className="step-line">
        <span className="step-icon kind-trigger">T</span>
        <span className="step-title">Trigger</span>
      </div>
      <div className="step-sub">{describeTrigger(data.header.trigger)}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
