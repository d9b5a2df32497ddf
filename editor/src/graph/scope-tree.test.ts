import { describe, expect, it } from 'vitest';
import { tutorialDoc } from './fixtures.test-data.js';
import { appendKey, modeOf, parsePath } from './json-path.js';
import { scopeTree, type JsonSchema } from './scope-tree.js';
import type { Step } from './types.js';

const searchOutput: JsonSchema = {
  type: 'object',
  properties: {
    total_hits: { type: 'number' },
    hits: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, display_name: { type: 'string' } },
      },
    },
  },
};
const schemaOf = (step: Step) =>
  'operation' in step && step.operation === 'search_data_raw' ? searchOutput : undefined;

describe('scopeTree', () => {
  it('shows the earlier step from its output schema and the loop item from the list it loops over', () => {
    const groups = scopeTree(tutorialDoc(), 'slack-1', { outputs: new Map(), schemaOf });
    expect(groups.map((g) => g.stepId)).toEqual(['$config', 'totango-1', 'loop-1']);
    const totango = groups[1];
    expect(totango.fromRun).toBe(false);
    expect(totango.items.map((i) => i.path)).toEqual([
      '$.steps.totango-1.total_hits',
      '$.steps.totango-1.hits',
    ]);
    const value = groups[2].items[0];
    expect(value.children.map((c) => c.path)).toEqual([
      '$.steps.loop-1.value.name',
      '$.steps.loop-1.value.display_name',
    ]);
    expect(groups[2].items[1].path).toBe('$.steps.loop-1.index');
  });

  it("prefers the last run's output, with sample values, over the schema", () => {
    const outputs = new Map<string, unknown>([
      ['totango-1', { total_hits: 2, hits: [{ 'display name': 'Initech', id: 7 }] }],
    ]);
    const groups = scopeTree(tutorialDoc(), 'slack-1', {
      outputs,
      schemaOf,
      trigger: { who: 'me' },
    });
    expect(groups[0]).toMatchObject({ stepId: '$trigger', fromRun: true });
    expect(groups[0].items.map((i) => [i.path, i.preview])).toEqual([['$.trigger.who', '"me"']]);
    expect(groups[2].fromRun).toBe(true);
    expect(groups[2].items[0]).toMatchObject({
      path: '$.steps.totango-1.total_hits',
      preview: '2',
    });
    const value = groups[3].items[0];
    expect(value.children.map((c) => [c.path, c.preview])).toEqual([
      ["$.steps.loop-1.value['display name']", '"Initech"'],
      ['$.steps.loop-1.value.id', '7'],
    ]);
  });

  it("offers a webhook trigger's body, query and headers before any run", () => {
    const doc = { ...tutorialDoc(), trigger: { type: 'webhook' as const } };
    const groups = scopeTree(doc, 'totango-1', { outputs: new Map(), schemaOf });
    expect(groups[0].items.map((i) => i.path)).toEqual([
      '$.trigger.body',
      '$.trigger.query',
      '$.trigger.headers',
    ]);
  });
});

describe('json paths', () => {
  it('writes dotted keys when it can and brackets when it must, and reads them back', () => {
    const path = appendKey(appendKey(appendKey('$.steps.totango-1', 'hits'), 0), "it's");
    expect(path).toBe("$.steps.totango-1.hits[0]['it\\'s']");
    expect(parsePath(path)).toEqual(['steps', 'totango-1', 'hits', 0, "it's"]);
    expect(parsePath('$..hits')).toBeNull();
  });

  it('tells a JSONPath reference, text with mappings and a plain value apart', () => {
    expect(modeOf({ $jsonpath: '$.steps.a' })).toBe('jsonpath');
    expect(modeOf('Hi {$.steps.loop-1.value.name}')).toBe('text');
    expect(modeOf('Hi \\{$.not}')).toBe('value');
    expect(modeOf(42)).toBe('value');
  });
});
