import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { TriggerNode as TriggerNodeType } from '../../graph/types.js';
import { useEditor } from '../../state/editor-store.js';

export function describeTrigger(trigger: TriggerNodeType['data']['header']['trigger']): string {
  if (trigger.type === 'schedule') {
    const s = trigger.schedule as Record<string, unknown>;
    if ('cron' in s) return `Schedule · cron ${String(s.cron)} (${String(s.timezone ?? 'UTC')})`;
    const at = s.at ? ` at ${String(s.at)}` : '';
    const every = s.every === 'minutes' ? `every ${String(s.interval)} minutes` : `${String(s.every)}${at}`;
    return `Schedule · ${every} (${String(s.timezone ?? 'UTC')})`;
  }
  return trigger.type === 'manual' ? 'Manual · the Run button' : trigger.type === 'webhook' ? 'Webhook · an HTTP call' : 'Callable · another workflow';
}

export const TriggerNode = memo(function TriggerNode({ data }: NodeProps<TriggerNodeType>) {
  const selected = useEditor((s) => s.selected === '__trigger');
  return (
    <div className={`trigger-node${selected ? ' selected' : ''}`} data-testid="trigger">
      <div className="step-line"><span className="step-icon kind-trigger">T</span><span className="step-title">Trigger</span></div>
      <div className="step-sub">{describeTrigger(data.header.trigger)}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
