// The Tray tutorial workflow (WORKFLOW-FORMAT.md's example) plus a boolean, used by the graph tests.
import type { Workflow } from './types.js';

export function tutorialDoc(): Workflow {
  return {
    name: 'Accounts to Slack',
    trigger: { type: 'manual' },
    config: { channel: '#cs-alerts' },
    steps: [
      {
        id: 'totango-1',
        connector: 'totango',
        operation: 'search_data_raw',
        auth: 'auth_7f3a',
        input: { data: 'accounts', query: { terms: [] } },
      },
      {
        id: 'loop-1',
        type: 'loop',
        mode: 'list',
        input: { list: { $jsonpath: '$.steps.totango-1.hits' } },
        steps: [
          {
            id: 'slack-1',
            connector: 'slack',
            operation: 'send_message',
            input: { channel: '#a', text: 'Account {$.steps.loop-1.value.display_name}' },
          },
          {
            id: 'boolean-1',
            type: 'boolean',
            input: { conditions: [{ left: 1, op: 'equals', right: 1 }], match: 'all' },
            true: [{ id: 'slack-2', connector: 'slack', operation: 'send_message', input: {} }],
            false: [],
          },
        ],
      },
      { id: 'slack-3', connector: 'slack', operation: 'send_message', input: {} },
    ],
  } as Workflow;
}
