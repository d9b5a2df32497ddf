// What the connectors panel offers, grouped and searchable: the flow-control steps, the core
// connectors ("Helpers": storage, mapper, script, text, date, list, object) and the services
// (Totango, Slack, …). Search matches connector names and also each operation's name and
// description, word by word ("sort", "add days"), so a person finds the operation, not only
// its connector. Pure: the unit tests run it in Node.
import type { StepKind } from '../../../engine/model/step-kinds.js';
import type { ConnectorInfo } from '../api/client.js';
import type { NewStepItem } from '../canvas/drag.js';

export interface PanelItem {
  key: string;
  title: string;
  hint: string;
  item: NewStepItem;
  /** An operation found by search: the connector it belongs to. */
  connectorTitle?: string;
}

export interface PanelGroup {
  key: 'flow' | 'helpers' | 'services';
  title: string;
  items: PanelItem[];
}

/** The core connectors (connectors/core, CORE_CONNECTOR_IDS): listed under "Helpers". */
export const HELPER_CONNECTORS: ReadonlySet<string> = new Set([
  'storage',
  'mapper',
  'script',
  'text',
  'date',
  'list',
  'object',
]);

/** Every control step kind, in the panel's order (a Record: a new kind must be offered). */
const FLOW: Record<Exclude<StepKind, 'connector'>, { title: string; hint: string }> = {
  loop: { title: 'Loop collection', hint: 'Run steps once for each item of a list or object' },
  boolean: { title: 'Boolean condition', hint: 'Take the True or the False branch' },
  branch: { title: 'Branch', hint: 'Take one of several paths by a value (gold, silver, …)' },
  break: { title: 'Break', hint: 'End a loop early' },
  delay: { title: 'Delay', hint: 'Wait a while, or until a time (up to 30 days)' },
  call: { title: 'Call workflow', hint: 'Run another workflow and use its answer' },
  respond: { title: 'Respond', hint: 'Answer the calling workflow or the webhook' },
  terminate: { title: 'Terminate', hint: 'End the run here, as succeeded or failed' },
};

const flowItems = (): PanelItem[] =>
  (Object.keys(FLOW) as (keyof typeof FLOW)[]).map((kind) => ({
    key: kind,
    ...FLOW[kind],
    item: { kind },
  }));

const connectorItem = (c: ConnectorInfo): PanelItem => ({
  key: c.name,
  title: c.title,
  hint: `${c.operations.length} operation${c.operations.length === 1 ? '' : 's'}`,
  item: { kind: 'connector', connector: c.name, operation: c.operations[0]?.name ?? '' },
});

export function isHelper(c: ConnectorInfo): boolean {
  return (c as { group?: string }).group === 'helpers' || HELPER_CONNECTORS.has(c.name);
}

/** Every word of the query appears in the text (case-insensitive). */
function matches(words: string[], ...texts: (string | undefined)[]): boolean {
  const text = texts.filter(Boolean).join(' ').toLowerCase().replace(/_/g, ' ');
  return words.every((w) => text.includes(w));
}

/**
 * The panel's groups for a query: without one, every control step, helper and service; with
 * one, the entries whose name or hint matches, then the operations that match (each one adds
 * a step with that operation chosen), in the group of their connector.
 */
export function panelGroups(connectors: ConnectorInfo[], query: string): PanelGroup[] {
  const words = query.trim().toLowerCase().replace(/_/g, ' ').split(/\s+/).filter(Boolean);
  const groupOf = (helpers: boolean): PanelItem[] => {
    const out: PanelItem[] = [];
    for (const c of connectors.filter((x) => isHelper(x) === helpers)) {
      if (!words.length || matches(words, c.title, c.name)) {
        out.push(connectorItem(c));
        continue;
      }
      for (const op of c.operations) {
        if (!matches(words, op.name, op.title, op.description)) continue;
        out.push({
          key: `${c.name}.${op.name}`,
          title: op.title,
          connectorTitle: c.title,
          hint: op.description ?? '',
          item: { kind: 'connector', connector: c.name, operation: op.name },
        });
      }
    }
    return out;
  };
  const flow = flowItems().filter((i) => !words.length || matches(words, i.title, i.key, i.hint));
  const groups: PanelGroup[] = [
    { key: 'flow', title: 'Flow', items: flow },
    { key: 'helpers', title: 'Helpers', items: groupOf(true) },
    { key: 'services', title: 'Services', items: groupOf(false) },
  ];
  return groups.filter((g) => g.items.length > 0);
}
