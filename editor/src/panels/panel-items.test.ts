import { describe, expect, it } from 'vitest';
import type { ConnectorInfo } from '../api/client.js';
import { panelGroups } from './panel-items.js';

const op = (name: string, title: string, description: string) => ({
  name,
  title,
  description,
  readOnly: false,
  input: {},
  output: {},
});
const connectors: ConnectorInfo[] = [
  {
    name: 'list',
    title: 'List',
    description: '',
    auth: null,
    operations: [
      op('sort', 'Sort', 'Sort a list by a field, ascending or descending'),
      op('unique', 'Unique', 'Keep one of each item'),
    ],
  },
  {
    name: 'date',
    title: 'Date',
    description: '',
    auth: null,
    operations: [
      op('add', 'Add', 'Add an amount of minutes, hours, days, weeks, months or years to a date'),
      op('format', 'Format', 'Write a date as text'),
    ],
  },
  {
    name: 'slack',
    title: 'Slack',
    description: '',
    auth: { kind: 'token', title: 'Bot token', optional: false, fields: {} },
    operations: [op('send_message', 'Send message', 'Post a message to a channel')],
  },
];

describe('the connectors panel', () => {
  it('groups flow steps, helpers and services', () => {
    const groups = panelGroups(connectors, '');
    expect(groups.map((g) => [g.title, g.items.map((i) => i.key)])).toEqual([
      ['Flow', ['loop', 'boolean', 'branch', 'break', 'delay', 'call', 'respond', 'terminate']],
      ['Helpers', ['list', 'date']],
      ['Services', ['slack']],
    ]);
  });

  it('finds operations by name and description, word by word', () => {
    const sort = panelGroups(connectors, 'sort');
    expect(sort).toEqual([
      {
        key: 'helpers',
        title: 'Helpers',
        items: [
          expect.objectContaining({
            key: 'list.sort',
            connectorTitle: 'List',
            item: { kind: 'connector', connector: 'list', operation: 'sort' },
          }),
        ],
      },
    ]);
    const addDays = panelGroups(connectors, 'add days');
    expect(addDays.flatMap((g) => g.items.map((i) => i.key))).toEqual(['date.add']);
    expect(
      panelGroups(connectors, 'send message').flatMap((g) => g.items.map((i) => i.key)),
    ).toEqual(['slack.send_message']);
    // A connector's own name still finds the connector; a control step by its hint.
    expect(panelGroups(connectors, 'slack')[0].items[0].key).toBe('slack');
    expect(panelGroups(connectors, 'wait')[0].items.map((i) => i.key)).toEqual(['delay']);
    expect(panelGroups(connectors, 'nothing like this')).toEqual([]);
  });
});
